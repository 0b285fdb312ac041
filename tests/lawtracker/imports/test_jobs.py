"""The admin's import: the request stores the file and queues it, the worker checks it
(the preview) and, once confirmed, imports it, whole or not at all."""

import datetime
import os
import subprocess
import threading
import time
from pathlib import Path
from unittest import mock, skipUnless

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enforcement.models import Case
from lawtracker.imports import jobs as import_jobs
from lawtracker.imports.jobs import note_progress
from lawtracker.models import ImportJob, ImportRecord
from tests.factories import fingerprint_of, make_case, make_user, region

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
IMPORTS = Path(settings.STORAGES["imports"]["OPTIONS"]["location"])


def upload(text: str, name: str = "cases.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def run_worker() -> None:
    """What `manage.py db_worker` does in production: run every queued job, then stop.
    (It would also close the database connection between jobs, which here is the test's
    own, inside its transaction: on PostgreSQL that ends the test.)"""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


class ImportJobTests(TestCase):
    def setUp(self):
        self.user = make_user("associate")
        self.client.force_login(self.user)

    def post_file(self, text: str, **data):
        file = data.pop("file", None) or upload(text)
        return self.client.post(
            reverse("admin:enforcement_case_import"), {"import_file": file, **data}
        )

    def job_page(self, job: ImportJob):
        return self.client.get(reverse("admin:lawtracker_importjob_change", args=[job.pk]))

    def confirm(self, job: ImportJob):
        return self.client.post(
            reverse("admin:lawtracker_importjob_change", args=[job.pk]), {"action": "confirm"}
        )

    def test_the_upload_only_stores_and_queues_the_file_however_long(self):
        rows = "".join(f"2020.01,北京,第{n}家公司,网安部门,事实,警告\n" for n in range(300))
        counts = []
        for text in (HEADER + rows[:40], HEADER + rows):
            with CaptureQueriesContext(connection) as queries:
                response = self.post_file(text)
            self.assertEqual(response.status_code, 302)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])  # no row is read in the request
        job = ImportJob.objects.first()
        self.assertRedirects(response, reverse("admin:lawtracker_importjob_change", args=[job.pk]))
        self.assertEqual(job.state, "checking")
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 2)
        self.assertEqual(Case.objects.count(), 0)
        # The file waits in storage beside the database that every process shares.
        self.assertTrue((IMPORTS / job.stored_name).exists())
        self.assertContains(self.job_page(job), "正在检查")

    def test_preview_then_confirm_imports_the_file(self):
        self.post_file(
            HEADER + "2020.01,湖南长沙,预览测试公司,岳麓分局,事实,公司罚款 1 万元\n",
            family="public_security",
        )
        job = ImportJob.objects.get()
        self.assertEqual(job.options, {"family": "public_security"})
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.state, "ready")
        self.assertEqual(Case.objects.count(), 0)  # the check writes nothing
        page = self.job_page(job)
        self.assertContains(page, "预览测试公司")
        self.assertContains(page, "公安")  # the whole file's family
        self.assertContains(page, 'value="confirm"')

        self.assertEqual(self.confirm(job).status_code, 302)
        self.assertEqual(Case.objects.count(), 0)  # the import, too, is the worker's
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.state, "imported")
        self.assertEqual((job.records_created, job.records_updated, job.problems), (1, 0, 0))
        case = Case.objects.get()
        self.assertEqual(case.family, "public_security")
        self.assertEqual(case.authorities.get().family, "public_security")
        self.assertEqual(case.penalties.get().amount, 10000)
        self.assertEqual(job.record, ImportRecord.objects.get())
        self.assertEqual(job.record.user, self.user)
        record = case.history.get()  # one row for the whole write, made by the job's user
        self.assertEqual((record.history_type, record.history_user), ("+", self.user))
        self.assertIn("cases.csv", record.history_change_reason)
        self.assertContains(self.job_page(job), "已导入")

    def test_a_bad_file_lists_each_bad_row_and_offers_no_confirm(self):
        self.post_file(
            HEADER
            + "2020.02.30,北京,甲公司,网安部门,事实,警告\n2020.01,北京,,网安部门,事实,警告\n"
        )
        run_worker()
        job = ImportJob.objects.get()
        self.assertEqual(job.state, "rejected")
        self.assertEqual([e["line"] for e in job.preview["errors"]], [2, 3])
        page = self.job_page(job)
        self.assertContains(page, "2020.02.30")
        self.assertContains(page, "被处罚主体")
        self.assertNotContains(page, 'value="confirm"')
        self.assertEqual(self.confirm(job).status_code, 302)
        self.assertEqual(ImportJob.objects.get().state, "rejected")
        self.assertEqual(Case.objects.count(), 0)

    def test_a_preview_says_what_an_update_changes(self):
        case = make_case(
            subject="更新测试公司",
            agency_text="网安部门",
            region_text="北京",
            province=region("北京"),
            decided_text="2020.01",
            decided_on=datetime.date(2020, 1, 1),
            decided_precision="month",
            facts="事实",
            penalty_text="警告",
        )
        case.fingerprint = fingerprint_of(case)
        case.save()
        self.post_file(HEADER + "2020.01,北京,更新测试公司,网安部门,事实,罚款 5 千元\n")
        run_worker()
        job = ImportJob.objects.get()
        self.assertEqual((job.preview["updated"], job.preview["would"]["updated"]), (0, 1))
        changed = job.preview["changed_rows"][0]
        self.assertEqual(changed["line"], 2)
        self.assertEqual(
            changed["changes"], [{"column": "处罚结果", "before": "警告", "after": "罚款 5 千元"}]
        )
        page = self.job_page(job)
        self.assertContains(page, "<del>警告</del>", html=True)
        self.assertContains(page, "<ins>罚款 5 千元</ins>", html=True)

    def test_a_probable_match_waits_until_similar_cases_are_allowed(self):
        make_case(
            subject="三河某燃气有限公司",
            agency_text="公安局",
            decided_text="2020.08.13",
            decided_on=datetime.date(2020, 8, 13),
        )
        self.post_file(HEADER + "2020.08,河北廊坊,三河某燃气有限公司,公安局,另一份材料,警告\n")
        run_worker()
        held = ImportJob.objects.get()
        self.assertEqual(held.state, "rejected")
        self.assertEqual(held.preview["needs_review"], 1)
        page = self.job_page(held)
        self.assertContains(page, "可能与第")
        self.assertContains(page, 'value="allow_held_rows"')

        response = self.client.post(
            reverse("admin:lawtracker_importjob_change", args=[held.pk]),
            {"action": "allow_held_rows"},
        )
        allowed = ImportJob.objects.exclude(pk=held.pk).get()
        self.assertRedirects(
            response, reverse("admin:lawtracker_importjob_change", args=[allowed.pk])
        )
        self.assertEqual(allowed.options, {"allow_similar": True})
        self.assertEqual(allowed.stored_name, held.stored_name)
        run_worker()
        allowed.refresh_from_db()
        self.assertEqual(allowed.state, "ready")
        self.confirm(allowed)
        run_worker()
        self.assertEqual(Case.objects.filter(subject="三河某燃气有限公司").count(), 2)

    def test_an_import_that_no_longer_fits_writes_nothing(self):
        text = (
            HEADER
            + "2020.08,河北廊坊,某燃气公司,公安局,材料,警告\n2020.09,北京,乙公司,网安部门,事实,警告\n"
        )
        self.post_file(text)
        run_worker()
        job = ImportJob.objects.get()
        self.assertEqual(job.state, "ready")
        # Between check and confirm, someone adds the case the first row resembles.
        make_case(
            subject="某燃气公司",
            agency_text="公安局",
            decided_text="2020.08.13",
            decided_on=datetime.date(2020, 8, 13),
        )
        self.confirm(job)
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.result["errors"][0]["line"], 2)
        self.assertFalse(Case.objects.filter(subject="乙公司").exists())
        self.assertFalse(ImportRecord.objects.exists())
        self.assertContains(self.job_page(job), "未导入任何内容")

    def test_a_gb18030_file_from_chinese_excel_is_read(self):
        text = HEADER + "2020.01,北京,国标编码公司,网安部门,事实,警告\n"
        self.post_file("", file=upload(text, "gbk.csv", "gb18030"))
        run_worker()
        job = ImportJob.objects.get()
        self.assertEqual(job.state, "ready")
        self.assertContains(self.job_page(job), "国标编码公司")

    def test_html_in_a_cell_shows_as_text_in_the_preview(self):
        self.post_file(HEADER + "2020.01,北京,<script>alert(1)</script>公司,网安部门,事实,警告\n")
        run_worker()
        page = self.job_page(ImportJob.objects.get())
        self.assertNotContains(page, "<script>alert(1)</script>")
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;公司")

    def test_a_binary_renamed_csv_is_rejected_with_a_plain_reason(self):
        self.post_file("", file=SimpleUploadedFile("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00"))
        run_worker()
        job = ImportJob.objects.get()
        self.assertEqual(job.state, "rejected")
        self.assertContains(self.job_page(job), "二进制")

    def test_only_the_uploader_confirms_or_drops_a_job(self):
        self.post_file(HEADER + "2020.01,北京,他人公司,网安部门,事实,警告\n")
        run_worker()
        job = ImportJob.objects.get()
        self.client.force_login(make_user("associate", username="another"))
        self.assertNotContains(self.job_page(job), 'value="confirm"')
        self.assertEqual(self.confirm(job).status_code, 403)
        self.client.force_login(make_user("partner"))
        self.assertEqual(self.confirm(job).status_code, 403)
        job.refresh_from_db()
        self.assertEqual(job.state, "ready")

    def test_a_dropped_job_cannot_be_imported(self):
        self.post_file(HEADER + "2020.01,北京,放弃公司,网安部门,事实,警告\n")
        run_worker()
        job = ImportJob.objects.get()
        self.client.post(
            reverse("admin:lawtracker_importjob_change", args=[job.pk]), {"action": "cancel"}
        )
        job.refresh_from_db()
        self.assertEqual(job.state, "cancelled")
        self.confirm(job)
        run_worker()
        self.assertFalse(Case.objects.exists())

    def test_the_page_of_a_job_in_progress_refreshes_itself_and_shows_progress(self):
        self.post_file(HEADER + "2020.01,北京,进度公司,网安部门,事实,警告\n")
        page = self.job_page(ImportJob.objects.get())
        self.assertContains(page, 'http-equiv="refresh"')
        run_worker()
        self.assertNotContains(self.job_page(ImportJob.objects.get()), 'http-equiv="refresh"')

    def test_instrument_and_campaign_files_import_through_jobs_too(self):
        instruments = "名称,发布时间,生效时间\n《作业测试办法》,2021.01.05,2021.03.01\n"
        self.client.post(
            reverse("admin:instruments_instrument_import"),
            {"import_file": upload(instruments, "i.csv"), "level": "departmental_rule"},
        )
        campaigns = "序号,时间,监管重点\n1,2021.04,作业测试专项\n"
        self.client.post(
            reverse("admin:enforcement_campaign_import"),
            {"import_file": upload(campaigns, "c.csv"), "family": "miit"},
        )
        run_worker()
        for job in ImportJob.objects.all():
            self.assertEqual(job.state, "ready", job.preview)
            self.confirm(job)
        run_worker()
        self.assertEqual(
            sorted(ImportJob.objects.values_list("state", flat=True)), ["imported", "imported"]
        )

    def test_the_job_list_and_page_are_read_only_for_partners(self):
        self.post_file(HEADER + "2020.01,北京,列表公司,网安部门,事实,警告\n")
        self.client.force_login(make_user("partner"))
        response = self.client.get(reverse("admin:lawtracker_importjob_changelist"))
        self.assertContains(response, "cases.csv")


class JobProgressTests(TestCase):
    def setUp(self):
        self.user = make_user("associate")
        self.client.force_login(self.user)
        self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": upload(HEADER + "2020.01,北京,进度公司,网安部门,事实,警告\n")},
        )
        self.job = ImportJob.objects.get()
        self.url = reverse("admin:lawtracker_importjob_change", args=[self.job.pk])

    def test_a_running_job_shows_its_rows_done_and_in_all(self):
        note_progress(self.job, done=1200, total=20000)
        page = self.client.get(self.url)
        self.assertContains(page, 'max="20000" value="1200"')
        self.assertContains(page, "已处理 1200 / 20000 行")

    def test_a_job_whose_worker_stopped_says_so_and_may_be_dropped(self):
        with mock.patch("lawtracker.imports.jobs.time.time", return_value=time.time() + 3600):
            page = self.client.get(self.url)
            self.assertContains(page, "manage.py worker")
            self.assertNotContains(page, 'http-equiv="refresh"')
            self.client.post(self.url, {"action": "cancel"})
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "cancelled")
        run_worker()  # the queued check finds the job dropped and does nothing
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "cancelled")
        self.assertIsNone(self.job.preview)

    def test_a_job_being_worked_on_cannot_be_dropped(self):
        note_progress(self.job, done=10, total=100)
        self.client.post(self.url, {"action": "cancel"})
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "checking")

    def test_an_unexpected_error_fails_the_job_and_writes_nothing(self):
        with mock.patch("lawtracker.imports.jobs.import_file", side_effect=RuntimeError("boom")):
            run_worker()
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "failed")
        self.assertIn("服务器日志", self.job.result["errors"][0]["reason"])
        self.assertEqual(DBTaskResult.objects.get().status, "FAILED")
        self.assertFalse(Case.objects.exists())
        self.assertContains(self.client.get(self.url), "服务器日志")

    def test_a_long_preview_lists_its_first_rows_and_counts_them_all(self):
        rows = "".join(f"2020.01,北京,第{n}家公司,网安部门,事实,警告\n" for n in range(5))
        self.client.post(
            reverse("admin:enforcement_case_import"), {"import_file": upload(HEADER + rows)}
        )
        with mock.patch("lawtracker.imports.run.DETAIL_ROWS", 3):
            run_worker()
        job = ImportJob.objects.get(file_name="cases.csv", preview__would__created=5)
        self.assertEqual(len(job.preview["new_rows"]), 3)
        page = self.client.get(reverse("admin:lawtracker_importjob_change", args=[job.pk]))
        self.assertContains(page, "5 行将新增记录")
        self.assertContains(page, "仅列出前 3 行")

    def test_reports_speak_the_uploaders_language(self):
        self.client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
        self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": upload(HEADER + "2020.02.30,北京,甲公司,网安部门,事实,警告\n")},
        )
        english = ImportJob.objects.get(language="en")
        run_worker()
        english.refresh_from_db()
        self.assertNotRegex(english.preview["errors"][0]["reason"], "[\u4e00-\u9fff]{4}")


class QueueTests(TestCase):
    def test_a_job_queued_behind_a_busy_worker_is_not_taken_for_stalled(self):
        from lawtracker.imports.jobs import job_stalled

        self.client.force_login(make_user("associate"))
        self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": upload(HEADER + "2020.01,北京,排队公司,网安部门,事实,警告\n")},
        )
        waiting = ImportJob.objects.get()
        later = time.time() + 3600
        with mock.patch("lawtracker.imports.jobs.time.time", return_value=later):
            self.assertTrue(job_stalled(waiting))  # nothing has moved for an hour
            other = ImportJob.objects.create(kind="cases", user=waiting.user, stored_name="x")
            note_progress(other, done=5000, total=20000)  # the worker is on another file
            self.assertFalse(job_stalled(waiting))


class ReviewFindingsTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("associate"))

    def post(self, text: str, name: str = "cases.csv"):
        return self.client.post(
            reverse("admin:enforcement_case_import"), {"import_file": upload(text, name)}
        )

    def test_a_job_dropped_while_it_was_checked_stays_dropped(self):
        self.post(HEADER + "2020.01,北京,放弃中公司,网安部门,事实,警告\n")
        job = ImportJob.objects.get()
        real = import_jobs.import_file

        def dropped_meanwhile(**kwargs):
            ImportJob.objects.filter(pk=job.pk).update(state="cancelled")
            return real(**kwargs)

        with mock.patch("lawtracker.imports.jobs.import_file", side_effect=dropped_meanwhile):
            run_worker()
        job.refresh_from_db()
        self.assertEqual((job.state, job.preview), ("cancelled", None))

    def test_a_file_name_too_long_for_the_disk_is_kept_under_a_name_of_our_own(self):
        name = "二〇二一年各地通信管理局公布的违规收集使用个人信息应用程序名单" * 4 + ".csv"
        self.assertGreater(len(name.encode()), 255)
        self.post(HEADER + "2020.01,北京,长名公司,网安部门,事实,警告\n", name=name)
        job = ImportJob.objects.get()
        self.assertEqual(job.file_name, name)
        self.assertTrue(job.stored_name.startswith("jobs/") and job.stored_name.endswith(".csv"))
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.state, "ready")


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    ended = subprocess.Popen(["true"])
    ended.wait()
    return ended.pid


def left_by(job: ImportJob, *, pid: int, started_ago: float = 0) -> None:
    """The state a worker leaves when it dies mid-job: its task claimed ("RUNNING") by a
    worker id naming its process, and the job still checking or importing."""
    started = timezone.now() - datetime.timedelta(seconds=started_ago)
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status="RUNNING", started_at=started, worker_ids=[f"{import_jobs.HOST}:{pid}:abcdefgh"]
    )


@override_settings(LANGUAGE_CODE="en")  # the reasons are checked in their English msgids
class SweepTests(TestCase):
    """A job whose worker died is failed (nothing written) and can be run again; a live
    one is left alone."""

    def setUp(self):
        self.user = make_user("associate")
        self.client.force_login(self.user)
        self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": upload(HEADER + "2020.01,北京,重跑公司,网安部门,事实,警告\n")},
        )
        self.job = ImportJob.objects.get()
        self.url = reverse("admin:lawtracker_importjob_change", args=[self.job.pk])

    def test_an_import_whose_worker_died_is_failed_and_runs_again_to_success(self):
        run_worker()
        self.client.post(self.url, {"action": "confirm"})
        self.job.refresh_from_db()
        left_by(self.job, pid=dead_pid(), started_ago=import_jobs.LOCK_GRACE + 1)
        self.assertEqual(import_jobs.sweep_jobs(), [self.job.pk])
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "failed")
        self.assertIn("nothing was written", self.job.result["errors"][0]["reason"])
        self.assertEqual(DBTaskResult.objects.get(pk=self.job.task_id).status, "FAILED")
        self.assertFalse(Case.objects.exists())
        page = self.client.get(self.url)
        self.assertContains(page, "stopped while importing")
        self.assertContains(page, 'value="run_again"')

        response = self.client.post(self.url, {"action": "run_again"})
        again = ImportJob.objects.exclude(pk=self.job.pk).get()
        self.assertRedirects(
            response, reverse("admin:lawtracker_importjob_change", args=[again.pk])
        )
        self.assertEqual((again.state, again.stored_name), ("checking", self.job.stored_name))
        run_worker()
        self.confirm_and_run(again)
        again.refresh_from_db()
        self.assertEqual(again.state, "imported")
        self.assertEqual(Case.objects.get().subject, "重跑公司")

    def confirm_and_run(self, job):
        self.client.post(
            reverse("admin:lawtracker_importjob_change", args=[job.pk]), {"action": "confirm"}
        )
        run_worker()

    def test_the_job_page_fails_a_job_whose_worker_died(self):
        left_by(self.job, pid=dead_pid())
        page = self.client.get(self.url)
        self.assertContains(page, "stopped while checking")
        self.assertNotContains(page, 'http-equiv="refresh"')
        self.assertEqual(ImportJob.objects.get().state, "failed")

    def test_only_its_uploader_may_run_a_failed_job_again(self):
        left_by(self.job, pid=dead_pid())
        import_jobs.sweep_jobs()
        self.client.force_login(make_user("associate", username="not-the-uploader"))
        self.assertNotContains(self.client.get(self.url), 'value="run_again"')
        self.assertEqual(self.client.post(self.url, {"action": "run_again"}).status_code, 403)
        self.client.force_login(make_user("partner"))
        self.assertEqual(self.client.post(self.url, {"action": "run_again"}).status_code, 403)
        self.assertEqual(ImportJob.objects.count(), 1)

    def test_a_live_job_is_not_failed_by_the_sweep(self):
        # Claimed by this very process, which beats: alive, however long it has run.
        left_by(self.job, pid=os.getpid(), started_ago=3600)
        with import_jobs.heartbeat(self.job):
            self.assertEqual(import_jobs.sweep_jobs(), [])
        # Nor is a job still waiting in the queue for a worker.
        DBTaskResult.objects.filter(pk=self.job.task_id).update(status="READY")
        self.assertEqual(import_jobs.sweep_jobs(), [])
        self.assertEqual(ImportJob.objects.get().state, "checking")

    def test_a_job_silent_for_too_long_is_failed_even_without_a_process_to_ask(self):
        # A worker of plain `db_worker` (a random id) on another machine: only silence tells.
        DBTaskResult.objects.filter(pk=self.job.task_id).update(
            status="RUNNING", started_at=timezone.now(), worker_ids=["somewhere-else"]
        )
        self.assertEqual(import_jobs.sweep_jobs(), [])
        later = time.time() + import_jobs.STALLED_AFTER + 1
        with mock.patch("lawtracker.imports.jobs.time.time", return_value=later):
            self.assertEqual(import_jobs.sweep_jobs(), [self.job.pk])


@override_settings(LANGUAGE_CODE="en")
class TimeLimitTests(TestCase):
    """No job holds the worker past its time limit: it stops, writes nothing, says why."""

    def setUp(self):
        self.client.force_login(make_user("associate"))
        rows = "".join(f"2020.01,北京,限时公司{n},网安部门,事实,警告\n" for n in range(30))
        self.client.post(
            reverse("admin:enforcement_case_import"), {"import_file": upload(HEADER + rows)}
        )
        self.job = ImportJob.objects.get()

    def test_an_import_past_its_time_limit_stops_and_writes_nothing(self):
        run_worker()
        self.client.post(
            reverse("admin:lawtracker_importjob_change", args=[self.job.pk]), {"action": "confirm"}
        )
        with override_settings(LAWTRACKER_IMPORT_TIME_LIMIT=0.000001):
            run_worker()
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "failed")
        self.assertIn("time limit", self.job.result["errors"][0]["reason"])
        self.assertFalse(Case.objects.exists())
        self.assertFalse(ImportRecord.objects.exists())

    def test_a_check_past_its_time_limit_stops_too(self):
        with override_settings(LAWTRACKER_IMPORT_TIME_LIMIT=0.000001):
            run_worker()
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "failed")
        self.assertIn("LAWTRACKER_IMPORT_TIME_LIMIT", self.job.result["errors"][0]["reason"])


@skipUnless(connection.vendor == "postgresql", "the row lock is PostgreSQL's liveness test")
class PostgresLivenessTests(TransactionTestCase):
    serialized_rollback = True  # keeps the reference data the migrations load

    def test_an_import_holding_its_job_row_is_alive_and_one_that_does_not_is_not(self):
        job = ImportJob.objects.create(
            kind="cases", stored_name="x.csv", user=make_user("associate"), state="importing"
        )
        task = import_jobs.write_import.enqueue(job.pk)
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(task.id))
        started = timezone.now() - datetime.timedelta(hours=1)
        DBTaskResult.objects.filter(pk=task.id).update(status="RUNNING", started_at=started)
        locked, release = threading.Event(), threading.Event()

        def live_import():  # another connection, as the worker's import transaction
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(60)
            connections.close_all()

        thread = threading.Thread(target=live_import)
        thread.start()
        try:
            locked.wait(60)
            self.assertEqual(import_jobs.sweep_jobs(), [])
        finally:
            release.set()
            thread.join()
        self.assertEqual(import_jobs.sweep_jobs(), [job.pk])
        self.assertEqual(ImportJob.objects.get(pk=job.pk).state, "failed")
