"""A case's agencies read into authorities (enforcement.agencies): an alias added by hand
leads to its authority, and an authority made without aliases is found by its name."""

import pytest

from enforcement.agencies import resolve_authorities
from instruments.models import AuthorityAlias
from tests.factories import make_authority, region

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
