"""The cases' admin (enforcement/admin.py): partners read and export, associates add,
change and import; a case added by hand is read like an imported one; list query
counts."""

import datetime

from django.test import TestCase
from django.urls import reverse

from enforcement.models import Case, PenaltyKind, PenaltyTarget
from tests.checks import assert_constant_queries
from tests.factories import make_case, make_user, region


class AccessTests(TestCase):
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

    def add_case(self, **fields):
        data = {
            "family": "cyberspace",
            "decided_text": "2021.07.04",
            "subject": "全国性案件科技有限公司",
            "subject_kind": "company",
            "agency_text": "国家网信办",
            "penalties-TOTAL_FORMS": "0",
            "penalties-INITIAL_FORMS": "0",
            **fields,
        }
        return self.client.post(reverse("admin:enforcement_case_add"), data)

    def test_a_case_of_a_central_body_added_as_全国_is_national(self):
        for region_text in ("全国", ""):
            response = self.add_case(region_text=region_text, subject=f"全国{region_text}公司")
            self.assertEqual(response.status_code, 302, response.content[:2000])
        for case in Case.objects.all():
            self.assertEqual((case.national, case.province), (True, None))
            self.assertEqual(case.authorities.get().name, "国家互联网信息办公室")

    def test_an_unreadable_region_is_refused_saying_what_is_accepted(self):
        response = self.add_case(region_text="火星", agency_text="某局")
        self.assertContains(response, "无法识别地区“火星”")
        self.assertContains(response, "中央机关作出的案件填写“全国”")
        self.assertEqual(Case.objects.count(), 0)

    def test_a_national_case_with_a_province_picked_by_hand_is_refused(self):
        response = self.add_case(region_text="全国", national="on", province=region("广东").pk)
        self.assertContains(response, "全国性案件没有省份")
        self.assertEqual(Case.objects.count(), 0)

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
            "seen_version": Case.objects.get(pk=case.pk).version,
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

    def test_case_list_query_count_is_pinned(self):
        assert_constant_queries(self, "admin:enforcement_case_changelist", self.make_cases, 9)


class YearFilterTests(TestCase):
    def test_the_case_list_filters_by_year_from_the_tallied_years(self):
        self.client.force_login(make_user("admin"))
        for year in (2019, 2020, 2020):
            make_case(decided_on=datetime.date(year, 5, 1), decided_text=f"{year}.05.01")
        url = reverse("admin:enforcement_case_changelist")
        page = self.client.get(url)
        self.assertContains(page, "?year=2020")
        self.assertContains(page, "?year=2019")
        self.assertEqual(self.client.get(url, {"year": "2020"}).context["cl"].result_count, 2)
        self.assertEqual(self.client.get(url, {"year": "1999"}).context["cl"].result_count, 0)


class CappedCountTests(TestCase):
    def test_a_search_of_many_cases_is_counted_up_to_a_cap(self):
        from lawtracker import views

        self.client.force_login(make_user("admin"))
        for _ in range(4):
            make_case(facts="人脸识别")
        url = reverse("admin:enforcement_case_changelist")
        self.assertContains(self.client.get(url, {"q": "人脸"}), "4 执法案例")
        with self.settings(), self.subTest("capped"):
            original = views.COUNT_CAP
            views.COUNT_CAP = 2
            try:
                page = self.client.get(url, {"q": "人脸"})
            finally:
                views.COUNT_CAP = original
            self.assertContains(page, "超过 2 个案例")
            self.assertEqual(len(page.context["cl"].result_list), 4)
