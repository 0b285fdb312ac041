"""The instruments' admin (instruments/admin.py): inferred levels confirmed by an
associate, authorities merged and their spellings checked, and list and autocomplete
query counts."""

from pathlib import Path

import pytest
from django.test import TestCase
from django.urls import reverse

from enforcement.models import Case
from instruments.models import Authority, AuthorityAlias, Instrument
from instruments.names import name_key
from lawtracker.imports.run import import_file
from tests.checks import assert_constant_queries
from tests.factories import make_instrument, make_user, region
from tests.instruments.test_services import held_twice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MIXED = Path(__file__).parents[1] / "samples" / "instruments_2021_mixed_levels.csv"


class TestInferredLevels:
    def test_inferred_levels_are_filterable_and_confirmed_by_an_associate(self, client):
        import_file(path=MIXED)
        associate = make_user("associate")
        client.force_login(associate)
        url = reverse("admin:instruments_instrument_changelist")
        listed = client.get(url, {"level_inferred__exact": "1"})
        assert listed.context["cl"].result_count == 14
        assert "（推断）" in listed.content.decode()  # the admin speaks Chinese
        chosen = Instrument.objects.filter(level="law")
        response = client.post(
            url,
            {"action": "confirm_levels", "_selected_action": [i.pk for i in chosen]},
            follow=True,
        )
        assert response.status_code == 200
        assert not Instrument.objects.filter(level="law", level_inferred=True).exists()
        confirmed = Instrument.history.filter(history_user=associate, level_inferred=False)
        assert sorted(confirmed.values_list("id", flat=True)) == sorted(
            chosen.values_list("pk", flat=True)
        )

    def test_a_partner_cannot_confirm_levels(self, client):
        import_file(path=MIXED)
        client.force_login(make_user("partner"))
        url = reverse("admin:instruments_instrument_changelist")
        client.post(
            url,
            {
                "action": "confirm_levels",
                "_selected_action": list(Instrument.objects.values_list("pk", flat=True)),
            },
        )
        assert Instrument.objects.filter(level_inferred=True).count() == 14

    def test_changing_the_level_in_the_form_clears_inferred(self, client):
        import_file(path=MIXED)
        client.force_login(make_user("associate"))
        instrument = Instrument.objects.get(title="《网络安全审查办法》")
        url = reverse("admin:instruments_instrument_change", args=[instrument.pk])
        form = client.get(url).context["adminform"].form
        data = {
            name: value
            for name, value in form.initial.items()
            if value is not None and name in form.fields
        }
        data |= {
            "level": "normative_document",
            "authorities": [a.pk for a in instrument.authorities.all()],
            "topics": [],
        }
        data["level_inferred"] = "on"
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        instrument.refresh_from_db()
        assert (instrument.level, instrument.level_inferred) == ("normative_document", False)


class TestMergeInTheAdmin:
    def post(self, client, *authorities, **data):
        return client.post(
            reverse("admin:instruments_authority_changelist"),
            {"action": "merge", "_selected_action": [a.pk for a in authorities], **data},
        )

    def test_an_associate_chooses_which_to_keep_then_merges(self, client):
        keep, other, *_rest = held_twice()
        client.force_login(make_user("associate"))
        page = self.post(client, keep, other)
        assert page.status_code == 200
        assert page.templates[0].name == "admin/instruments/authority/merge.html"
        assert Authority.objects.filter(pk=other.pk).exists()  # nothing merged yet
        response = self.post(client, keep, other, keep=other.pk, confirm="yes")
        assert response.status_code == 302
        assert list(Authority.objects.filter(pk__in=[keep.pk, other.pk])) == [other]
        assert Case.objects.filter(authorities=other).count() == 2

    def test_a_partner_cannot_merge(self, client):
        keep, other, *_rest = held_twice()
        client.force_login(make_user("partner"))
        self.post(client, keep, other, keep=keep.pk, confirm="yes")
        assert Authority.objects.filter(pk=other.pk).exists()

    def test_an_alias_that_names_another_authority_is_refused(self, client):
        keep, other, *_rest = held_twice()
        AuthorityAlias.objects.create(
            authority=other, name="通信管理局", key=name_key("通信管理局", region("广东"))
        )
        client.force_login(make_user("associate"))
        url = reverse("admin:instruments_authority_change", args=[keep.pk])
        response = client.post(
            url,
            {
                "name": keep.name,
                "family": keep.family,
                "province": keep.province_id,
                "aliases-TOTAL_FORMS": "1",
                "aliases-INITIAL_FORMS": "0",
                "aliases-0-name": "通信管理局",
            },
        )
        assert response.status_code == 200  # the form again, with the reason
        assert response.context["inline_admin_formsets"][0].formset.errors[0]["name"]
        assert not keep.aliases.filter(name="通信管理局").exists()


class AutocompleteQueryCountTests(TestCase):
    def test_authority_autocomplete_does_not_query_per_result(self):
        from instruments.models import Authority

        self.client.force_login(make_user("associate"))
        url = reverse("admin:autocomplete")
        params = {
            "term": "网安",
            "app_label": "enforcement",
            "model_name": "case",
            "field_name": "authorities",
        }
        for i in range(3):
            Authority.objects.create(
                name=f"网安大队{i}", family="public_security", province=region("湖南")
            )
        with self.assertNumQueries(6):
            self.client.get(url, params)
        for i in range(3, 18):
            Authority.objects.create(
                name=f"网安大队{i}", family="public_security", province=region("河北")
            )
        with self.assertNumQueries(6):
            response = self.client.get(url, params)
        self.assertEqual(len(response.json()["results"]), 18)


class ListQueryCountTests(TestCase):
    """Admin list pages run a fixed number of queries whatever the page holds."""

    def setUp(self):
        self.client.force_login(make_user("associate"))

    def test_instrument_list_query_count_is_pinned(self):
        def grow(count, start):
            for i in range(start, start + count):
                make_instrument(title=f"《查询计数办法{i}》")

        assert_constant_queries(self, "admin:instruments_instrument_changelist", grow, 10)
