"""The overview (enforcement/overview.py, the dashboard): counts, fines to the fen and
charts drawn by the app, national cases apart from the provinces, in a fixed number
of queries."""

import datetime

from django.test import TestCase
from django.urls import reverse

from tests.factories import make_case, make_instrument, make_user, region


def fine(amount, target="organization"):
    return ("fine", target, amount)


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
        self.assertContains(response, "<svg", count=3)  # families, cases and fines by month
        self.assertContains(response, "最大罚款公司")
        self.assertContains(response, "200,000元")
        self.assertContains(response, "《待定草案》")
        self.assertContains(response, "广东省：1 个案例")
        self.assertNotContains(response, "http://")
        self.assertNotContains(response, "https://")

    def test_dashboard_query_count_is_fixed(self):
        for _ in range(5):
            make_case(province=region("广东"), penalties=[fine(1000)])
        with self.assertNumQueries(18):
            self.client.get(reverse("dashboard"))
        for _ in range(30):
            make_case(province=region("浙江"), penalties=[fine(1000)])
        with self.assertNumQueries(18):
            self.client.get(reverse("dashboard"))
        with self.assertNumQueries(18):
            self.client.get(reverse("dashboard"), {"year": "2020", "family": "miit"})


class NationalOverviewTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        self.national = make_case(subject="全国性处罚公司", national=True, region_text="全国")
        self.local = make_case(subject="广东本地公司", province=region("广东"), city="深圳")

    def test_the_overview_counts_national_cases_apart_from_the_provinces(self):
        make_case(subject="地区不详公司", region_text="")
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "全国：中央机关作出的案件 1 件")
        self.assertContains(response, "地区不详的案件 1 件")
        self.assertContains(response, "广东省：1 个案例")
        self.assertContains(response, 'href="/cases/?province=national"')


class FinesTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_largest_fines_keep_the_fen(self):
        make_case(subject="角分公司", penalties=[fine("5000.50")])
        self.assertContains(self.client.get(reverse("dashboard")), "5,000.50元")


class OverviewFiguresTests(TestCase):
    def test_cases_known_to_the_year_are_counted_apart_from_the_months(self):
        """One read of the tallies by month and precision: a case known to the year is
        no month's, a case known to the month is its month's, and the total is every
        family's cases."""
        import datetime

        from enforcement.overview import overview

        make_case(decided_on=datetime.date(2020, 1, 1), decided_precision="year")
        make_case(decided_on=datetime.date(2020, 3, 1), decided_precision="month")
        make_case(decided_on=datetime.date(2020, 3, 15), family="cyberspace")
        make_case(decided_on=datetime.date(2020, 5, 2), family="public_security")
        shown = overview()
        self.assertEqual(shown["case_count"], 4)
        self.assertEqual(shown["month"]["year_only"], 1)
        bars = shown["month"]["chart"]["bars"]
        self.assertEqual([bar.value for bar in bars], [2, 0, 1])  # March, April, May


class OverviewSelectionTests(TestCase):
    """The overview as a report: a year and a family in the URL, every figure of the
    selection one click from its list."""

    def setUp(self):
        self.client.force_login(make_user("partner"))
        make_case(
            family="miit",
            province=region("广东"),
            subject="二〇二〇工信公司",
            decided_on=datetime.date(2020, 8, 12),
            penalties=[fine(50000)],
        )
        make_case(
            family="cyberspace",
            province=region("浙江"),
            subject="二〇二〇网信公司",
            decided_on=datetime.date(2020, 9, 1),
            penalties=[fine(90000)],
        )
        make_case(
            family="miit",
            province=region("广东"),
            subject="二〇二一工信公司",
            decided_text="2021.03.02",
            decided_on=datetime.date(2021, 3, 2),
            penalties=[fine(70000)],
        )

    def test_a_year_and_a_family_narrow_every_figure(self):
        response = self.client.get(reverse("dashboard"), {"year": "2020", "family": "miit"})
        self.assertEqual(response.context["case_count"], 1)
        self.assertEqual([c.subject for c in response.context["largest"]], ["二〇二〇工信公司"])
        tiles = {tile["region"].short_name: tile["n"] for tile in response.context["map"]["tiles"]}
        self.assertEqual((tiles["广东"], tiles["浙江"]), (1, 0))
        fines = [bar.value for bar in response.context["month"]["fines_chart"]["bars"]]
        self.assertEqual(sum(fines), 50000)

    def test_a_familys_bar_counts_its_cases_of_the_year_as_its_link_lists(self):
        response = self.client.get(reverse("dashboard"), {"year": "2020", "family": "miit"})
        for bar in response.context["family"]["chart"]["bars"]:
            listed = self.client.get(bar.url).context["totals"]["count"]
            self.assertEqual(bar.value, listed, bar.label)

    def test_each_figure_links_to_its_list_of_the_selection(self):
        response = self.client.get(reverse("dashboard"), {"year": "2020", "family": "miit"})
        guangdong = next(
            t for t in response.context["map"]["tiles"] if t["region"].short_name == "广东"
        )
        listed = self.client.get(guangdong["url"])
        self.assertEqual([c.subject for c in listed.context["rows"]], ["二〇二〇工信公司"])
        self.assertEqual(
            self.client.get(response.context["all_cases_url"]).context["totals"]["count"], 1
        )
        august = next(b for b in response.context["month"]["chart"]["bars"] if b.value)
        self.assertIn("family=miit", august.url)
        self.assertIn("date_from=2020-08-01", august.url)

    def test_an_unreadable_selection_is_said_and_the_whole_tracker_shown(self):
        response = self.client.get(reverse("dashboard"), {"year": "1999", "family": "police"})
        self.assertContains(response, 'class="error" role="alert"', count=2)
        self.assertEqual(response.context["case_count"], 3)
