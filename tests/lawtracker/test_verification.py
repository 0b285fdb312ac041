"""Verification (lawtracker/verification.py): records come in unverified, are verified
against a source link by an associate, and need a re-check once their facts are edited —
through the admin, a revert or an import; the queue, the one-click verify, the marks on
every page that shows a record, and the overview's count."""

import datetime
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from enforcement.models import Campaign, Case
from instruments.models import Instrument
from lawtracker.imports.run import import_file
from lawtracker.verification import Verification, after_edit, verify
from tests.factories import make_campaign, make_case, make_instrument, make_user, write_file
from tests.lawtracker.test_versions import form_data

SOURCE = "https://www.cac.gov.cn/2020-11/16/c_1.htm"
HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"


def verified_case(**fields) -> Case:
    case = make_case(source_url=SOURCE, **fields)
    verify(records=[case], user=make_user("associate"))
    case.refresh_from_db()
    return case


class VerifyTests(TestCase):
    def test_verifying_records_who_when_and_against_what_in_the_history(self):
        associate = make_user("associate", username="wang.fang")
        case = make_case(source_url=SOURCE)
        verify(records=[case], user=associate)
        case.refresh_from_db()
        self.assertEqual(case.verification, Verification.VERIFIED)
        self.assertEqual((case.verified_by, case.verified_source), (associate, SOURCE))
        self.assertIsNotNone(case.verified_at)
        self.assertEqual(case.source_checked_at, case.verified_at)
        latest = case.history.first()
        self.assertEqual((latest.verification, latest.history_user), ("verified", associate))
        self.assertEqual(latest.history_change_reason, "按来源核实")

    def test_a_record_is_verified_against_the_link_given_else_its_own(self):
        case = make_case(source_url="")
        verify(records=[case], user=make_user("associate"), source="www.miit.gov.cn/a.html")
        self.assertEqual(case.verified_source, "https://www.miit.gov.cn/a.html")
        with self.assertRaises(ValidationError):
            verify(records=[make_case(source_url="")], user=make_user("associate"))
        with self.assertRaises(ValidationError):
            verify(records=[make_case()], user=make_user("associate"), source="not a link")

    def test_one_record_without_a_link_refuses_the_whole_batch(self):
        good, bad = make_case(source_url=SOURCE), make_case(source_url="")
        with self.assertRaises(ValidationError):
            verify(records=[good, bad], user=make_user("associate"))
        self.assertFalse(Case.objects.filter(verification=Verification.VERIFIED).exists())

    def test_a_change_to_its_facts_and_only_to_them_asks_for_a_re_check(self):
        case = verified_case()
        before = {name: getattr(case, name) for name in Case.VERIFIED_FACTS}
        case.notes = "内部备注"
        after_edit(case, before)
        self.assertEqual(case.verification, Verification.VERIFIED)
        case.facts = "改过的事实"
        after_edit(case, before)
        self.assertEqual(case.verification, Verification.RECHECK)

    def test_every_kind_names_facts_that_are_its_own_fields(self):
        for model in (Case, Instrument, Campaign):
            names = {field.attname for field in model._meta.concrete_fields}
            self.assertLessEqual(set(model.VERIFIED_FACTS), names, model)
            self.assertIn("source_url", model.VERIFIED_FACTS)


class EditPathTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("associate"))

    def edit(self, case, **changed):
        url = reverse("admin:enforcement_case_change", args=[case.pk])
        response = self.client.post(url, form_data(self.client.get(url)) | changed)
        self.assertEqual(response.status_code, 302)
        case.refresh_from_db()
        return case

    def test_an_admin_edit_of_its_facts_returns_a_verified_case_to_re_check(self):
        case = self.edit(verified_case(), notes="只改备注")
        self.assertEqual(case.verification, Verification.VERIFIED)
        case = self.edit(case, facts="改过的违法事实")
        self.assertEqual(case.verification, Verification.RECHECK)
        self.assertEqual(case.verified_source, SOURCE)  # what it was verified against stays

    def test_an_admin_edit_of_a_verified_instrument_returns_it_to_re_check(self):
        instrument = make_instrument(source_url=SOURCE)
        verify(records=[instrument], user=make_user("associate"))
        url = reverse("admin:instruments_instrument_change", args=[instrument.pk])
        data = form_data(self.client.get(url)) | {"doc_number": "国发〔2020〕13号"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        instrument.refresh_from_db()
        self.assertEqual(instrument.verification, Verification.RECHECK)

    def test_a_revert_of_a_verified_case_returns_it_to_re_check(self):
        case = make_case(subject="原公司", source_url=SOURCE)
        case = self.edit(case, subject="改名公司")
        verify(records=[case], user=make_user("associate"))
        old = case.history.order_by("history_id").first()
        url = reverse("admin:enforcement_case_simple_history", args=[case.pk, old.history_id])
        self.assertEqual(self.client.post(url, form_data(self.client.get(url))).status_code, 302)
        case.refresh_from_db()
        self.assertEqual((case.subject, case.verification), ("原公司", Verification.RECHECK))

    def test_imports_create_unverified_records_and_a_changed_row_asks_for_a_re_check(self):
        root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        first = write_file(
            root, "a.csv", HEADER + "2020.08,北京,核实测试公司,网安部门,事实一,警告\n"
        )
        self.assertEqual(
            import_file(path=first, options={"family": "public_security"}).records_created, 1
        )
        case = Case.objects.get(subject="核实测试公司")
        self.assertEqual(case.verification, Verification.UNVERIFIED)
        case.source_url = SOURCE
        case.save()
        verify(records=[case], user=make_user("associate"))
        again = import_file(path=first, options={"family": "public_security"})
        self.assertEqual(again.records_unchanged, 1)
        case.refresh_from_db()
        self.assertEqual(case.verification, Verification.VERIFIED)
        corrected = write_file(
            root, "b.csv", HEADER + "2020.08,北京,核实测试公司,网安部门,事实一,警告 罚款 1 万元\n"
        )
        report = import_file(path=corrected, options={"family": "public_security"})
        self.assertEqual(report.records_updated, 1)
        case.refresh_from_db()
        self.assertEqual(case.verification, Verification.RECHECK)


class QueueTests(TestCase):
    def setUp(self):
        self.url = reverse("enforcement:verification-queue")
        self.old = make_case(subject="最早录入公司", source_url=SOURCE)
        self.new = make_case(subject="后来录入公司")
        Case.objects.filter(pk=self.old.pk).update(
            created_at=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
        )
        self.old.refresh_from_db()

    def test_the_queue_is_for_those_who_may_change_records(self):
        self.assertRedirects(self.client.get(self.url), f"{reverse('login')}?next={self.url}")
        for role in (None, "partner"):
            self.client.force_login(make_user(role))
            self.assertEqual(self.client.get(self.url).status_code, 403)
            verify_url = reverse("enforcement:verify-record", args=["case", self.old.pk])
            self.assertEqual(self.client.post(verify_url, {"source": SOURCE}).status_code, 403)
        self.old.refresh_from_db()
        self.assertEqual(self.old.verification, Verification.UNVERIFIED)

    def test_an_associate_sees_the_oldest_first_and_verifies_in_one_click(self):
        self.client.force_login(make_user("associate"))
        response = self.client.get(self.url)
        content = response.content.decode()
        self.assertLess(content.index("最早录入公司"), content.index("后来录入公司"))
        self.assertContains(response, f'value="{SOURCE}"')
        verify_url = reverse("enforcement:verify-record", args=["case", self.old.pk])
        response = self.client.post(
            verify_url, {"source": SOURCE, "version": self.old.version, "next": self.url}
        )
        self.assertRedirects(response, self.url)
        self.old.refresh_from_db()
        self.assertEqual(self.old.verification, Verification.VERIFIED)
        self.assertNotContains(self.client.get(self.url), "最早录入公司")

    def test_cases_needing_a_re_check_come_first(self):
        self.client.force_login(make_user("associate"))
        case = verified_case(subject="复核公司")
        Case.objects.filter(pk=case.pk).update(verification=Verification.RECHECK)
        response = self.client.get(self.url)
        self.assertContains(response, "复核公司")
        self.assertNotContains(response, "最早录入公司")
        self.assertContains(self.client.get(self.url, {"state": "unverified"}), "最早录入公司")

    def test_a_record_changed_since_it_was_opened_is_not_verified(self):
        self.client.force_login(make_user("associate"))
        seen = self.old.version
        self.old.facts = "别人改过"
        self.old.save()
        verify_url = reverse("enforcement:verify-record", args=["case", self.old.pk])
        response = self.client.post(verify_url, {"source": SOURCE, "version": seen})
        self.assertEqual(response.status_code, 409)
        self.old.refresh_from_db()
        self.assertEqual(self.old.verification, Verification.UNVERIFIED)

    def test_a_link_that_is_no_link_is_refused_with_the_reason(self):
        self.client.force_login(make_user("associate"))
        verify_url = reverse("enforcement:verify-record", args=["case", self.new.pk])
        response = self.client.post(verify_url, {"source": ""})
        self.assertContains(response, "请填写核对记录所依据的来源链接。", status_code=400)

    def test_instruments_and_campaigns_have_their_queues(self):
        self.client.force_login(make_user("associate"))
        make_instrument(title="《待核实办法》")
        make_campaign(focus="待核实的专项行动")
        self.assertContains(self.client.get(self.url, {"kind": "instrument"}), "《待核实办法》")
        self.assertContains(self.client.get(self.url, {"kind": "campaign"}), "待核实的专项行动")

    def test_the_queue_runs_a_fixed_number_of_queries(self):
        self.client.force_login(make_user("associate"))
        with self.assertNumQueries(8):
            self.client.get(self.url)
        for n in range(20):
            make_case(subject=f"又一家{n}")
        with self.assertNumQueries(8):
            self.client.get(self.url)


class MarkTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        self.unverified = make_case(subject="未核实公司")
        self.verified = verified_case(subject="已核实公司")

    def marks(self, response) -> int:
        return response.content.decode().count("verify-unverified")

    def test_lists_and_pages_mark_the_unverified_and_not_the_verified(self):
        cases = self.client.get(reverse("enforcement:case-list"))
        self.assertEqual(self.marks(cases), 1)
        page = self.client.get(reverse("enforcement:case-detail", args=[self.verified.pk]))
        self.assertContains(page, "verify-verified")
        self.assertContains(page, SOURCE)
        self.assertNotContains(page, "已按此来源核实")  # a partner verifies nothing
        page = self.client.get(reverse("enforcement:case-detail", args=[self.unverified.pk]))
        self.assertContains(page, "verify-unverified")
        make_instrument(title="《未核实办法》")
        self.assertEqual(self.marks(self.client.get(reverse("instruments:instrument-list"))), 1)
        make_campaign()
        self.assertEqual(self.marks(self.client.get(reverse("enforcement:campaign-list"))), 1)

    def test_an_associate_verifies_from_the_records_page(self):
        self.client.force_login(make_user("associate"))
        page = self.client.get(reverse("enforcement:case-detail", args=[self.unverified.pk]))
        self.assertContains(page, "已按此来源核实")

    def test_the_overview_says_how_much_is_verified(self):
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "核实情况")
        self.assertContains(response, "1 / 2 (50%)")
