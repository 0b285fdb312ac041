"""Repeated wrong passwords lock that user name, on both login pages, until the cool-off
ends or an administrator unlocks it (django-axes)."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Permission
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

    def test_the_cool_off_is_half_an_hour(self):
        self.assertEqual(settings.AXES_COOLOFF_TIME, timedelta(minutes=30))
        self.assertEqual(settings.AXES_LOCKOUT_PARAMETERS, ["username"])
        self.assertEqual(
            settings.AUTHENTICATION_BACKENDS[0], "axes.backends.AxesStandaloneBackend"
        )

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


class AccessRecordsAdminTests(TestCase):
    """Who tried to log in, from where, is for superusers alone."""

    def setUp(self):
        make_user("partner", username="li.na")
        self.client.post(FRONT, {"username": "li.na", "password": "wrong"})
        self.attempt = AccessAttempt.objects.get()

    def test_a_superuser_lists_and_opens_the_attempts(self):
        self.client.force_login(make_user("admin"))
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertContains(response, "li.na")
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, reverse("admin:axes_accessattempt_changelist"))
        response = self.client.get(
            reverse("admin:axes_accessattempt_change", args=[self.attempt.pk])
        )
        self.assertContains(response, "li.na")

    def test_a_superuser_cleans_up_expired_attempts_and_keeps_the_others(self):
        make_user("associate", username="wang.fang")
        self.client.post(FRONT, {"username": "wang.fang", "password": "wrong"})
        expired = AccessAttempt.objects.filter(username="li.na")
        expired.update(attempt_time=self.attempt.attempt_time - timedelta(hours=1))
        self.client.force_login(make_user("admin"))
        response = self.client.post(
            reverse("admin:axes_accessattempt_changelist"),
            {"action": "cleanup_expired_attempts", "_selected_action": [self.attempt.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(AccessAttempt.objects.values_list("username", flat=True)), ["wang.fang"]
        )

    def test_staff_given_every_axes_permission_still_cannot_read_them(self):
        associate = make_user("associate")
        associate.user_permissions.set(Permission.objects.filter(content_type__app_label="axes"))
        self.client.force_login(associate)
        for name in ("accessattempt", "accesslog", "accessfailurelog"):
            response = self.client.get(reverse(f"admin:axes_{name}_changelist"))
            self.assertEqual(response.status_code, 403, name)
        response = self.client.get(
            reverse("admin:axes_accessattempt_delete", args=[self.attempt.pk])
        )
        self.assertEqual(response.status_code, 403)
        response = self.client.get(reverse("admin:index"))
        self.assertNotContains(response, "axes")

    def test_a_partner_cannot_read_them(self):
        self.client.force_login(make_user("partner"))
        response = self.client.get(reverse("admin:axes_accessattempt_changelist"))
        self.assertEqual(response.status_code, 403)
