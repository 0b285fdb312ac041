"""Data migrations (enforcement/migrations): bodies held twice merged with every spelling
named, and fingerprints recomputed from the places as read, each still unique."""

import datetime
import importlib

import pytest
from django.apps import apps

from enforcement.models import Case
from instruments.models import Authority
from tests.factories import make_authority, make_campaign, make_case, region
from tests.instruments.test_services import held_twice

pytestmark = pytest.mark.django_db


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
