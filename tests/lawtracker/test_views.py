"""The views both apps build on (lawtracker/views.py): who may read the partners' pages,
a list's results fragment for the page's script, and the error pages."""

from django.test import TestCase
from django.urls import reverse

from tests.factories import make_campaign, make_case, make_instrument, make_user

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


class ResultsFragmentTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

    def test_the_page_script_gets_the_results_alone(self):
        make_case(subject="片段公司")
        response = self.client.get(
            reverse("enforcement:case-list"), {"q": "片段"}, headers={"X-Partial": "results"}
        )
        self.assertContains(response, "<mark>片段</mark>公司")
        self.assertNotContains(response, "<html")

    def test_the_results_fragment_is_never_served_from_cache_as_the_page(self):
        response = self.client.get(
            reverse("enforcement:case-list"), headers={"X-Partial": "results"}
        )
        self.assertIn("X-Partial", response["Vary"])
        self.assertIn("no-store", response["Cache-Control"])


class ServerErrorTests(TestCase):
    def test_a_write_that_waited_out_the_database_lock_gets_a_plain_page(self):
        from django.db import OperationalError
        from django.test import RequestFactory

        from lawtracker.views import server_error

        request = RequestFactory().post("/admin/")
        request.LANGUAGE_CODE = "zh-hans"
        try:
            raise OperationalError("database is locked")
        except OperationalError:
            response = server_error(request)  # as Django calls it, inside its handler
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertContains(response, "系统繁忙", status_code=503)
        try:
            raise OperationalError("no such table: x")
        except OperationalError:
            self.assertEqual(server_error(request).status_code, 500)
