"""The cases' and campaigns' pages (enforcement/views.py): what the lists show for a
filter, the exports, a case's and a campaign's page, and query counts that do not grow
with the list."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instruments.models import Authority
from tests.factories import make_campaign, make_case, make_user, region


def fine(amount, target="organization"):
    return ("fine", target, amount)


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

    def test_query_count_does_not_grow_with_the_page(self):
        def grow(n, start):
            for i in range(start, start + n):
                make_case(subject=f"计数{i}", province=region("广东"), penalties=[fine(1000)])

        url = reverse("enforcement:case-list")
        grow(3, 0)
        with self.assertNumQueries(12):
            self.client.get(url, {"q": "计数", "province": "440000"})
        grow(40, 3)
        with self.assertNumQueries(12):
            response = self.client.get(url, {"q": "计数", "province": "440000"})
        self.assertEqual(len(response.context["rows"]), 43)

    def test_a_penalty_shows_its_kind_in_the_interfaces_language(self):
        case = make_case(
            subject="标签公司", penalties=[fine(1000), fine(500, "responsible_person")]
        )
        tag = '<span class="tag" title="%s">%s</span>'
        self.assertContains(self.get(), tag % ("罚款 · Fine", "罚款"), html=True)
        page = self.client.get(reverse("enforcement:case-detail", args=[case.pk]))
        self.assertContains(page, "直接负责人")
        self.assertNotContains(page, "Responsible person")
        self.client.cookies.load({"django_language": "en"})
        self.assertContains(self.get(), tag % ("Fine · 罚款", "Fine"), html=True)


class NationalCaseTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        self.national = make_case(subject="全国性处罚公司", national=True, region_text="全国")
        self.local = make_case(subject="广东本地公司", province=region("广东"), city="深圳")

    def test_a_national_case_shows_as_全国_in_the_list_and_on_its_page(self):
        response = self.client.get(reverse("enforcement:case-list"))
        self.assertContains(response, '<td class="nowrap card-hide">全国</td>', html=True)
        self.assertContains(response, '<td class="nowrap card-hide">广东 深圳</td>', html=True)
        page = self.client.get(reverse("enforcement:case-detail", args=[self.national.pk]))
        self.assertContains(page, '<a href="/cases/?province=national">全国</a>', html=True)
        self.client.cookies.load({"django_language": "en"})
        english = self.client.get(reverse("enforcement:case-list"))
        self.assertContains(english, '<td class="nowrap card-hide">National</td>', html=True)

    def test_the_province_filter_selects_national_cases_alone_or_with_provinces(self):
        url = reverse("enforcement:case-list")
        response = self.client.get(url, {"province": "national"})
        self.assertContains(response, "全国性处罚公司")
        self.assertNotContains(response, "广东本地公司")
        self.assertContains(
            response,
            '<input type="checkbox" name="province" value="national" id="id_province_0" checked>',
            html=True,
        )
        self.assertContains(response, "<summary>全国</summary>", html=True)  # the choice shows
        both = self.client.get(url, {"province": ["national", "440000"]})
        self.assertContains(both, "全国性处罚公司")
        self.assertContains(both, "广东本地公司")
        export = self.client.get(
            reverse("enforcement:case-export", args=["csv"]), {"province": "national"}
        )
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        province, subject = rows[0].index("省级行政区"), rows[0].index("被处罚主体")
        self.assertEqual(
            [(row[province], row[subject]) for row in rows[1:]], [("全国", "全国性处罚公司")]
        )


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
        with self.assertNumQueries(7):
            self.client.get(url)
        for _ in range(30):
            make_campaign()
        with self.assertNumQueries(7):
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
        self.assertContains(response, "10,000元")
        self.assertContains(response, "5,000元")

    def test_a_campaign_page_lists_its_cases(self):
        campaign = make_campaign(focus="整治网络直播")
        case = make_case(subject="行动公司", campaign=campaign)
        case.authorities.add(Authority.objects.create(name="测试网信办", family="cyberspace"))
        self.assertContains(
            self.client.get(reverse("enforcement:campaign-detail", args=[campaign.pk])), "行动公司"
        )


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
        with self.assertNumQueries(13):
            self.client.get(reverse("enforcement:case-list"))
        grow(2, 20)
        with self.assertNumQueries(13):
            self.client.get(reverse("enforcement:case-list"))


class PagesThatListCasesPaginateTests(TestCase):
    """An authority's, a campaign's and an instrument's page list their cases a page at a
    time, in a fixed number of queries however many there are."""

    def setUp(self):
        self.client.force_login(make_user("partner"))
        self.authority = Authority.objects.create(name="深圳市公安局", family="public_security")
        self.campaign = make_campaign()

    def grow(self, n):
        for _ in range(n):
            case = make_case(campaign=self.campaign, penalties=[fine(1000)])
            case.authorities.add(self.authority)

    def test_an_authority_and_a_campaign_list_their_cases_a_page_at_a_time(self):
        urls = [
            reverse("instruments:authority-detail", args=[self.authority.pk]),
            reverse("enforcement:campaign-detail", args=[self.campaign.pk]),
        ]
        self.grow(3)
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                self.client.get(url)
            counts.append(len(captured))
        self.grow(60)
        for url, count in zip(urls, counts, strict=True):
            with self.assertNumQueries(count):
                response = self.client.get(url)
            self.assertEqual(len(response.context["cases"]), 50)
            self.assertEqual(response.context["page_obj"].paginator.count, 63)
            self.assertContains(response, "?page=2")
            self.assertEqual(len(self.client.get(url, {"page": 2}).context["cases"]), 13)
        totals = self.client.get(urls[1]).context["totals"]
        self.assertEqual((totals["count"], totals["known_fines"]), (63, Decimal("63000.00")))


class PageSizeTests(TestCase):
    def test_a_page_of_25_or_100_cases_takes_the_same_queries(self):
        self.client.force_login(make_user("partner"))
        for _ in range(120):
            make_case(penalties=[fine(1000)])
        url = reverse("enforcement:case-list")
        counts = {}
        for size in (25, 100):
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url, {"per_page": size})
            counts[size] = len(captured)
            self.assertEqual(len(response.context["rows"]), size)
        self.assertEqual(counts[25], counts[100])
        self.assertEqual(len(self.client.get(url, {"per_page": 7}).context["rows"]), 50)
        second = self.client.get(url, {"per_page": 100, "page": 2})
        self.assertEqual(len(second.context["rows"]), 20)
