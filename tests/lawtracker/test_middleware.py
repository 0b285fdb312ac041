"""Every response carries the security headers; a logged-in user's pages are cached by no
one; the policy allows no inline script or style, and our templates hold none; pages
speak Chinese unless the user chose another language (lawtracker/middleware.py)."""

import base64
import datetime
import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from tests.factories import make_case, make_user

TEMPLATE_DIRS = [
    settings.BASE_DIR / app / "templates" for app in ("lawtracker", "instruments", "enforcement")
]
SCRIPT = settings.BASE_DIR / "lawtracker" / "static" / "lawtracker" / "app.js"


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


class SecurityHeaderTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        self.case = make_case()

    def test_a_logged_in_page_carries_every_security_header(self):
        response = self.client.get(reverse("dashboard"), secure=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains"
        )
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertEqual(
            policy(response),
            {
                "default-src": ["'self'"],
                "object-src": ["'none'"],
                "base-uri": ["'self'"],
                "form-action": ["'self'"],
                "frame-ancestors": ["'none'"],
            },
        )

    def test_the_proxys_https_header_makes_a_request_secure(self):
        response = self.client.get(reverse("dashboard"), headers={"x-forwarded-proto": "https"})
        self.assertIn("Strict-Transport-Security", response)
        response = self.client.get(reverse("dashboard"))
        self.assertNotIn("Strict-Transport-Security", response)

    def test_no_page_of_ours_allows_inline_script_or_style(self):
        pages = [
            reverse("dashboard"),
            reverse("enforcement:case-list"),
            reverse("enforcement:case-detail", args=[self.case.pk]),
            reverse("instruments:instrument-list"),
            reverse("enforcement:campaign-list"),
            reverse("login"),
        ]
        for page in pages:
            response = self.client.get(page)
            sources = " ".join(" ".join(values) for values in policy(response).values())
            self.assertNotIn("unsafe", sources, page)
            self.assertNotIn("script-src", policy(response), page)
            self.assertNotIn("style-src", policy(response), page)

    def test_the_admin_allows_only_the_hashed_attributes_of_its_library_templates(self):
        self.client.force_login(make_user("associate"))
        response = self.client.get(reverse("admin:enforcement_case_changelist"))
        directives = policy(response)
        for name in ("script-src", "style-src"):
            self.assertNotIn("'unsafe-inline'", directives[name])
            self.assertEqual(directives[name][:2], ["'self'", "'unsafe-hashes'"])
            self.assertTrue(all(s.startswith("'sha256-") for s in directives[name][2:]))
        self.assertEqual(directives["default-src"], ["'self'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])

    def test_a_logged_in_users_pages_and_exports_are_private_and_not_stored(self):
        self.client.force_login(make_user("associate"))
        pages = [
            reverse("dashboard"),
            reverse("enforcement:case-list") + "?q=x",
            reverse("enforcement:case-detail", args=[self.case.pk]),
            reverse("enforcement:case-export", args=["csv"]),
            reverse("admin:enforcement_case_changelist"),
            reverse("admin:enforcement_case_change", args=[self.case.pk]),
        ]
        for page in pages:
            response = self.client.get(page)
            self.assertEqual(response.status_code, 200, page)
            directives = {d.strip() for d in response["Cache-Control"].split(",")}
            self.assertLessEqual({"private", "no-store"}, directives, page)
            self.assertNotIn("public", directives, page)

    def test_an_anonymous_redirect_is_not_marked_private_by_us(self):
        response = Client().get(reverse("enforcement:case-list"))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("Cache-Control", response)

    @override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
    def test_static_files_keep_their_cache_for_a_logged_in_user(self):
        client = Client()  # a new handler, so WhiteNoise reads the settings above
        client.force_login(make_user("partner"))
        response = client.get("/static/lawtracker/app.css")
        self.assertEqual(response.status_code, 200)
        self.assertIn("max-age=", response["Cache-Control"])
        self.assertNotIn("no-store", response["Cache-Control"])
        self.assertNotIn("private", response["Cache-Control"])


class SessionTests(TestCase):
    def test_a_session_lasts_a_working_day_and_ends_with_the_browser(self):
        make_user("partner", username="li.na")
        response = self.client.post(
            reverse("login"), {"username": "li.na", "password": "a-test-only-password"}
        )
        self.assertEqual(response.status_code, 302)
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertEqual(cookie["max-age"], "")  # a browser-session cookie: no lifetime
        self.assertEqual(cookie["expires"], "")
        self.assertTrue(cookie["secure"])
        self.assertTrue(cookie["httponly"])
        self.assertEqual(self.client.session.get_expiry_age(), 10 * 60 * 60)
        self.assertTrue(self.client.session.get_expire_at_browser_close())
        self.assertTrue(response.cookies[settings.CSRF_COOKIE_NAME]["secure"])


class NoInlineCodeTests(TestCase):
    """The policy would block inline script and style: our templates and script hold none."""

    INLINE = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I
    )

    def test_no_template_holds_inline_script_style_or_handler(self):
        templates = [path for folder in TEMPLATE_DIRS for path in Path(folder).rglob("*.html")]
        self.assertGreater(len(templates), 20)
        found = [
            f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
            for path in templates
            for match in self.INLINE.finditer(path.read_text())
        ]
        self.assertEqual(found, [])

    def test_the_script_sets_no_inline_style(self):
        script = SCRIPT.read_text()
        for forbidden in ('createElement("style")', ".style", 'setAttribute("style"', "cssText"):
            self.assertNotIn(forbidden, script)

    def test_the_pattern_finds_what_the_policy_would_block(self):
        for snippet in (
            "<script>alert(1)</script>",
            '<a style="color: red">',
            '<input onchange="go()">',
            "<style>p {}</style>",
        ):
            self.assertRegex(snippet, self.INLINE)
        self.assertNotRegex('<script src="/static/app.js" defer></script>', self.INLINE)


class AdminExceptionTests(TestCase):
    """The admin's exception allows exactly the inline attributes of the library templates
    that need it: a hash no template uses any more, or an attribute left out, fails here."""

    TEMPLATES = ["simple_history/object_history_list.html", "admin/import_export/export.html"]
    ATTRIBUTE = re.compile(r'\s(style|on[a-z]+)="([^"{}]*)"')

    def test_every_allowed_hash_is_of_an_attribute_in_a_library_template(self):
        found = {"style-src": set(), "script-src": set()}
        for name in self.TEMPLATES:
            text = Path(get_template(name).origin.name).read_text()
            for attribute, value in self.ATTRIBUTE.findall(text):
                digest = base64.b64encode(hashlib.sha256(value.encode()).digest()).decode()
                kind = "style-src" if attribute == "style" else "script-src"
                found[kind].add(f"'sha256-{digest}'")
        allowed = settings.ADMIN_CONTENT_SECURITY_POLICY_REPLACE
        for kind, hashes in found.items():
            self.assertEqual(set(allowed[kind][2:]), hashes, kind)


class LanguageTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        make_case(
            subject="语言公司",
            decided_on=datetime.date(2020, 8, 1),
            decided_precision="month",
            penalties=[("fine", "organization", 1000000)],
        )

    def test_chinese_by_default_english_when_chosen_and_remembered(self):
        url = reverse("enforcement:case-list")
        response = self.client.get(url, headers={"Accept-Language": "en"})
        self.assertContains(response, "执法案例")
        self.assertContains(response, "2020年8月")
        self.assertContains(response, "1,000,000元")
        self.client.post(reverse("set_language"), {"language": "en", "next": url})
        response = self.client.get(url)
        self.assertContains(response, "Enforcement cases")
        self.assertContains(response, "Aug 2020")
        self.assertNotContains(response, "2020年8月")
        self.assertEqual(self.client.cookies["django_language"]["max-age"], 365 * 24 * 60 * 60)
