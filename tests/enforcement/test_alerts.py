"""What's new (enforcement/alerts.py), the Atom feeds (feeds.py) and the saved searches'
digests (digests.py, manage.py send_digests): each change with what changed, feeds only
for their key's reader, each new match mailed once, one-click unsubscribe."""

import datetime
import io
import smtplib
import xml.etree.ElementTree as ET
from unittest import mock

from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from enforcement import digests
from enforcement.feeds import feed_key
from enforcement.models import Case, DigestEntry, SavedSearch
from tests.factories import make_case, make_instrument, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:
    feed = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


class ChangesPageTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))
        self.url = reverse("enforcement:changes")

    def test_a_change_shows_the_field_its_old_and_its_new_value(self):
        case = make_case(subject="旧名称公司")
        since = timezone.localdate() + datetime.timedelta(days=1)
        case.subject = "新名称公司"
        case.save()
        response = self.client.get(self.url, {"since": timezone.localdate().isoformat()})
        self.assertContains(response, "新名称公司")
        self.assertContains(response, "新增")  # created today: shown as added
        self.assertNotContains(
            self.client.get(self.url, {"since": since.isoformat()}), "新名称公司"
        )

    def test_a_record_changed_since_the_day_lists_what_changed(self):
        case = make_case(subject="旧名称公司", facts="旧事实")
        yesterday = timezone.now() - datetime.timedelta(days=1)
        case.history.update(history_date=yesterday)
        case.subject, case.facts = "新名称公司", "新事实"
        case.save()
        make_case(subject="另一家").history.update(history_date=yesterday)
        response = self.client.get(self.url, {"since": timezone.localdate().isoformat()})
        self.assertContains(response, "<del>旧名称公司</del> → <ins>新名称公司</ins>", html=False)
        self.assertContains(response, "<del>旧事实</del>", html=False)
        self.assertNotContains(response, "另一家")

    def test_instruments_taking_effect_soon_and_pending_drafts_with_their_age(self):
        today = timezone.localdate()
        make_instrument(title="《二十天后施行》", effective_on=today + datetime.timedelta(days=20))
        make_instrument(title="《六十天后施行》", effective_on=today + datetime.timedelta(days=60))
        make_instrument(
            title="《某办法（征求意见稿）》",
            is_draft=True,
            published_on=today - datetime.timedelta(days=400),
        )
        response = self.client.get(self.url)
        content = response.content.decode()
        soon_30 = content[content.index('id="soon-30"') : content.index('id="soon-90"')]
        self.assertIn("《二十天后施行》", soon_30)
        self.assertNotIn("《六十天后施行》", soon_30)
        self.assertContains(response, "《六十天后施行》")
        self.assertContains(response, "1年前发布")

    def test_an_unreadable_day_is_said(self):
        response = self.client.get(self.url, {"since": "2020-99-99"})
        self.assertContains(response, 'role="alert"', status_code=400)

    def test_the_page_runs_a_fixed_number_of_queries(self):
        for n in range(3):
            make_case(subject=f"公司{n}")
        self.client.get(self.url)  # the first makes the reader's feed key
        with self.assertNumQueries(14):
            self.client.get(self.url)
        for n in range(20):
            make_case(subject=f"又一家{n}")
        with self.assertNumQueries(14):
            self.client.get(self.url)


class FeedTests(TestCase):
    def setUp(self):
        self.partner = make_user("partner")
        self.key = feed_key(self.partner)

    def test_a_feed_opens_with_its_readers_key_and_no_other(self):
        make_case(subject="订阅测试公司", family="miit")
        url = reverse("enforcement:feed-cases", args=[self.key])
        response = self.client.get(url, {"family": "miit"})
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        self.assertTrue(any("订阅测试公司" in title for title in entries(response)))
        self.assertIn("no-store", response["Cache-Control"])
        for key in (self.key[:-1] + "0", "1-x", "abc", feed_key(make_user())):
            with self.subTest(key=key):
                url = reverse("enforcement:feed-cases", args=[key])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_new_addresses_stop_the_old_ones(self):
        self.client.force_login(self.partner)
        self.client.post(reverse("enforcement:saved-searches"), {"new_feed_key": "1"})
        old = reverse("enforcement:feed-changes", args=[self.key])
        self.assertEqual(self.client.get(old).status_code, 404)
        new = reverse("enforcement:feed-changes", args=[feed_key(self.partner)])
        self.assertEqual(self.client.get(new).status_code, 200)

    def test_a_reader_who_loses_the_role_loses_the_feed(self):
        self.partner.groups.clear()
        url = reverse("enforcement:feed-changes", args=[self.key])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_search_feed_holds_what_the_list_finds(self):
        make_case(subject="工信公司", family="miit")
        make_case(subject="网信公司", family="cyberspace")
        url = reverse("enforcement:feed-cases", args=[self.key])
        titles = " ".join(entries(self.client.get(url, {"family": "cyberspace"})))
        self.assertIn("网信公司", titles)
        self.assertNotIn("工信公司", titles)
        make_instrument(title="《某数据办法》")
        url = reverse("enforcement:feed-instruments", args=[self.key])
        self.assertIn("《某数据办法》", entries(self.client.get(url, {"q": "数据"})))

    def test_the_changes_upcoming_and_drafts_feeds(self):
        make_case(subject="新录入公司")
        today = timezone.localdate()
        make_instrument(title="《下月施行》", effective_on=today + datetime.timedelta(days=30))
        make_instrument(title="《草案》", is_draft=True)
        changes = entries(self.client.get(reverse("enforcement:feed-changes", args=[self.key])))
        self.assertTrue(any("新录入公司" in title for title in changes))
        upcoming = reverse("enforcement:feed-upcoming", args=[self.key])
        self.assertEqual(entries(self.client.get(upcoming)), ["《下月施行》"])
        drafts = reverse("enforcement:feed-drafts", args=[self.key])
        self.assertEqual(entries(self.client.get(drafts)), ["《草案》"])


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class DigestTests(TestCase):
    def setUp(self):
        self.partner = make_user("partner", email="partner@example.com")
        self.client.force_login(self.partner)
        self.old = make_case(subject="早已有之公司", family="miit")

    def save_search(self, query="family=miit", frequency="daily") -> SavedSearch:
        response = self.client.post(
            reverse("enforcement:saved-searches"),
            {"name": "工信案例", "list": "cases", "query": query, "frequency": frequency},
        )
        self.assertRedirects(response, reverse("enforcement:saved-searches"))
        return SavedSearch.objects.get(user=self.partner)

    def run_digests(self, later: datetime.timedelta = datetime.timedelta(days=1)) -> str:
        out = io.StringIO()
        SavedSearch.objects.update(
            created_at=timezone.now() - later - datetime.timedelta(seconds=1)
        )
        SavedSearch.objects.filter(last_sent_at__isnull=False).update(
            last_sent_at=timezone.now() - later
        )
        call_command("send_digests", stdout=out, stderr=out)
        return out.getvalue()

    def test_a_partner_saves_a_search_without_its_page_number(self):
        search = self.save_search(query="family=miit&page=3&per_page=100")
        self.assertEqual((search.query, search.frequency), ("family=miit", "daily"))
        page = self.client.get(reverse("enforcement:saved-searches"))
        self.assertContains(page, "工信案例")
        self.assertContains(page, reverse("enforcement:feed-cases", args=[feed_key(self.partner)]))

    def test_a_digest_sends_each_new_match_once_with_its_id_context_and_link(self):
        search = self.save_search()
        first = make_case(subject="新罚款公司", family="miit", region_text="广东 深圳")
        Case.objects.filter(pk=first.pk).update(public_id="LT-C-2026-0001")
        make_case(subject="别家公司", family="cyberspace")
        Case.objects.filter(pk=self.old.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=9)
        )
        self.assertIn("1 digest(s) sent (1 record(s))", self.run_digests())
        (message,) = mail.outbox
        self.assertEqual(message.to, ["partner@example.com"])
        self.assertIn("LT-C-2026-0001 新罚款公司", message.body)
        self.assertIn("广东 深圳", message.body)
        self.assertIn(reverse("enforcement:case-detail", args=[first.pk]), message.body)
        self.assertNotIn("别家公司", message.body)
        self.assertNotIn("早已有之公司", message.body)
        self.assertIn("List-Unsubscribe", message.extra_headers)
        self.assertIn("0 digest(s) sent", self.run_digests())
        self.assertEqual(len(mail.outbox), 1)
        make_case(subject="又一家新公司", family="miit")
        self.run_digests()
        self.assertEqual(len(mail.outbox), 2)
        self.assertNotIn("新罚款公司", mail.outbox[1].body)
        self.assertEqual(DigestEntry.objects.filter(search=search).count(), 2)

    def test_a_weekly_digest_waits_its_week(self):
        self.save_search(frequency="weekly")
        make_case(subject="新公司", family="miit")
        self.assertIn("0 digest(s) sent", self.run_digests(later=datetime.timedelta(days=2)))
        self.assertIn("1 digest(s) sent", self.run_digests(later=datetime.timedelta(days=7)))

    def test_one_click_unsubscribe_stops_the_digest_and_keeps_the_search(self):
        search = self.save_search()
        self.client.logout()
        url = reverse("enforcement:unsubscribe", args=[digests.unsubscribe_token(search)])
        response = self.client.get(url)  # a mail scanner opening the link stops nothing
        self.assertContains(response, "工信案例")
        search.refresh_from_db()
        self.assertEqual(search.frequency, SavedSearch.Frequency.DAILY)
        self.assertContains(self.client.post(url), "工信案例")  # the page's one button
        search.refresh_from_db()
        self.assertEqual(search.frequency, SavedSearch.Frequency.NEVER)
        search.frequency = SavedSearch.Frequency.DAILY
        search.save()
        self.client.post(url, {"List-Unsubscribe": "One-Click"})  # a mail program's POST
        search.refresh_from_db()
        self.assertEqual(search.frequency, SavedSearch.Frequency.NEVER)
        bad = reverse("enforcement:unsubscribe", args=["forged"])
        self.assertEqual(self.client.get(bad).status_code, 404)

    def test_no_digest_for_an_owner_who_lost_the_role(self):
        self.save_search()
        make_case(subject="新公司", family="miit")
        self.partner.groups.clear()
        self.assertIn("no longer reads the list", self.run_digests())
        self.assertEqual(mail.outbox, [])

    def test_a_digest_that_cannot_go_stops_no_other_and_is_sent_next_time(self):
        first = self.save_search()
        other_user = make_user("partner", email="other@example.com")
        SavedSearch.objects.create(
            user=other_user, name="其他", list="cases", query="", frequency="daily"
        )
        make_case(subject="新公司", family="miit")
        sent = []
        real_send = EmailMessage.send

        def send(message, *args, **kwargs):
            if message.to == ["partner@example.com"] and not sent:
                sent.append("refused")
                raise smtplib.SMTPRecipientsRefused({"partner@example.com": (550, b"no")})
            return real_send(message, *args, **kwargs)

        with mock.patch.object(EmailMessage, "send", send), self.assertRaises(CommandError):
            self.run_digests()
        self.assertEqual([message.to for message in mail.outbox], [["other@example.com"]])
        self.assertFalse(DigestEntry.objects.filter(search=first).exists())
        self.run_digests()
        self.assertEqual(mail.outbox[-1].to, ["partner@example.com"])
        self.assertIn("新公司", mail.outbox[-1].body)

    def test_no_address_no_mail_and_the_command_says_so(self):
        self.partner.email = ""
        self.partner.save()
        self.save_search()
        make_case(subject="新公司", family="miit")
        self.assertIn("no e-mail address", self.run_digests())
        self.assertEqual(mail.outbox, [])

    def test_a_reader_changes_and_deletes_only_their_own_searches(self):
        search = self.save_search()
        url = reverse("enforcement:saved-search", args=[search.pk])
        self.client.post(url, {"frequency": "never"})
        search.refresh_from_db()
        self.assertEqual(search.frequency, "never")
        self.client.force_login(make_user("partner"))
        self.assertEqual(self.client.post(url, {"delete": "1"}).status_code, 404)
        self.client.force_login(self.partner)
        self.client.post(url, {"delete": "1"})
        self.assertFalse(SavedSearch.objects.exists())
