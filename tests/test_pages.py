"""The partners' pages: who may open them, what they show for a filter, and how many
queries they run whatever the list's length."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_campaign, make_case, make_instrument, make_user, region


def fine(amount, target="organization"):
    return ("fine", target, amount)


PAGES = [
    ("dashboard", []),
    ("enforcement:case-list", []),
    ("instruments:instrument-list", []),
    ("enforcement:campaign-list", []),
]


class AccessTests(TestCase):
    def setUp(self):
        self.case = make_case(subject="访问测试公司")
        self.instrument = make_instrument()
        self.campaign = make_campaign()

    def urls(self):
        yield from (reverse(name, args=args) for name, args in PAGES)
        yield reverse("enforcement:case-detail", args=[self.case.pk])
        yield reverse("enforcement:campaign-detail", args=[self.campaign.pk])
        yield reverse("instruments:instrument-detail", args=[self.instrument.pk])
        yield reverse("enforcement:case-export", args=["csv"])

    def test_anonymous_visitors_are_sent_to_login(self):
        for url in self.urls():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("login")), url)

    def test_a_user_without_a_role_is_refused(self):
        self.client.force_login(make_user(role=None))
        for url in self.urls():
            self.assertEqual(self.client.get(url).status_code, 403, url)

    def test_partners_and_associates_may_read_every_page(self):
        for role in ("partner", "associate"):
            self.client.force_login(make_user(role))
            for url in self.urls():
                self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_the_login_page_is_open_and_in_chinese(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "登录")
        self.assertContains(response, 'lang="zh-hans"')


class CaseListTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def get(self, **params):
        return self.client.get(reverse("enforcement:case-list"), params)

    def test_province_and_fine_filters_find_the_partners_precedents(self):
        make_case(subject="广东大罚款公司", province=region("广东"), penalties=[fine(40000)])
        make_case(subject="广东小罚款公司", province=region("广东"), penalties=[fine(10000)])
        make_case(subject="浙江大罚款公司", province=region("浙江"), penalties=[fine(50000)])
        response = self.get(province="440000", org_fine_min="30000", family="miit")
        self.assertContains(response, "广东大罚款公司")
        self.assertNotContains(response, "广东小罚款公司")
        self.assertNotContains(response, "浙江大罚款公司")
        self.assertEqual(response.context["totals"]["count"], 1)

    def test_search_is_right_for_one_two_and_more_characters_and_highlights(self):
        make_case(subject="人脸识别公司", facts="门禁系统采集人脸信息")
        make_case(subject="约谈对象公司", penalty_text="约谈 责令整改")
        make_case(subject="断行公司", facts="未经用户同意收集使 用个人信息")
        self.assertEqual([c.subject for c in self.get(q="脸").context["rows"]], ["人脸识别公司"])
        response = self.get(q="约谈")
        self.assertEqual([c.subject for c in response.context["rows"]], ["约谈对象公司"])
        self.assertContains(response, "<mark>约谈</mark>")
        # The review's text breaks words across lines: the search does not.
        response = self.get(q="收集使用个人信息")
        self.assertEqual([c.subject for c in response.context["rows"]], ["断行公司"])
        self.assertEqual(self.get(q="人脸识别系统").context["totals"]["count"], 0)

    def test_a_month_precision_case_falls_inside_its_month_not_a_week_of_it(self):
        make_case(
            subject="八月公司",
            decided_text="2020.08",
            decided_on=datetime.date(2020, 8, 1),
            decided_precision="month",
        )
        make_case(subject="九月公司", decided_on=datetime.date(2020, 9, 2))
        august = self.get(date_from="2020-08", date_to="2020-08")
        self.assertEqual([c.subject for c in august.context["rows"]], ["八月公司"])
        self.assertEqual(
            self.get(date_from="2020-08-01", date_to="2020-08-07").context["totals"]["count"], 0
        )
        self.assertContains(august, "2020年8月")
        self.assertNotContains(august, "2020年8月1日")

    def test_amount_unknown_and_penalty_kind_filters(self):
        make_case(subject="金额不详公司", penalties=[fine(None)])
        make_case(subject="拘留公司", penalties=[("detention", "individual", None)])
        self.assertEqual(
            [c.subject for c in self.get(amount_unknown="true").context["rows"]], ["金额不详公司"]
        )
        self.assertEqual(
            [c.subject for c in self.get(penalty="detention").context["rows"]], ["拘留公司"]
        )

    def test_totals_keep_organizations_and_individuals_apart_exactly(self):
        make_case(penalties=[fine("0.10"), fine("5000", "responsible_person")])
        make_case(penalties=[fine("0.20"), fine(None)])
        totals = self.get().context["totals"]
        self.assertEqual(totals["org_fines"], Decimal("0.30"))
        self.assertEqual(totals["individual_fines"], Decimal("5000.00"))
        self.assertEqual(totals["fines_unknown"], 1)

    def test_sorting_by_fine_puts_the_largest_first(self):
        make_case(subject="小", penalties=[fine(1000)])
        make_case(subject="大", penalties=[fine(90000)])
        make_case(subject="中", penalties=[fine(5000), fine(5000, "individual")])
        rows = self.get(sort="-fine").context["rows"]
        self.assertEqual([c.subject for c in rows], ["大", "中", "小"])

    def test_no_match_says_so_and_offers_to_clear_the_filters(self):
        response = self.get(q="不存在的词")
        self.assertContains(response, "没有符合条件的案例")
        self.assertContains(response, "清除筛选")

    def test_the_page_script_gets_the_results_alone(self):
        make_case(subject="片段公司")
        response = self.client.get(
            reverse("enforcement:case-list"), {"q": "片段"}, headers={"X-Partial": "results"}
        )
        self.assertContains(response, "<mark>片段</mark>公司")
        self.assertNotContains(response, "<html")

    def test_query_count_does_not_grow_with_the_page(self):
        def grow(n, start):
            for i in range(start, start + n):
                make_case(subject=f"计数{i}", province=region("广东"), penalties=[fine(1000)])

        url = reverse("enforcement:case-list")
        grow(3, 0)
        with self.assertNumQueries(13):
            self.client.get(url, {"q": "计数", "province": "440000"})
        grow(40, 3)
        with self.assertNumQueries(13):
            response = self.client.get(url, {"q": "计数", "province": "440000"})
        self.assertEqual(len(response.context["rows"]), 43)


class NationalCaseTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        self.national = make_case(subject="全国性处罚公司", national=True, region_text="全国")
        self.local = make_case(subject="广东本地公司", province=region("广东"), city="深圳")

    def test_a_national_case_shows_as_全国_in_the_list_and_on_its_page(self):
        response = self.client.get(reverse("enforcement:case-list"))
        self.assertContains(response, '<td class="nowrap">全国</td>', html=True)
        self.assertContains(response, '<td class="nowrap">广东 深圳</td>', html=True)
        page = self.client.get(reverse("enforcement:case-detail", args=[self.national.pk]))
        self.assertContains(page, '<a href="/cases/?province=national">全国</a>', html=True)
        self.client.cookies.load({"django_language": "en"})
        english = self.client.get(reverse("enforcement:case-list"))
        self.assertContains(english, '<td class="nowrap">National</td>', html=True)

    def test_the_province_filter_selects_national_cases_alone_or_with_provinces(self):
        url = reverse("enforcement:case-list")
        response = self.client.get(url, {"province": "national"})
        self.assertContains(response, "全国性处罚公司")
        self.assertNotContains(response, "广东本地公司")
        self.assertContains(response, '<option value="national" selected>全国</option>', html=True)
        both = self.client.get(url, {"province": ["national", "440000"]})
        self.assertContains(both, "全国性处罚公司")
        self.assertContains(both, "广东本地公司")
        export = self.client.get(
            reverse("enforcement:case-export", args=["csv"]), {"province": "national"}
        )
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        self.assertEqual([(row[2], row[4]) for row in rows[1:]], [("全国", "全国性处罚公司")])

    def test_the_overview_counts_national_cases_apart_from_the_provinces(self):
        make_case(subject="地区不详公司", region_text="")
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "全国：中央机关作出的案件 1 件")
        self.assertContains(response, "地区不详的案件 1 件")
        self.assertContains(response, "广东省：1 个案例")
        self.assertContains(response, 'href="/cases/?province=national"')


class ExportTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        make_case(
            subject='=HYPERLINK("x")公司',
            decided_text="2020.08",
            decided_on=datetime.date(2020, 8, 1),
            decided_precision="month",
            province=region("广东"),
            penalties=[fine(40000), fine(5000, "responsible_person")],
        )
        make_case(subject="不导出公司", province=region("浙江"))

    def test_csv_is_exactly_the_filtered_list_with_bom_precision_and_no_formulas(self):
        response = self.client.get(
            reverse("enforcement:case-export", args=["csv"]), {"province": "440000"}
        )
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 2)
        header, row = rows
        self.assertEqual(row[header.index("时间")], "2020.08")
        self.assertEqual(row[header.index("被处罚主体")], '\'=HYPERLINK("x")公司')
        self.assertEqual(row[header.index("单位罚款（元）")], "40000.00")
        self.assertEqual(row[header.index("个人罚款（元）")], "5000.00")

    def test_xlsx_holds_the_same_rows(self):
        response = self.client.get(
            reverse("enforcement:case-export", args=["xlsx"]), {"province": "440000"}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows())
        self.assertEqual(len(rows), 2)
        # The formula's text as a text cell, never a formula (see lawtracker.export_formats).
        subject = rows[1][[cell.value for cell in rows[0]].index("被处罚主体")]
        self.assertTrue(subject.value.startswith("="))
        self.assertEqual(subject.data_type, "s")


class CampaignListTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_campaigns_filter_by_family_and_count_their_cases(self):
        cyberspace = make_campaign(family="cyberspace", focus="清朗专项整治")
        make_campaign(family="miit", focus="APP 专项整治")
        make_case(campaign=cyberspace)
        response = self.client.get(reverse("enforcement:campaign-list"), {"family": "cyberspace"})
        self.assertContains(response, "清朗专项整治")
        self.assertNotContains(response, "APP 专项整治")
        self.assertEqual(response.context["rows"][0].case_count, 1)

    def test_query_count_does_not_grow_with_the_page(self):
        url = reverse("enforcement:campaign-list")
        for _ in range(3):
            make_campaign()
        with self.assertNumQueries(6):
            self.client.get(url)
        for _ in range(30):
            make_campaign()
        with self.assertNumQueries(6):
            self.client.get(url)


class InstrumentListTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_quick_views_for_upcoming_effect_and_pending_drafts(self):
        from django.utils import timezone

        today = timezone.localdate()
        make_instrument(
            title="《即将生效办法》",
            published_on=today,
            effective_on=today + datetime.timedelta(days=30),
        )
        make_instrument(
            title="《半年后生效办法》",
            published_on=today,
            effective_on=today + datetime.timedelta(days=180),
        )
        final = make_instrument(title="《数据安全法》", level="law")
        make_instrument(title="《数据安全法（草案）》", is_draft=True, final_version=final)
        make_instrument(title="《个人信息保护法（草案）》", is_draft=True)
        url = reverse("instruments:instrument-list")
        upcoming = self.client.get(url, {"view": "upcoming"})
        self.assertContains(upcoming, "《即将生效办法》")
        self.assertNotContains(upcoming, "《半年后生效办法》")
        drafts = self.client.get(url, {"view": "pending_drafts"})
        self.assertContains(drafts, "《个人信息保护法（草案）》")
        self.assertNotContains(drafts, "《数据安全法（草案）》")

    def test_status_and_level_filters(self):
        make_instrument(title="《草案甲》", is_draft=True)
        make_instrument(title="《现行乙》", level="law")
        response = self.client.get(reverse("instruments:instrument-list"), {"status": "draft"})
        self.assertContains(response, "《草案甲》")
        self.assertNotContains(response, "《现行乙》")
        response = self.client.get(reverse("instruments:instrument-list"), {"level": "law"})
        self.assertContains(response, "《现行乙》")
        self.assertNotContains(response, "《草案甲》")

    def test_query_count_does_not_grow_with_the_page(self):
        url = reverse("instruments:instrument-list")
        for i in range(3):
            make_instrument(title=f"《计数{i}》")
        with self.assertNumQueries(9):
            self.client.get(url)
        for i in range(3, 40):
            make_instrument(title=f"《计数{i}》")
        with self.assertNumQueries(9):
            self.client.get(url)


class DetailPageTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_case_page_shows_every_penalty_and_the_verbatim_texts(self):
        case = make_case(
            subject="详情公司",
            facts="违法事实原文",
            penalty_text="公司罚款 1 万元 直接负责人罚款 5 千元",
            penalties=[fine(10000), fine(5000, "responsible_person")],
        )
        response = self.client.get(reverse("enforcement:case-detail", args=[case.pk]))
        self.assertContains(response, "违法事实原文")
        self.assertContains(response, "公司罚款 1 万元 直接负责人罚款 5 千元")
        self.assertContains(response, "¥10,000")
        self.assertContains(response, "¥5,000")

    def test_instrument_page_links_draft_and_final_version_and_citing_cases(self):
        final = make_instrument(title="《个人信息保护法》", level="law")
        draft = make_instrument(
            title="《个人信息保护法（草案）》", is_draft=True, final_version=final
        )
        case = make_case(subject="援引公司")
        case.legal_basis.add(final)
        response = self.client.get(reverse("instruments:instrument-detail", args=[final.pk]))
        self.assertContains(response, "《个人信息保护法（草案）》")
        self.assertContains(response, "援引公司")
        response = self.client.get(reverse("instruments:instrument-detail", args=[draft.pk]))
        self.assertContains(response, reverse("instruments:instrument-detail", args=[final.pk]))

    def test_campaign_and_authority_pages_list_their_cases(self):
        from instruments.models import Authority

        campaign = make_campaign(focus="整治网络直播")
        authority = Authority.objects.create(name="测试网信办", family="cyberspace")
        case = make_case(subject="行动公司", campaign=campaign)
        case.authorities.add(authority)
        self.assertContains(
            self.client.get(reverse("enforcement:campaign-detail", args=[campaign.pk])), "行动公司"
        )
        self.assertContains(
            self.client.get(reverse("instruments:authority-detail", args=[authority.pk])),
            "行动公司",
        )


class LanguageTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        make_case(
            subject="语言公司",
            decided_on=datetime.date(2020, 8, 1),
            decided_precision="month",
            penalties=[fine(1000000)],
        )

    def test_chinese_by_default_english_when_chosen_and_remembered(self):
        url = reverse("enforcement:case-list")
        response = self.client.get(url, headers={"Accept-Language": "en"})
        self.assertContains(response, "执法案例")
        self.assertContains(response, "2020年8月")
        self.assertContains(response, "¥1,000,000")
        self.client.post(reverse("set_language"), {"language": "en", "next": url})
        response = self.client.get(url)
        self.assertContains(response, "Enforcement cases")
        self.assertContains(response, "Aug 2020")
        self.assertNotContains(response, "2020年8月")
        self.assertEqual(self.client.cookies["django_language"]["max-age"], 365 * 24 * 60 * 60)


class DashboardTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_dashboard_shows_counts_fines_and_tiles_drawn_by_the_app(self):
        make_case(
            family="miit",
            province=region("广东"),
            subject="最大罚款公司",
            penalties=[fine(200000)],
        )
        make_case(family="public_security", province=region("浙江"), penalties=[fine(None)])
        make_instrument(title="《待定草案》", is_draft=True)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "<svg", count=2)
        self.assertContains(response, "最大罚款公司")
        self.assertContains(response, "¥200,000")
        self.assertContains(response, "《待定草案》")
        self.assertContains(response, "广东省：1 个案例")
        self.assertNotContains(response, "http://")
        self.assertNotContains(response, "https://")

    def test_dashboard_query_count_is_fixed(self):
        for _ in range(5):
            make_case(province=region("广东"), penalties=[fine(1000)])
        with self.assertNumQueries(15):
            self.client.get(reverse("dashboard"))
        for _ in range(30):
            make_case(province=region("浙江"), penalties=[fine(1000)])
        with self.assertNumQueries(15):
            self.client.get(reverse("dashboard"))


class ReviewFindingsTests(TestCase):
    """Each guards a defect found in review."""

    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_a_filter_that_cannot_be_read_shows_its_error_and_no_rows(self):
        make_case(subject="不应出现公司", province=region("广东"))
        for params in (
            {"province": ["440000", "999"]},
            {"org_fine_min": "abc"},
            {"authority": "999999"},
        ):
            response = self.client.get(reverse("enforcement:case-list"), params)
            self.assertNotContains(response, "不应出现公司")
            self.assertContains(response, 'class="error"')
        export = self.client.get(
            reverse("enforcement:case-export", args=["csv"]), {"org_fine_min": "abc"}
        )
        self.assertEqual(export.status_code, 400)

    def test_search_never_matches_across_two_fields(self):
        make_case(subject="某科技公司", agency_text="广东省通信管理局")
        rows = self.client.get(reverse("enforcement:case-list"), {"q": "公司广"}).context["rows"]
        self.assertEqual(list(rows), [])

    def test_highlighting_keeps_escaped_text_intact(self):
        from lawtracker.templatetags.tracker import highlight

        self.assertEqual(highlight("x < y", "t"), "x &lt; y")
        self.assertEqual(highlight("a & b", "amp"), "a &amp; b")
        self.assertEqual(highlight("<b>罚款</b>", "罚款"), "&lt;b&gt;<mark>罚款</mark>&lt;/b&gt;")

    def test_a_control_character_does_not_break_the_xlsx_export(self):
        make_case(subject="换页\x0c公司")
        response = self.client.get(reverse("enforcement:case-export", args=["xlsx"]))
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertIn("换页公司", [cell for row in sheet.values for cell in row])

    def test_a_match_in_the_facts_is_shown_highlighted_in_the_list(self):
        make_case(subject="某物业公司", facts="该楼宇安装的人脸识别系统存在数据泄漏隐患")
        response = self.client.get(reverse("enforcement:case-list"), {"q": "人脸"})
        self.assertContains(response, "<mark>人脸</mark>识别系统")

    def test_unknown_export_formats_are_not_served(self):
        self.assertEqual(self.client.get("/cases/export.pdf").status_code, 404)

    def test_largest_fines_keep_the_fen(self):
        make_case(subject="角分公司", penalties=[fine("5000.50")])
        self.assertContains(self.client.get(reverse("dashboard")), "¥5,000.50")

    def test_the_results_fragment_is_never_served_from_cache_as_the_page(self):
        response = self.client.get(
            reverse("enforcement:case-list"), headers={"X-Partial": "results"}
        )
        self.assertIn("X-Partial", response["Vary"])
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_source_link_that_is_not_a_web_address_is_not_a_link(self):
        case = make_case(subject="链接公司", source_url="javascript:alert(1)")
        response = self.client.get(reverse("enforcement:case-detail", args=[case.pk]))
        self.assertNotContains(response, 'href="javascript:')

    def test_authority_options_do_not_query_per_authority(self):
        from instruments.models import Authority

        def grow(start, n):
            for i in range(start, start + n):
                authority = Authority.objects.create(
                    name=f"网安大队{i}", family="public_security", province=region("湖南")
                )
                make_case(subject=f"机构{i}").authorities.add(authority)

        grow(0, 2)
        with self.assertNumQueries(12):
            self.client.get(reverse("enforcement:case-list"))
        grow(2, 20)
        with self.assertNumQueries(12):
            self.client.get(reverse("enforcement:case-list"))
