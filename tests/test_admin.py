"""The admin: who may see and change what, import with preview, and list query counts."""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from enforcement.models import Case
from enforcement.penalties import PenaltyKind, PenaltyTarget
from tests.factories import make_case, make_instrument, make_user, region

CHANGELISTS = [
    "admin:enforcement_case_changelist",
    "admin:enforcement_campaign_changelist",
    "admin:instruments_instrument_changelist",
    "admin:instruments_authority_changelist",
]


def import_csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("cases.csv", text.encode("utf-8"), content_type="text/csv")


class AccessTests(TestCase):
    def test_anonymous_visitors_are_sent_to_login_from_every_page(self):
        for url in [reverse("admin:index"), *(reverse(name) for name in CHANGELISTS)]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/login/", response["Location"])

    def test_a_user_without_a_role_cannot_open_the_admin(self):
        self.client.force_login(make_user(role=None))
        response = self.client.get(reverse("admin:enforcement_case_changelist"))
        self.assertEqual(response.status_code, 302)

    def test_partner_reads_cases_but_cannot_add_change_or_import(self):
        case = make_case(subject="只读测试公司")
        self.client.force_login(make_user("partner"))
        response = self.client.get(reverse("admin:enforcement_case_changelist"))
        self.assertContains(response, "只读测试公司")
        self.assertNotContains(response, reverse("admin:enforcement_case_add"))
        self.assertEqual(self.client.get(reverse("admin:enforcement_case_add")).status_code, 403)
        change = reverse("admin:enforcement_case_change", args=[case.pk])
        self.assertEqual(self.client.post(change, {"subject": "改名"}).status_code, 403)
        self.assertEqual(
            self.client.get(reverse("admin:enforcement_case_import")).status_code, 403
        )
        case.refresh_from_db()
        self.assertEqual(case.subject, "只读测试公司")

    def test_partner_may_export(self):
        self.client.force_login(make_user("partner"))
        response = self.client.get(reverse("admin:enforcement_case_export"))
        self.assertEqual(response.status_code, 200)

    def test_associate_may_add_and_import(self):
        self.client.force_login(make_user("associate"))
        self.assertEqual(self.client.get(reverse("admin:enforcement_case_add")).status_code, 200)
        response = self.client.get(reverse("admin:enforcement_case_import"))
        self.assertContains(response, "整个文件的监管部门")


class ImportThroughAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("associate"))

    def test_preview_shows_rows_and_writes_nothing_until_confirmed(self):
        csv = (
            "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
            "2020.01,湖南长沙,预览测试公司,岳麓分局,事实,公司罚款 1 万元\n"
        )
        response = self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": import_csv(csv), "format": "0", "family": "public_security"},
        )
        self.assertContains(response, "预览测试公司")
        self.assertContains(response, 'name="family" value="public_security"')
        self.assertEqual(Case.objects.count(), 0)

        confirm = response.context["confirm_form"]
        # The preview's file waits in storage every worker shares, not in a worker's /tmp.
        from django.conf import settings

        previews = Path(settings.STORAGES["import_export"]["OPTIONS"]["location"])
        waiting = previews / "django-import-export" / confirm.initial["import_file_name"]
        self.assertTrue(waiting.exists())
        response = self.client.post(
            reverse("admin:enforcement_case_process_import"),
            {name: confirm.initial[name] for name in confirm.initial},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(waiting.exists())
        case = Case.objects.get()
        self.assertEqual(case.family, "public_security")
        self.assertEqual(case.authorities.get().family, "public_security")
        self.assertEqual(case.penalties.get().amount, 10000)

    def test_preview_of_a_bad_file_lists_each_bad_row_and_offers_no_confirm(self):
        csv = (
            "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
            "2020.02.30,北京,甲公司,网安部门,事实,警告\n"
            "2020.01,北京,,网安部门,事实,警告\n"
        )
        response = self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": import_csv(csv), "format": "0"},
        )
        self.assertContains(response, "2020.02.30")
        self.assertContains(response, "被处罚主体")
        self.assertIsNone(response.context.get("confirm_form"))
        self.assertEqual(Case.objects.count(), 0)

    def test_a_gb18030_file_from_chinese_excel_previews_in_chinese(self):
        csv = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n2020.01,北京,国标编码公司,网安部门,事实,警告\n"
        upload = SimpleUploadedFile("gbk.csv", csv.encode("gb18030"), content_type="text/csv")
        response = self.client.post(
            reverse("admin:enforcement_case_import"), {"import_file": upload, "format": "0"}
        )
        self.assertContains(response, "国标编码公司")
        self.assertIsNotNone(response.context.get("confirm_form"))

    def test_a_probable_match_waits_unless_similar_cases_are_allowed(self):
        make_case(
            subject="三河某燃气有限公司",
            agency_text="公安局",
            decided_text="2020.08.13",
            decided_on=datetime.date(2020, 8, 13),
        )
        csv = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n2020.08,河北廊坊,三河某燃气有限公司,公安局,另一份材料,警告\n"
        url = reverse("admin:enforcement_case_import")
        held = self.client.post(url, {"import_file": import_csv(csv), "format": "0"})
        self.assertIsNone(held.context.get("confirm_form"))
        self.assertContains(held, "可能与第")
        allowed = self.client.post(
            url, {"import_file": import_csv(csv), "format": "0", "allow_similar": "on"}
        )
        confirm = allowed.context["confirm_form"]
        self.assertEqual(confirm.initial["allow_similar"], True)
        self.client.post(
            reverse("admin:enforcement_case_process_import"),
            {name: confirm.initial[name] for name in confirm.initial},
        )
        self.assertEqual(Case.objects.filter(subject="三河某燃气有限公司").count(), 2)

    def test_html_in_a_cell_shows_as_text_in_the_preview(self):
        csv = (
            "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
            "2020.01,北京,<script>alert(1)</script>公司,网安部门,事实,警告\n"
        )
        response = self.client.post(
            reverse("admin:enforcement_case_import"),
            {"import_file": import_csv(csv), "format": "0"},
        )
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")


class AssociateEditingTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("associate"))

    def test_a_case_added_by_hand_gets_its_date_region_authorities_and_penalties(self):
        response = self.client.post(
            reverse("admin:enforcement_case_add"),
            {
                "family": "miit",
                "decided_text": "2021年8月",
                "region_text": "广东 深圳",
                "subject": "手工录入科技有限公司",
                "subject_kind": "company",
                "agency_text": "广东省通信管理局",
                "facts": "APP 存在“未经用户同意收集使用个人信息”",
                "penalty_text": "责令改正 警告 罚款 3 万元",
                "penalties-TOTAL_FORMS": "0",
                "penalties-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        case = Case.objects.get()
        self.assertEqual(
            (case.decided_on.isoformat(), case.decided_precision), ("2021-08-01", "month")
        )
        self.assertEqual((case.province.short_name, case.city), ("广东", "深圳"))
        self.assertEqual(case.authorities.get().name, "广东省通信管理局")
        self.assertEqual(case.penalties.get(kind="fine").amount, 30000)
        self.assertEqual(case.violation_categories.get().name, "未经同意收集使用个人信息")

    def test_the_same_case_cannot_be_added_twice(self):
        data = {
            "family": "miit",
            "decided_text": "2021.08.20",
            "subject": "重复科技有限公司",
            "subject_kind": "company",
            "agency_text": "广东省通信管理局",
            "penalties-TOTAL_FORMS": "0",
            "penalties-INITIAL_FORMS": "0",
        }
        self.assertEqual(
            self.client.post(reverse("admin:enforcement_case_add"), data).status_code, 302
        )
        response = self.client.post(reverse("admin:enforcement_case_add"), data)
        self.assertContains(response, "该案例已在系统中")
        self.assertEqual(Case.objects.count(), 1)

    def test_an_impossible_date_is_refused_with_its_text(self):
        response = self.client.post(
            reverse("admin:enforcement_case_add"),
            {
                "family": "miit",
                "decided_text": "2021.02.30",
                "subject": "某公司",
                "subject_kind": "company",
                "agency_text": "广东省通信管理局",
                "penalties-TOTAL_FORMS": "0",
                "penalties-INITIAL_FORMS": "0",
            },
        )
        self.assertContains(response, "2021.02.30")
        self.assertEqual(Case.objects.count(), 0)

    def change_case(self, case, **changes):
        data = {
            "family": case.family,
            "decided_text": case.decided_text,
            "region_text": case.region_text,
            "subject": case.subject,
            "subject_kind": case.subject_kind,
            "agency_text": case.agency_text,
            "facts": case.facts,
            "penalty_text": case.penalty_text,
            "authorities": [a.pk for a in case.authorities.all()],
            "penalties-TOTAL_FORMS": "0",
            "penalties-INITIAL_FORMS": "0",
            **changes,
        }
        penalties = list(case.penalties.all())
        data["penalties-TOTAL_FORMS"] = data["penalties-INITIAL_FORMS"] = str(len(penalties))
        for i, penalty in enumerate(penalties):
            data |= {
                f"penalties-{i}-id": penalty.pk,
                f"penalties-{i}-case": case.pk,
                f"penalties-{i}-position": penalty.position,
                f"penalties-{i}-kind": penalty.kind,
                f"penalties-{i}-target": penalty.target,
                f"penalties-{i}-amount": "" if penalty.amount is None else penalty.amount,
            }
        data |= changes
        url = reverse("admin:enforcement_case_change", args=[case.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])

    def test_a_corrected_penalty_text_is_read_again_on_save(self):
        case = make_case(penalty_text="警告", penalties=[("warning", "organization", None)])
        self.change_case(case, penalty_text="警告 罚款 2 万元")
        self.assertEqual(
            [(p.kind, p.amount) for p in case.penalties.order_by("position")],
            [("warning", None), ("fine", 20000)],
        )

    def test_penalties_deleted_by_hand_stay_deleted(self):
        case = make_case(penalty_text="警告", penalties=[("warning", "organization", None)])
        self.change_case(case, **{"penalties-0-DELETE": "on"})
        self.assertFalse(case.penalties.exists())

    def test_penalties_can_be_read_again_from_a_corrected_text(self):
        case = make_case(
            penalty_text="警告 罚款 2 万元", penalties=[("warning", "organization", None)]
        )
        response = self.client.post(
            reverse("admin:enforcement_case_changelist"),
            {"action": "reparse_penalties", "_selected_action": [case.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            [(p.kind, p.amount) for p in case.penalties.order_by("position")],
            [("warning", None), ("fine", 20000)],
        )

    def test_chinese_substring_search_finds_one_and_two_character_words(self):
        make_case(subject="约谈对象公司", penalty_text="约谈")
        make_case(subject="罚款对象公司", penalty_text="罚款 1 万元")
        url = reverse("admin:enforcement_case_changelist")
        response = self.client.get(url, {"q": "谈"})
        self.assertContains(response, "约谈对象公司")
        self.assertNotContains(response, "罚款对象公司")
        response = self.client.get(url, {"q": "罚款"})
        self.assertContains(response, "罚款对象公司")
        self.assertNotContains(response, "约谈对象公司")


class AutocompleteQueryCountTests(TestCase):
    def test_authority_autocomplete_does_not_query_per_result(self):
        from instruments.models import Authority

        self.client.force_login(make_user("associate"))
        url = reverse("admin:autocomplete")
        params = {
            "term": "网安",
            "app_label": "enforcement",
            "model_name": "case",
            "field_name": "authorities",
        }
        for i in range(3):
            Authority.objects.create(
                name=f"网安大队{i}", family="public_security", province=region("湖南")
            )
        with self.assertNumQueries(6):
            self.client.get(url, params)
        for i in range(3, 18):
            Authority.objects.create(
                name=f"网安大队{i}", family="public_security", province=region("河北")
            )
        with self.assertNumQueries(6):
            response = self.client.get(url, params)
        self.assertEqual(len(response.json()["results"]), 18)


class ListQueryCountTests(TestCase):
    """Admin list pages run a fixed number of queries whatever the page holds."""

    def setUp(self):
        self.client.force_login(make_user("associate"))

    def make_cases(self, count: int, start: int = 0):
        for i in range(start, start + count):
            make_case(
                subject=f"查询计数公司{i}",
                province=region("广东"),
                penalties=[(PenaltyKind.FINE, PenaltyTarget.ORGANIZATION, 10000)],
            )

    def assert_constant_queries(self, url_name: str, grow, expected: int):
        grow(3, 0)
        with self.assertNumQueries(expected):
            self.client.get(reverse(url_name))
        grow(30, 3)
        with self.assertNumQueries(expected):
            response = self.client.get(reverse(url_name))
        self.assertEqual(response.status_code, 200)

    def test_case_list_query_count_is_pinned(self):
        self.assert_constant_queries("admin:enforcement_case_changelist", self.make_cases, 11)

    def test_instrument_list_query_count_is_pinned(self):
        def grow(count, start):
            for i in range(start, start + count):
                make_instrument(title=f"《查询计数办法{i}》")

        self.assert_constant_queries("admin:instruments_instrument_changelist", grow, 10)
