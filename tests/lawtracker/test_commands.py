"""The commands (lawtracker/management/commands): the first start and a user added with
a random password; import_records in a named user's name, its reports and its dry run;
the worker, which first fails the jobs of a worker that died."""

import io
import json
import re
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from enforcement.models import Case
from lawtracker.models import ImportJob, ImportRecord
from tests.factories import make_user, write_file
from tests.lawtracker.imports.test_jobs import dead_pid, left_by, upload

# Messages are checked in English; tests/i18n checks the Chinese ones.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"

SAMPLES = Path(__file__).parents[1] / "samples"

GOOD_ROWS = HEADER + "2020.01,北京,矩阵测试甲公司,网安部门,事实,警告\n"


# -- setup_instance and add_user -------------------------------------------------------


def log_in(username: str, password: str):
    """The user the login page would let in (django-axes checks a request's logins)."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password)


def setup_instance() -> str:
    out = StringIO()
    call_command("setup_instance", stdout=out)
    return out.getvalue()


def test_first_start_creates_both_groups_and_an_admin_whose_password_is_printed_once():
    output = setup_instance()
    password = re.search(r"password: (\S+)", output).group(1)
    assert len(password) >= 16
    assert log_in("admin", password).is_superuser
    assert set(Group.objects.values_list("name", flat=True)) == {"Associates", "Partners"}
    second = setup_instance()
    assert "password" not in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_each_instance_gets_its_own_admin_password():
    first = re.search(r"password: (\S+)", setup_instance()).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"password: (\S+)", setup_instance()).group(1)
    assert first != second


def test_add_user_gives_a_role_and_a_random_password():
    out = StringIO()
    call_command("add_user", "zhang.wei", "--role", "partner", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user = log_in("zhang.wei", password)
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Partners"]


# -- import_records --------------------------------------------------------------------


def test_command_line_json_report_and_failure_exit(tmp_path):
    good = write_file(tmp_path, "g.csv", HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    out = io.StringIO()
    make_user("associate", username="wang.li")
    call_command("import_records", str(good), "--json", "--user", "wang.li", stdout=out)
    assert json.loads(out.getvalue()) == {
        "kind": "cases",
        "imported": True,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "needs_review": 0,
        "would": {"created": 1, "updated": 0, "unchanged": 0},
        "errors": [],
    }
    bad = write_file(tmp_path, "b.csv", HEADER + "2020.13,北京,乙公司,网安部门,事实,警告\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", str(bad), "--json", "--user", "wang.li", stdout=out)
    report = json.loads(out.getvalue())
    assert report["errors"][0]["line"] == 2 and report["errors"][0]["column"] == "时间"
    assert (report["imported"], report["created"], report["updated"]) == (False, 0, 0)
    assert Case.objects.count() == 1


def test_dry_run_writes_nothing(tmp_path):
    path = write_file(tmp_path, "g.csv", HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    out = io.StringIO()
    call_command("import_records", str(path), "--dry-run", stdout=out)
    assert "would import cases: 1 created" in out.getvalue()
    assert Case.objects.count() == 0


def test_the_json_report_of_a_check_says_nothing_was_written(tmp_path):
    out = StringIO()
    call_command(
        "import_records",
        str(SAMPLES / "cases_2021_national.csv"),
        "--dry-run",
        "--json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert (report["imported"], report["created"], report["updated"]) == (False, 0, 0)
    assert report["would"] == {"created": 12, "updated": 0, "unchanged": 0}
    assert not Case.objects.exists()


def test_a_command_line_import_says_who_imports(tmp_path):
    path = write_file(tmp_path, "g.csv", HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    with pytest.raises(CommandError, match="--user"):
        call_command("import_records", str(path), stdout=io.StringIO())
    assert Case.objects.count() == 0


def test_each_imported_record_shows_who_imported_which_file_in_its_history(tmp_path, client):
    from django.urls import reverse

    associate = make_user("associate", username="zhao.min")
    path = write_file(tmp_path, "提供.csv", HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    call_command("import_records", str(path), "--user", "zhao.min", stdout=io.StringIO())
    case = Case.objects.get()
    record = case.history.get()
    assert (record.history_user, record.history_type) == (associate, "+")
    assert record.history_change_reason.startswith("manage.py import_records: ")
    client.force_login(associate)
    history = client.get(reverse("admin:enforcement_case_history", args=[case.pk]))
    assert "提供.csv" in history.content.decode()


class ImportRecordsRoleTests(TestCase):
    """import_records imports in a named user's name, who must be allowed to import."""

    def import_as(self, tmp, username: str, *extra: str):
        path = write_file(tmp, "cases.csv", GOOD_ROWS)
        call_command("import_records", str(path), "--user", username, *extra, stdout=io.StringIO())

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="import-records-"))

    def test_an_import_in_a_partners_name_is_refused_and_writes_nothing(self):
        make_user("partner", username="zhang.wei")
        with self.assertRaisesMessage(CommandError, "'zhang.wei' may not import cases"):
            self.import_as(self.tmp, "zhang.wei")
        self.assertFalse(Case.objects.exists())
        self.assertFalse(ImportRecord.objects.exists())

    def test_an_import_in_the_name_of_staff_without_permissions_is_refused(self):
        get_user_model().objects.create_user(username="it.staff", is_staff=True)
        with self.assertRaisesMessage(CommandError, "add and change cases"):
            self.import_as(self.tmp, "it.staff", "--kind", "cases")
        self.assertFalse(Case.objects.exists())

    def test_an_associates_import_is_recorded_as_theirs(self):
        associate = make_user("associate", username="wang.li")
        self.import_as(self.tmp, "wang.li")
        self.assertEqual(Case.objects.get().subject, "矩阵测试甲公司")
        self.assertEqual(ImportRecord.objects.get().user, associate)

    def test_a_check_writes_nothing_and_needs_no_permission(self):
        make_user("partner", username="zhang.wei")
        self.import_as(self.tmp, "zhang.wei", "--dry-run")
        self.assertFalse(Case.objects.exists())

    def test_the_operator_commands_say_they_are_for_the_servers_shell(self):
        for command in ("setup_instance", "load_snapshot", "add_user"):
            help_text = load_command_class("lawtracker", command).help
            self.assertIn("operator's command for the server's shell", help_text, command)


# -- worker ----------------------------------------------------------------------------


@override_settings(LANGUAGE_CODE="en")  # the reasons are checked in their English msgids
class WorkerTests(TestCase):
    def setUp(self):
        self.user = make_user("associate")
        self.client.force_login(self.user)
        self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": upload(HEADER + "2020.01,北京,重跑公司,网安部门,事实,警告\n")},
        )
        self.job = ImportJob.objects.get()
        self.url = reverse("admin:lawtracker_importjob_change", args=[self.job.pk])

    def test_a_worker_starting_fails_the_checks_of_a_worker_that_died(self):
        left_by(self.job, pid=dead_pid())
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            call_command("worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
        self.job.refresh_from_db()
        self.assertEqual(self.job.state, "failed")
        self.assertIn("stopped while checking", self.job.result["errors"][0]["reason"])
        self.assertIsNone(self.job.preview)
