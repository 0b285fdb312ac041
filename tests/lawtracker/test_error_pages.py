"""Pages that fail gracefully: 400, 403, 404 and 500 in the site's style and the user's
language, a favicon, and no link a user's role cannot follow."""

from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from lawtracker.views import server_error
from tests.factories import make_case, make_instrument, make_user


class ErrorPageTests(TestCase):
    def test_a_missing_page_is_the_sites_own_in_the_users_language(self):
        self.client.force_login(make_user("partner"))
        response = self.client.get("/cases/999999/")
        self.assertContains(response, "<h1>未找到</h1>", status_code=404, html=False)
        self.assertContains(response, 'class="brand"', status_code=404)
        self.client.cookies["django_language"] = "en"
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "<h1>Not found</h1>", status_code=404)

    def test_a_page_closed_to_the_role_says_so_in_the_sites_style(self):
        self.client.force_login(make_user(None))  # logged in, no role
        response = self.client.get(reverse("enforcement:case-list"))
        self.assertContains(response, "<h1>无权访问</h1>", status_code=403)

    def test_a_server_error_page_reads_no_database_and_speaks_the_language(self):
        request = RequestFactory().get("/")
        with translation.override("en"), self.assertNumQueries(0):
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertIn("Something went wrong", response.content.decode())
        with translation.override("zh-hans"):
            self.assertIn("出错了", server_error(request).content.decode())

    @override_settings(DEBUG=False)
    def test_a_bad_request_is_the_sites_own(self):
        self.client.force_login(make_user("partner"))
        response = self.client.get(
            reverse("enforcement:case-export", args=["csv"]), {"family": "x"}
        )
        self.assertContains(response, "<h1>", status_code=400)
        self.assertContains(response, "监管部门", status_code=400)


class FaviconTests(TestCase):
    def test_every_page_names_an_icon_and_the_root_one_is_found(self):
        self.client.force_login(make_user("partner"))
        self.assertContains(self.client.get(reverse("dashboard")), 'rel="icon"')
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith(".svg"))


class RoleLinkTests(TestCase):
    def test_a_partner_is_offered_no_edit_link_an_associate_is(self):
        case = make_case()
        instrument = make_instrument()
        pages = [
            reverse("enforcement:case-detail", args=[case.pk]),
            reverse("instruments:instrument-detail", args=[instrument.pk]),
        ]
        self.client.force_login(make_user("partner"))
        for url in pages:
            self.assertNotContains(self.client.get(url), "/change/")
        self.client.force_login(make_user("associate"))
        for url in pages:
            self.assertContains(self.client.get(url), "/change/")


class CsrfFailureTests(TestCase):
    def test_a_form_without_its_token_gets_the_sites_page(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user("associate"))
        response = client.post(reverse("admin:enforcement_case_add"), {})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "无权访问", status_code=403)
        self.assertContains(response, "安全令牌", status_code=403)
        self.assertContains(response, 'data-error="csrf"', status_code=403)
