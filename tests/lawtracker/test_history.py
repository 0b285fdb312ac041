"""Every write leaves history with who, when and each field's old and new value
(lawtracker.history); the admin shows it and reverts from it."""

import io

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement.models import Case, Penalty
from instruments.models import Instrument
from lawtracker.imports.run import import_file
from tests.factories import (
    make_authority,
    make_campaign,
    make_case,
    make_instrument,
    make_user,
    write_file,
)
from tests.lawtracker.test_versions import form_data

CASE_HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"


def changes(record) -> dict:
    """A history row's changes against the row before it: field → (old, new)."""
    delta = record.diff_against(record.prev_record)
    return {change.field: (change.old, change.new) for change in delta.changes}


class AdminHistoryTests(TestCase):
    def setUp(self):
        self.associate = make_user("associate", username="li.lei")
        self.client.force_login(self.associate)

    def edit(self, case, **changed):
        url = reverse("admin:enforcement_case_change", args=[case.pk])
        response = self.client.post(url, form_data(self.client.get(url)) | changed)
        self.assertEqual(response.status_code, 302)

    def test_an_admin_edit_is_one_history_row_with_who_and_old_and_new_values(self):
        case = make_case(
            subject="原公司", penalty_text="警告", penalties=[("warning", "organization", None)]
        )
        before = case.history.count()
        self.edit(case, subject="改名公司", penalty_text="罚款 1 万元")
        self.assertEqual(case.history.count(), before + 1)  # one save, however many steps
        record = case.history.first()
        self.assertEqual(record.history_user, self.associate)
        self.assertEqual(changes(record)["subject"], ("原公司", "改名公司"))
        self.assertEqual(
            sorted(Penalty.history.filter(case_id=case.pk).values_list("history_type", "kind")),
            [("+", "fine"), ("-", "warning")],  # the factory's rows were made in bulk
        )
        page = self.client.get(reverse("admin:enforcement_case_history", args=[case.pk]))
        self.assertContains(page, "原公司")
        self.assertContains(page, "改名公司")
        self.assertContains(page, "li.lei")

    def test_revert_restores_the_old_values_and_saves_over_the_current_version(self):
        case = make_case(subject="原公司")
        self.edit(case, subject="改名公司")
        old = case.history.order_by("history_id").first()
        url = reverse("admin:enforcement_case_simple_history", args=[case.pk, old.history_id])
        response = self.client.post(url, form_data(self.client.get(url)))
        self.assertEqual(response.status_code, 302)
        case.refresh_from_db()
        self.assertEqual(case.subject, "原公司")
        self.assertEqual(case.history.first().history_user, self.associate)

    def test_a_partner_cannot_revert(self):
        case = make_case(subject="原公司")
        self.edit(case, subject="改名公司")
        old = case.history.order_by("history_id").first()
        url = reverse("admin:enforcement_case_simple_history", args=[case.pk, old.history_id])
        data = form_data(self.client.get(url))
        self.client.force_login(make_user("partner"))
        self.assertNotContains(self.client.get(url), 'name="_save"')
        self.assertEqual(self.client.post(url, data).status_code, 403)
        case.refresh_from_db()
        self.assertEqual(case.subject, "改名公司")

    def test_re_reading_penalties_leaves_history_under_the_associate(self):
        case = make_case(penalty_text="罚款 2 万元", penalties=[("warning", "organization", None)])
        self.client.post(
            reverse("admin:enforcement_case_changelist"),
            {"action": "reparse_penalties", "_selected_action": [case.pk]},
        )
        gone, made = (
            Penalty.history.filter(case_id=case.pk, history_type=kind, history_user=self.associate)
            for kind in "-+"
        )
        self.assertEqual([p.kind for p in gone], ["warning"])
        self.assertEqual([(p.kind, p.amount) for p in made], [("fine", 20000)])
        record = case.history.first()
        self.assertEqual(record.history_user, self.associate)
        self.assertEqual((record.history_type, record.org_fines), ("~", 20000))

    def test_confirming_levels_leaves_history_with_the_old_value(self):
        instrument = make_instrument(title="《某办法》", level_inferred=True)
        self.client.post(
            reverse("admin:instruments_instrument_changelist"),
            {"action": "confirm_levels", "_selected_action": [instrument.pk]},
        )
        record = instrument.history.first()
        self.assertEqual(record.history_user, self.associate)
        self.assertEqual(changes(record)["level_inferred"], (True, False))

    def test_a_delete_leaves_a_history_row(self):
        case = make_case(subject="将删除公司")
        url = reverse("admin:enforcement_case_delete", args=[case.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 302)
        record = Case.history.filter(id=case.pk).first()
        self.assertEqual((record.history_type, record.history_user), ("-", self.associate))
        self.assertEqual(record.subject, "将删除公司")

    def test_deleting_a_campaign_leaves_a_row_on_each_of_its_cases(self):
        campaign = make_campaign()
        case = make_case(subject="专项案例公司", campaign=campaign)
        version = Case.objects.get(pk=case.pk).version
        url = reverse("admin:enforcement_campaign_delete", args=[campaign.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 302)
        case.refresh_from_db()
        self.assertIsNone(case.campaign)
        self.assertEqual(case.version, version + 1)  # a form opened before is stale
        record = case.history.first()
        self.assertEqual(record.history_user, self.associate)
        self.assertEqual(changes(record)["campaign"], (campaign.pk, None))

    def test_deleting_authorities_by_the_action_leaves_a_row_on_each_linked_case(self):
        authority = make_authority("某市公安局网安支队")
        case = make_case(subject="机构案例公司")
        case.authorities.add(authority)
        before = case.history.count()
        response = self.client.post(
            reverse("admin:instruments_authority_changelist"),
            {"action": "delete_selected", "_selected_action": [authority.pk], "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(case.history.count(), before + 1)
        self.assertEqual(list(case.history.first().authorities.all()), [])


@override_settings(LANGUAGE_CODE="en")  # the reasons are checked in their English msgids
class ImportHistoryTests(TestCase):
    def setUp(self):
        self.associate = make_user("associate", username="zhao.min")

    def import_rows(self, folder, rows: str):
        path = write_file(folder, "cases.csv", CASE_HEADER + rows)
        return import_file(path=path, user=self.associate)

    def test_an_import_records_its_user_and_a_re_import_that_changes_nothing_adds_no_rows(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            report = self.import_rows(Path(folder), "2020.01,北京,甲公司,网安部门,事实,警告\n")
            case = Case.objects.get()
            record = case.history.get()
            self.assertEqual((record.history_type, record.history_user), ("+", self.associate))
            self.assertIn(
                f"import no. {report.record_id} (cases.csv)", record.history_change_reason
            )
            self.assertEqual(
                {link.authority_id for link in record.authorities.all()},
                set(case.authorities.values_list("pk", flat=True)),
            )
            self.import_rows(Path(folder), "2020.01,北京,甲公司,网安部门,事实,警告\n")
            self.assertEqual(case.history.count(), 1)
            self.import_rows(Path(folder), "2020.01,北京,甲公司,网安部门,事实,罚款 1 万元\n")
            self.assertEqual(
                changes(case.history.first())["penalty_text"], ("警告", "罚款 1 万元")
            )

    def test_an_import_writes_its_history_in_bulk_not_a_query_a_row(self):
        import tempfile
        from pathlib import Path

        counts = []
        with tempfile.TemporaryDirectory() as folder:
            self.import_rows(Path(folder), "2020.01,北京,首家公司,网安部门,事实,警告\n")
            for start, size in ((0, 3), (3, 12)):
                rows = "".join(
                    f"2020.01,北京,第{n}家公司,网安部门,事实,警告\n"
                    for n in range(start, start + size)
                )
                with CaptureQueriesContext(connection) as queries:
                    self.import_rows(Path(folder), rows)
                counts.append(
                    sum(
                        1
                        for q in queries
                        if "INSERT INTO" in q["sql"] and "historical" in q["sql"]
                    )
                )
        self.assertEqual(counts[0], counts[1])

    def test_a_record_changed_during_an_import_refuses_the_whole_import(self):
        import tempfile
        from pathlib import Path
        from unittest import mock

        from enforcement.resources import CaseResource

        find_existing = CaseResource.find_existing

        def changed_meanwhile(resource, parsed):
            found = find_existing(resource, parsed)
            if found is not None:  # someone saves it after the import read it
                Case.objects.filter(pk=found.pk).update(notes="他人的修改")
            return found

        with tempfile.TemporaryDirectory() as folder:
            self.import_rows(Path(folder), "2020.01,北京,甲公司,网安部门,事实,警告\n")
            with mock.patch.object(CaseResource, "find_existing", changed_meanwhile):
                report = self.import_rows(
                    Path(folder),
                    "2020.02,北京,乙公司,网安部门,事实,警告\n"
                    "2020.01,北京,甲公司,网安部门,事实,罚款 1 万元\n",
                )
        self.assertFalse(report.ok)
        self.assertIn("changed by someone else", " ".join(e["reason"] for e in report.errors))
        self.assertEqual(list(Case.objects.values_list("penalty_text", flat=True)), ["警告"])


def test_the_snapshot_loads_with_a_created_row_for_each_record(db, english):
    make_user("admin", username="root")
    call_command("load_snapshot", stdout=io.StringIO())
    assert Case.history.filter(history_type="+").count() == Case.objects.count() == 146
    assert Instrument.history.filter(history_type="+").count() == Instrument.objects.count()
    assert not Case.history.exclude(history_type="+").exists()
    record = Case.history.first()
    assert record.history_user.username == "root"
    assert record.history_change_reason.startswith("manage.py load_snapshot: import no. ")
