"""Filters a partner can trust: every unreadable value is shown on the page and refused by
the export with the same words; the active filters are listed, each removable; columns
sort from their headers; a case's violation types show in the list."""

from django.test import TestCase
from django.urls import reverse

from enforcement.models import ViolationCategory
from tests.factories import make_case, make_user, region

LIST = reverse("enforcement:case-list")

# Each filter, given a value no reader could take for a filter's value.
BAD_VALUES = {
    "date_from": "2020-99-99",
    "date_to": "去年",
    "org_fine_min": "五万",
    "individual_fine_max": "1e",
    "province": "999999",
    "family": "police",
    "penalty": "jail",
    "subject_kind": "robot",
    "authority": "999999",
    "category": "abc",
    "campaign": "999999",
    "amount_unknown": "maybe",
    "sort": "cheapest",
    "q": "罚" * 201,
}


class BadFilterValueTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        make_case(subject="不应出现的公司")

    def test_every_unreadable_value_is_shown_and_no_case_listed(self):
        for name, value in BAD_VALUES.items():
            with self.subTest(name=name):
                response = self.client.get(LIST, {name: value})
                self.assertEqual(response.status_code, 200)
                form = response.context["filter"].form
                self.assertIn(name, form.errors)
                self.assertContains(response, 'class="error" role="alert"')
                self.assertNotContains(response, "不应出现的公司")

    def test_the_export_refuses_it_with_the_same_words(self):
        for name, value in BAD_VALUES.items():
            for kind in ("csv", "xlsx"):
                with self.subTest(name=name, kind=kind):
                    page = self.client.get(LIST, {name: value})
                    said = " ".join(page.context["filter"].form.errors[name])
                    url = reverse("enforcement:case-export", args=[kind])
                    response = self.client.get(url, {name: value})
                    self.assertEqual(response.status_code, 400)
                    self.assertContains(response, said, status_code=400)
                    self.assertContains(response, "<h1>", status_code=400)  # a page, not text

    def test_the_results_the_page_redraws_say_it_too_and_offer_no_export(self):
        response = self.client.get(LIST, {"date_from": "2020-99-99"}, HTTP_X_PARTIAL="results")
        self.assertContains(response, 'class="error problems" role="alert"')
        self.assertContains(response, "2020-99-99")
        self.assertNotContains(response, "export.xlsx")
        refused = self.client.get(
            reverse("enforcement:case-export", args=["xlsx"]), {"date_from": "2020-99-99"}
        )
        self.assertContains(refused, "/cases/?date_from=2020-99-99", status_code=400)

    def test_an_unreadable_date_says_how_to_write_one(self):
        response = self.client.get(LIST, {"date_from": "2020-99-99"})
        self.assertIn("2020-99-99", " ".join(response.context["filter"].form.errors["date_from"]))
        self.assertEqual(self.client.get(LIST, {"date_from": "2020.08"}).status_code, 200)
        self.assertEqual(
            self.client.get(LIST, {"date_from": "2020年8月"}).context["filter"].form.errors, {}
        )


class ActiveFilterTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        make_case(subject="广东公司", province=region("广东"))

    def test_each_filter_value_is_a_chip_that_removes_it_alone(self):
        response = self.client.get(
            LIST,
            {
                "family": ["miit", "cyberspace"],
                "province": "440000",
                "date_from": "2020",
                "page": "1",
            },
        )
        chips = {
            (str(chip["label"]), chip["value"]): chip["url"] for chip in response.context["chips"]
        }
        self.assertEqual(
            set(chips),
            {("监管部门", "工信"), ("监管部门", "网信"), ("省份", "广东"), ("起", "2020")},
        )
        removing_miit = chips[("监管部门", "工信")]
        self.assertNotIn("family=miit", removing_miit)
        self.assertIn("family=cyberspace", removing_miit)
        self.assertIn("province=440000", removing_miit)
        self.assertNotIn("page=", removing_miit)
        self.assertContains(response, 'class="chip"')

    def test_no_chip_without_a_filter(self):
        self.assertNotContains(self.client.get(LIST), 'class="chip"')


class SortAndColumnTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        case = make_case(subject="应用公司", penalties=[("fine", "organization", "10000")])
        category = ViolationCategory.objects.create(
            name="违规收集个人信息", name_en="Unlawful collection"
        )
        case.violation_categories.add(category)

    def test_headers_sort_and_say_which_way(self):
        page = self.client.get(LIST).content.decode()
        self.assertIn(
            'aria-sort="descending"><a class="sort sort-descending" href="?sort=date"', page
        )
        self.assertIn('href="?sort=-fine"', page)
        self.assertIn('href="?sort=region"', page)
        page = self.client.get(LIST, {"sort": "-fine"}).content.decode()
        self.assertIn('href="?sort=fine"', page)
        self.assertIn('aria-sort="none"><a class="sort sort-none" href="?sort=-date"', page)

    def test_the_list_shows_the_violation_type(self):
        self.assertContains(
            self.client.get(LIST),
            '<span class="tag tag-violation">违规收集个人信息</span>',
            html=True,
        )
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(LIST), "Unlawful collection")


class FacetTests(TestCase):
    """Each family's and kind of penalty's count for the list's other filters, when the
    tallies answer them; one click narrows the list to it."""

    def setUp(self):
        self.client.force_login(make_user("partner"))
        make_case(
            family="miit", province=region("广东"), penalties=[("fine", "organization", "1000")]
        )
        make_case(
            family="miit", province=region("广东"), penalties=[("warning", "organization", None)]
        )
        make_case(
            family="cyberspace",
            province=region("广东"),
            penalties=[("warning", "organization", None)],
        )
        make_case(
            family="cyberspace",
            province=region("浙江"),
            penalties=[("warning", "organization", None)],
        )

    def facets(self, **params) -> dict:
        response = self.client.get(LIST, params)
        return {
            str(group["label"]): {
                str(o["label"]): (o["n"], o["url"], o["chosen"]) for o in group["options"]
            }
            for group in response.context["facets"]
        }

    def test_counts_follow_the_other_filters(self):
        facets = self.facets(province="440000", family="miit")
        self.assertEqual(facets["监管部门"]["工信"][:1], (2,))
        self.assertEqual(facets["监管部门"]["网信"][:1], (1,))  # the family filter aside
        self.assertTrue(facets["监管部门"]["工信"][2])
        self.assertEqual(facets["处罚"]["警告"][:1], (1,))  # within 工信 in 广东
        self.assertEqual(facets["处罚"]["罚款"][:1], (1,))

    def test_a_facet_narrows_the_list_to_its_option(self):
        url = self.facets(province="440000")["监管部门"]["网信"][1]
        self.assertIn("family=cyberspace", url)
        listed = self.client.get(LIST + url)
        self.assertEqual(listed.context["totals"]["count"], 1)

    def test_no_facets_where_they_are_not_cheap(self):
        self.assertEqual(self.facets(q="公司"), {})
        self.assertEqual(self.facets(date_from="2020-08-15"), {})  # a range inside a month
