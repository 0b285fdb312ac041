"""Repeated wrong passwords lock that user name, on both login pages, until the cool-off
ends or an administrator unlocks it (django-axes)."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_user

PASSWORD = "a-test-only-password"
FRONT = reverse("login")
ADMIN = reverse("admin:login")


class LoginProtectionTests(TestCase):
    def setUp(self):
        self.partner = make_user("partner", username="li.na")

    def attempt(self, username, password, *, page=FRONT, **extra):
        return self.client.post(page, {"username": username, "password": password}, **extra)

    def fail(self, times, *, username="li.na", page=FRONT):
        for _ in range(times):
            self.attempt(username, "wrong", page=page)

    def assertLoggedIn(self, response, user):
        self.assertEqual(response.status_code, 302, response.content[:200])
        self.assertEqual(self.client.session.get("_auth_user_id"), str(user.pk))

    def assertLockedOut(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertTemplateUsed(response, "registration/locked_out.html")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_sixty_wrong_passwords_then_the_right_one_is_refused_while_locked(self):
        self.fail(60)
        self.assertLockedOut(self.attempt("li.na", PASSWORD))
        # The right password refused counts too: a lockout is never lifted by guessing.
        self.assertEqual(AccessAttempt.objects.get(username="li.na").failures_since_start, 61)

    def test_the_lock_comes_at_the_limit_not_before(self):
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assertLoggedIn(self.attempt("li.na", PASSWORD), self.partner)

    def test_a_right_password_clears_the_count_of_earlier_typos(self):
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assertLoggedIn(self.attempt("li.na", PASSWORD), self.partner)
        self.client.logout()
        self.fail(settings.AXES_FAILURE_LIMIT - 1)
        self.assertLoggedIn(self.attempt("li.na", PASSWORD), self.partner)

    def test_the_admin_login_locks_the_same_user_name(self):
        self.fail(settings.AXES_FAILURE_LIMIT, page=ADMIN)
        self.assertLockedOut(self.attempt("li.na", PASSWORD, page=ADMIN))
        self.assertLockedOut(self.attempt("li.na", PASSWORD))

    def test_another_user_behind_the_same_address_still_logs_in(self):
        colleague = make_user("associate", username="wang.fang")
        self.fail(60)
        response = self.attempt("wang.fang", PASSWORD, REMOTE_ADDR="127.0.0.1")
        self.assertLoggedIn(response, colleague)
        self.assertEqual(
            set(AccessAttempt.objects.values_list("ip_address", flat=True)), {"127.0.0.1"}
        )

    def test_after_the_cool_off_the_right_password_works(self):
        self.fail(60)
        self.assertLockedOut(self.attempt("li.na", PASSWORD))
        # The last attempt was longer ago than the cool-off, as if that time had passed.
        past = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
        AccessAttempt.objects.update(attempt_time=past - timedelta(seconds=1))
        self.assertLoggedIn(self.attempt("li.na", PASSWORD), self.partner)

    def test_the_lock_lasts_half_an_hour_and_holds_from_any_address(self):
        self.fail(60)
        last = AccessAttempt.objects.get().attempt_time
        # Twenty-nine minutes on, the user name is still locked, from another address too.
        AccessAttempt.objects.update(attempt_time=last - timedelta(minutes=29))
        self.assertLockedOut(self.attempt("li.na", PASSWORD, REMOTE_ADDR="10.0.0.2"))
        # Half an hour after the last attempt, the right password works again.
        AccessAttempt.objects.update(attempt_time=last - timedelta(minutes=30, seconds=1))
        self.assertLoggedIn(self.attempt("li.na", PASSWORD), self.partner)

    def test_an_administrator_unlocks_with_the_command(self):
        self.fail(60)
        call_command("axes_reset_username", "li.na")
        self.assertLoggedIn(self.attempt("li.na", PASSWORD), self.partner)

    def test_an_administrator_unlocks_in_the_admin(self):
        self.fail(60)
        attempt = AccessAttempt.objects.get(username="li.na")
        admin_client = self.client_class()
        admin_client.force_login(make_user("admin"))
        delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
        response = admin_client.post(delete, {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AccessAttempt.objects.exists())
        self.assertLoggedIn(self.attempt("li.na", PASSWORD), self.partner)

    def test_failures_and_the_lockout_are_logged(self):
        with self.assertLogs("axes", level="WARNING") as logs:
            self.fail(settings.AXES_FAILURE_LIMIT)
        messages = [record.getMessage() for record in logs.records]
        self.assertIn("New login failure", messages[0])
        self.assertIn("li.na", messages[0])
        self.assertTrue(
            any("Locking out" in message and "li.na" in message for message in messages)
        )
        self.assertNotIn("wrong", " ".join(messages))  # the password typed is never logged

    def test_the_locked_out_page_is_a_page_in_chinese_first_with_english_available(self):
        self.fail(settings.AXES_FAILURE_LIMIT)
        response = self.attempt("li.na", PASSWORD)
        self.assertContains(response, '<html lang="zh-hans">', status_code=429)
        self.assertContains(response, '<option value="en">English</option>', status_code=429)
        self.assertContains(response, 'href="/static/lawtracker/app.css"', status_code=429)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.attempt("li.na", PASSWORD)
        self.assertContains(response, "<h1", status_code=429)
        self.assertContains(response, "Login locked", status_code=429)
        self.assertContains(response, "10 wrong passwords in a row", status_code=429)
        self.assertContains(response, "Try again 30 minutes after", status_code=429)
        self.assertNotContains(response, PASSWORD, status_code=429)
