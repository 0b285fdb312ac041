"""One authority per real body (instruments.services): merging authorities held twice
moves every link and spelling, keeps the totals and writes history."""

import pytest

from enforcement.models import Campaign, Case
from instruments.models import Authority, AuthorityAlias, Instrument
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
    [found] = resolve_authorities(names=["通信管理局"], province=region("广东"), family_hint=None)
    assert found == keep


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
    [other] = resolve_authorities(names=["某通信管理中心"], province=None, family_hint=None)
    merge_authorities(keep=keep, others=[other], user=make_user("associate"))
    [found] = resolve_authorities(names=["某通信管理中心"], province=None, family_hint=None)
    assert found == keep
    assert Authority.objects.count() == 1


def test_an_alias_added_by_hand_leads_the_importer_to_its_authority():
    cncert = make_authority("国家计算机网络应急技术处理协调中心", family="cyberspace")
    AuthorityAlias.objects.create(authority=cncert, name="CNCERT", key="CN||CNCERT")
    [found] = resolve_authorities(names=["CNCERT"], province=None, family_hint=None)
    assert found == cncert


def test_an_authority_made_without_aliases_is_still_found_by_its_name():
    made = make_authority("广东省通信管理局", province=region("广东"))
    [found] = resolve_authorities(names=["通信管理局"], province=region("广东"), family_hint=None)
    assert found == made
    assert set(made.aliases.values_list("name", flat=True)) == {"广东省通信管理局", "通信管理局"}
