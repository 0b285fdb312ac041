"""The read-only JSON API (lawtracker/api.py, the apps' api.py): a token per user, the
pages' permissions, their filters, cursor pages, an OpenAPI schema; never more than the
pages show."""

import io

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token

from enforcement.models import Citation
from tests.factories import make_campaign, make_case, make_instrument, make_user

CASES = "/api/v1/cases/"


def token_of(user) -> str:
    out = io.StringIO()
    call_command("api_token", user.username, stdout=out)
    return out.getvalue().split()[-1]


class AccessTests(TestCase):
    def setUp(self):
        self.case = make_case(subject="接口测试公司")

    def test_anonymous_requests_are_refused_with_401(self):
        for url in (CASES, f"{CASES}{self.case.pk}/", "/api/v1/instruments/", "/api/v1/schema/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 401)
        self.assertEqual(self.client.get(CASES, HTTP_AUTHORIZATION="Token wrong").status_code, 401)

    def test_a_user_without_a_role_is_refused_and_gets_no_token(self):
        nobody = make_user()
        with self.assertRaisesMessage(CommandError, "has no role"):
            token_of(nobody)
        token = Token.objects.create(user=nobody)
        response = self.client.get(CASES, HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual(response.status_code, 403)

    def test_a_partner_reads_with_a_token_and_changes_nothing(self):
        key = token_of(make_user("partner"))
        auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
        response = self.client.get(CASES, **auth)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(response.json()["results"][0]["subject"], "接口测试公司")
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                answer = getattr(self.client, method)(f"{CASES}{self.case.pk}/", {}, **auth)
                self.assertIn(answer.status_code, (403, 405))
        self.case.refresh_from_db()
        self.assertEqual(self.case.subject, "接口测试公司")

    def test_a_session_reads_it_too_and_a_revoked_token_stops(self):
        partner = make_user("partner")
        self.client.force_login(partner)
        self.assertEqual(self.client.get(CASES).status_code, 200)
        self.client.logout()
        key = token_of(partner)
        call_command("api_token", partner.username, "--replace", stdout=io.StringIO())
        self.assertEqual(
            self.client.get(CASES, HTTP_AUTHORIZATION=f"Token {key}").status_code, 401
        )


class ContentTests(TestCase):
    def setUp(self):
        self.auth = {"HTTP_AUTHORIZATION": f"Token {token_of(make_user('partner'))}"}

    def get(self, url, **params):
        response = self.client.get(url, params, **self.auth)
        self.assertEqual(response.status_code, 200, response.content[:500])
        return response.json()

    def test_a_case_comes_with_its_penalties_citations_and_page(self):
        law = make_instrument(title="《网络安全法》", level="law")
        case = make_case(
            subject="引用测试公司",
            penalty_text="罚款 5 万元",
            penalties=[("fine", "organization", "50000")],
        )
        Citation.objects.create(
            case=case, instrument=law, title="《网络安全法》", article="第六十四条", source="basis"
        )
        found = self.get(f"{CASES}{case.pk}/")
        self.assertEqual(found["penalties"][0]["amount"], "50000.00")
        self.assertEqual(found["citations"][0]["article"], "第六十四条")
        self.assertEqual(found["citations"][0]["instrument"], law.pk)
        self.assertTrue(found["page"].endswith(reverse("enforcement:case-detail", args=[case.pk])))
        self.assertEqual(found["verification"]["state"], "unverified")
        for internal in ("fingerprint", "search_text", "version", "notes", "tallied_on"):
            self.assertNotIn(internal, found)

    def test_lists_take_their_pages_filters_and_refuse_an_unreadable_one(self):
        make_case(subject="工信公司", family="miit")
        make_case(subject="网信公司", family="cyberspace")
        subjects = [row["subject"] for row in self.get(CASES, family="miit")["results"]]
        self.assertEqual(subjects, ["工信公司"])
        response = self.client.get(CASES, {"date_from": "2020-99-99"}, **self.auth)
        self.assertEqual(response.status_code, 400)
        self.assertIn("date_from", response.json())
        make_instrument(title="《数据安全法》", level="law")
        make_instrument(title="《某标准》", level="national_standard")
        titles = [row["title"] for row in self.get("/api/v1/instruments/", level="law")["results"]]
        self.assertEqual(titles, ["《数据安全法》"])
        make_campaign(focus="清朗专项行动")
        self.assertEqual(self.get("/api/v1/campaigns/")["results"][0]["focus"], "清朗专项行动")

    def test_pages_follow_each_other_by_cursor(self):
        for n in range(5):
            make_case(subject=f"分页公司{n}")
        first = self.get(CASES, per_page=2)
        self.assertEqual(len(first["results"]), 2)
        second = self.client.get(first["next"], **self.auth).json()
        seen = {row["id"] for row in first["results"]} & {row["id"] for row in second["results"]}
        self.assertEqual(seen, set())
        self.assertEqual(len(self.get(CASES, per_page=1000)["results"]), 5)  # at most 200

    def test_the_schema_documents_the_three_lists_and_their_filters(self):
        response = self.client.get("/api/v1/schema/", {"format": "json"}, **self.auth)
        schema = response.json()
        self.assertEqual(schema["info"]["title"], "Lawtracker API")
        self.assertLessEqual(
            {"/api/v1/cases/", "/api/v1/instruments/", "/api/v1/campaigns/"},
            schema["paths"].keys(),
        )
        names = {p["name"] for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
        self.assertLessEqual({"family", "province", "date_from", "q", "cursor", "per_page"}, names)

    def test_a_list_runs_a_fixed_number_of_queries(self):
        for n in range(3):
            make_case(subject=f"公司{n}", penalties=[("warning", "organization", None)])
        with self.assertNumQueries(8):
            self.client.get(CASES, **self.auth)
        for n in range(20):
            make_case(subject=f"又一家{n}", penalties=[("fine", "organization", "1000")])
        with self.assertNumQueries(8):
            self.client.get(CASES, **self.auth)
