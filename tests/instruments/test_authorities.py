"""One authority per real body: aliases found by the importer, merging in the admin (its
history kept, nothing lost), and the merge of bodies already held twice."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from enforcement.agencies import resolve_authorities
from enforcement.models import Campaign, Case
from instruments.models import Authority, AuthorityAlias, Instrument
from instruments.names import name_key
from instruments.services import merge_authorities
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
    logged = {
        (model._meta.model_name, str(record.id))
        for model in (Case, Campaign, Instrument, Authority)
        for record in model.history.filter(history_user=user)
    }
    assert logged == {
        ("case", str(both.pk)),
        ("case", str(only_other.pk)),
        ("campaign", str(campaign.pk)),
        ("instrument", str(instrument.pk)),
        ("authority", str(keep.pk)),
        ("authority", str(other.pk)),
    }
    assert Authority.history.get(id=other.pk, history_user=user).history_type == "-"
    merged = Case.history.get(id=both.pk, history_user=user)
    assert {link.authority_id for link in merged.authorities.all()} == {keep.pk}
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


def test_the_migration_merges_bodies_held_twice_and_names_every_spelling():
    keep, other, both, only_other, campaign, instrument = held_twice()
    beijing = region("北京")
    spellings = [
        make_authority(name, province=beijing, family="cyberspace")
        for name in ("北京市网信办", "北京网信办", "北京市互联网信息办公室")
    ]
    case = make_case(subject="北京案例公司")
    case.authorities.add(*spellings)
    migration = importlib.import_module("enforcement.migrations.0011_one_authority_per_body")
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


def test_merging_two_authorities_that_share_a_case_links_it_once():
    keep = make_authority("丙局", province=region("广东"))
    first = make_authority("甲局", province=region("广东"))
    second = make_authority("乙局", province=region("广东"))
    case = make_case(subject="共享公司")
    case.authorities.add(first, second)
    moved = merge_authorities(keep=keep, others=[first, second], user=make_user("associate"))
    assert moved["cases"] == 1
    assert list(case.authorities.all()) == [keep]


def test_a_merged_spelling_keeps_leading_to_the_authority_kept():
    keep = make_authority("广东省通信管理局", province=region("广东"))
    [other] = resolve_authorities(agency_text="某通信管理中心", province=None, family_hint=None)
    merge_authorities(keep=keep, others=[other], user=make_user("associate"))
    [found] = resolve_authorities(agency_text="某通信管理中心", province=None, family_hint=None)
    assert found == keep
    assert Authority.objects.count() == 1


def test_the_fingerprint_migration_reads_old_places_and_keeps_every_fingerprint_unique():
    from enforcement.models import Campaign

    unknown = make_case(subject="旧案例科技有限公司", region_text="", agency_text="国家网信办")
    first = make_campaign(focus="开展五项行动", started_on=datetime.date(2020, 10, 1))
    second = make_campaign(focus="开展5项行动", started_on=datetime.date(2020, 10, 1))
    migration = importlib.import_module("enforcement.migrations.0010_fingerprints_as_read")
    migration.recompute(apps, None)
    unknown.refresh_from_db()
    assert (unknown.national, unknown.province) == (True, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.fingerprint != second.fingerprint  # they read the same: the second its own
    assert len(first.fingerprint) == len(second.fingerprint) == 64
    assert Campaign.objects.filter(fingerprint=first.fingerprint).count() == 1
