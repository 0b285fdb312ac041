"""The instruments' pages (instruments/views.py): the list's quick views and filters, an
instrument's page and an authority's, and query counts that do not grow with the list."""

import datetime

from django.test import TestCase
from django.urls import reverse

from instruments.models import Authority
from tests.factories import make_campaign, make_case, make_instrument, make_user


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
        with self.assertNumQueries(10):
            self.client.get(url)
        for i in range(3, 40):
            make_instrument(title=f"《计数{i}》")
        with self.assertNumQueries(10):
            self.client.get(url)


class DetailPageTests(TestCase):
    def setUp(self):
        self.client.force_login(make_user("partner"))

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

    def test_an_authority_page_lists_its_cases(self):
        authority = Authority.objects.create(name="测试网信办", family="cyberspace")
        case = make_case(subject="行动公司", campaign=make_campaign(focus="整治网络直播"))
        case.authorities.add(authority)
        self.assertContains(
            self.client.get(reverse("instruments:authority-detail", args=[authority.pk])),
            "行动公司",
        )


class AuthoritySuggestTests(TestCase):
    """The case list's authority filter lists the chosen authority alone; the others are
    found as one types."""

    def setUp(self):
        self.url = reverse("instruments:authority-suggest")
        for i in range(25):
            authority = Authority.objects.create(
                name=f"深圳市公安局第{i:02d}分局", family="public_security"
            )
            make_case(subject=f"公司{i}").authorities.add(authority)
        Authority.objects.create(name="深圳市公安局未决分局", family="public_security")

    def test_it_needs_a_login_and_a_reading_role(self):
        self.assertEqual(self.client.get(self.url, {"q": "深圳"}).status_code, 302)
        self.client.force_login(make_user(None))
        self.assertEqual(self.client.get(self.url, {"q": "深圳"}).status_code, 403)

    def test_it_suggests_at_most_twenty_authorities_that_decided_cases_by_name(self):
        self.client.force_login(make_user("partner"))
        with self.assertNumQueries(5):
            results = self.client.get(self.url, {"q": "公安局"}).json()["results"]
        labels = [item["label"] for item in results]
        self.assertEqual(len(labels), 20)
        self.assertEqual(labels, sorted(labels))
        self.assertNotIn("深圳市公安局未决分局", labels)  # it decided no case
        found = self.client.get(self.url, {"q": "第07"}).json()["results"]
        self.assertEqual([item["label"] for item in found], ["深圳市公安局第07分局"])
        self.assertEqual(self.client.get(self.url, {"q": " "}).json()["results"], [])

    def test_the_case_list_renders_only_the_chosen_authority(self):
        self.client.force_login(make_user("partner"))
        chosen = Authority.objects.get(name="深圳市公安局第03分局")
        page = self.client.get(reverse("enforcement:case-list"), {"authority": chosen.pk})
        html = page.content.decode()
        self.assertIn(f'<option value="{chosen.pk}" selected>深圳市公安局第03分局</option>', html)
        self.assertNotIn("第04分局</option>", html)
        self.assertIn(f'data-suggest="{self.url}"', html)
        self.assertEqual(page.context["totals"]["count"], 1)
        bad = self.client.get(reverse("enforcement:case-list"), {"authority": "x"})
        self.assertEqual(bad.status_code, 200)
        self.assertEqual(bad.context["totals"]["count"], 0)
