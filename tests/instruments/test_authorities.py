"""One authority per real body: aliases found by the importer, merging in the admin (its
history kept, nothing lost), and the merge of bodies already held twice."""

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from enforcement.models import Case
from instruments.models import Authority, AuthorityAlias
from instruments.services import merge_authorities, resolve_authorities
from tests.factories import (
    make_authority,
    make_campaign,
    make_case,
    make_instrument,
    make_user,
    region,
)

pytestmark = pytest.mark.django_db


def test_an_alias_added_by_hand_leads_the_importer_to_its_authority():
    cncert = make_authority("国家计算机网络应急技术处理协调中心", family="cyberspace")
    AuthorityAlias.objects.create(authority=cncert, name="CNCERT", key="CN||CNCERT")
    [found] = resolve_authorities(agency_text="CNCERT", province=None, family_hint=None)
    assert found == cncert


def test_an_authority_made_without_aliases_is_still_found_by_its_name():
    made = make_authority("广东省通信管理局", province=region("广东"))
    [found] = resolve_authorities(
        agency_text="通信管理局", province=region("广东"), family_hint=None
    )
    assert found == made
    assert set(made.aliases.values_list("name", flat=True)) == {"广东省通信管理局", "通信管理局"}


def held_twice():
    guangdong = region("广东")
    keep = make_authority("广东省通信管理局", province=guangdong)
    other = make_authority("通信管理局", province=guangdong)
    both = make_case(subject="两者皆有公司")
    both.authorities.add(keep, other)
    only_other = make_case(subject="仅别名公司")
    only_other.authorities.add(other)
    campaign = make_campaign()
    campaign.authorities.add(other)
    instrument = make_instrument()
    instrument.authorities.add(other)
    return keep, other, both, only_other, campaign, instrument


def test_merging_moves_every_link_and_spelling_and_writes_history():
    keep, other, both, only_other, campaign, instrument = held_twice()
    totals = list(Case.objects.values_list("pk", "org_fines", "individual_fines"))
    user = make_user("associate")
    moved = merge_authorities(keep=keep, others=[keep, other], user=user)
    assert moved == {"cases": 2, "campaigns": 1, "instruments": 1}
    assert not Authority.objects.filter(pk=other.pk).exists()
    assert list(both.authorities.all()) == [keep]
    assert list(only_other.authorities.all()) == [keep]
    assert list(campaign.authorities.all()) == list(instrument.authorities.all()) == [keep]
    assert "通信管理局" in set(keep.aliases.values_list("name", flat=True))
    assert list(Case.objects.values_list("pk", "org_fines", "individual_fines")) == totals
    logged = {(e.content_type.model, e.object_id) for e in LogEntry.objects.filter(user=user)}
    assert logged == {
        ("case", str(both.pk)),
        ("case", str(only_other.pk)),
        ("campaign", str(campaign.pk)),
        ("instrument", str(instrument.pk)),
        ("authority", str(keep.pk)),
        ("authority", str(other.pk)),
    }
    [found] = resolve_authorities(
        agency_text="通信管理局", province=region("广东"), family_hint=None
    )
    assert found == keep


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
            authority=other, name="通信管理局", key="440000|P|通信管理局"
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


def test_the_migration_merges_bodies_held_twice_and_names_every_spelling():
    keep, other, both, only_other, campaign, instrument = held_twice()
    beijing = region("北京")
    spellings = [
        make_authority(name, province=beijing, family="cyberspace")
        for name in ("北京市网信办", "北京网信办", "北京市互联网信息办公室")
    ]
    case = make_case(subject="北京案例公司")
    case.authorities.add(*spellings)
    migration = importlib.import_module("instruments.migrations.0004_one_authority_per_body")
    migration.merge(apps, None)
    names = set(Authority.objects.values_list("name", flat=True))
    assert names == {"广东省通信管理局", "北京市互联网信息办公室"}
    assert [a.name for a in case.authorities.all()] == ["北京市互联网信息办公室"]
    assert Case.objects.filter(authorities__name="广东省通信管理局").count() == 2
    kept = Authority.objects.get(name="北京市互联网信息办公室")
    assert set(kept.aliases.values_list("name", flat=True)) == {
        "北京市网信办",
        "北京网信办",
        "北京市互联网信息办公室",
    }
