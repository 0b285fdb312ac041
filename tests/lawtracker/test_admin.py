"""The kernel's admin (lawtracker/admin.py): the import jobs' list, pages and the file
each keeps; and who tried to log in, from where, for superusers alone."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from lawtracker.models import ImportJob
from tests.factories import make_user
from tests.lawtracker.imports.test_jobs import upload

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"

FRONT = reverse("login")


class JobListTests(TestCase):
    def test_the_job_list_shows_counts_without_loading_reports_and_its_queries_are_pinned(self):
        user = make_user("associate")
        self.client.force_login(user)
        url = reverse("admin:lawtracker_importjob_changelist")
        big = {
            "created": 0,
            "updated": 0,
            "would": {"created": 3, "updated": 1, "unchanged": 0},
            "errors": [],
            "new_rows": [{"line": 2}] * 1000,
        }
        for count in (2, 12):
            ImportJob.objects.all().delete()
            for n in range(count):
                ImportJob.objects.create(
                    kind="cases",
                    file_name=f"f{n}.csv",
                    stored_name="x",
                    user=make_user("associate"),
                    state="ready",
                    preview=big,
                    records_created=0,
                    records_updated=0,
                    rows_new=3,
                    rows_changed=1,
                    problems=0,
                )
            with self.assertNumQueries(10):
                response = self.client.get(url)
            self.assertContains(response, "尚未写入；将新增 3，更新 1；问题 0", count=count)
            listed = str(response.context["cl"].result_list.query)
            self.assertNotIn('"preview"', listed)
            self.assertNotIn('"result"', listed)


class KeptFileTests(TestCase):
    def test_the_uploaded_file_can_be_downloaded_as_it_was(self):
        self.client.force_login(make_user("associate"))
        text = HEADER + "2020.01,北京,下载公司,网安部门,事实,警告\n"
        self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": upload(text, "原始文件.csv", "gb18030")},
        )
        job = ImportJob.objects.get()
        self.assertContains(
            self.client.get(reverse("admin:lawtracker_importjob_change", args=[job.pk])),
            reverse("admin:lawtracker_importjob_file", args=[job.pk]),
        )
        self.client.force_login(make_user("partner"))
        response = self.client.get(reverse("admin:lawtracker_importjob_file", args=[job.pk]))
        self.assertEqual(b"".join(response.streaming_content), text.encode("gb18030"))
        self.assertIn("attachment", response["Content-Disposition"])


class JobAddressTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("associate"))

    def test_a_job_address_that_is_not_a_number_is_not_found(self):
        for name in ("admin:lawtracker_importjob_change",):
            url = reverse(name, args=[1]).replace("/1/", "/abc/")
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("admin:lawtracker_importjob_file", args=[999])).status_code,
            404,
        )


class AccessRecordsAdminTests(TestCase):
    """Who tried to log in, from where, is for superusers alone."""

    def setUp(self):
        make_user("partner", username="li.na")
        self.client.post(FRONT, {"username": "li.na", "password": "wrong"})
        self.attempt = AccessAttempt.objects.get()

    def test_a_superuser_lists_and_opens_the_attempts(self):
        self.client.force_login(make_user("admin"))
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertContains(response, "li.na")
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, reverse("admin:axes_accessattempt_changelist"))
        response = self.client.get(
            reverse("admin:axes_accessattempt_change", args=[self.attempt.pk])
        )
        self.assertContains(response, "li.na")

    def test_a_superuser_cleans_up_expired_attempts_and_keeps_the_others(self):
        make_user("associate", username="wang.fang")
        self.client.post(FRONT, {"username": "wang.fang", "password": "wrong"})
        expired = AccessAttempt.objects.filter(username="li.na")
        expired.update(attempt_time=self.attempt.attempt_time - timedelta(hours=1))
        self.client.force_login(make_user("admin"))
        response = self.client.post(
            reverse("admin:axes_accessattempt_changelist"),
            {"action": "cleanup_expired_attempts", "_selected_action": [self.attempt.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(AccessAttempt.objects.values_list("username", flat=True)), ["wang.fang"]
        )

    def test_staff_given_every_axes_permission_still_cannot_read_them(self):
        associate = make_user("associate")
        associate.user_permissions.set(Permission.objects.filter(content_type__app_label="axes"))
        self.client.force_login(associate)
        for name in ("accessattempt", "accesslog", "accessfailurelog"):
            response = self.client.get(reverse(f"admin:axes_{name}_changelist"))
            self.assertEqual(response.status_code, 403, name)
        response = self.client.get(
            reverse("admin:axes_accessattempt_delete", args=[self.attempt.pk])
        )
        self.assertEqual(response.status_code, 403)
        response = self.client.get(reverse("admin:index"))
        self.assertNotContains(response, "axes")

    def test_a_partner_cannot_read_them(self):
        self.client.force_login(make_user("partner"))
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertEqual(response.status_code, 403)
