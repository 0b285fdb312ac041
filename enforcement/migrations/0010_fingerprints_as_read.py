"""Read the place of cases that have no province again (a region of 全国, or none, with a
central agency is national now), and recompute the cases' and campaigns' fingerprints as
their texts, places and agencies read (full-width forms, spacing, punctuation, numbers
and the spellings of one body ignored), so that a re-typed row finds the record it made.

A record that now reads the same as an earlier one gets a fingerprint of its own (both
stay; an associate may merge them). Rows are read and written a batch at a time, with the
fingerprints taken remembered as 16-byte digests: a million cases fit in memory."""

import hashlib

from django.db import migrations, models
from django.db.models.functions import Cast, Concat

from enforcement.agencies import agency_reading
from enforcement.models import fingerprint
from enforcement.regions import Place, read_region
from instruments.names import split_agency_text
from instruments.places import reference_regions

BATCH = 2000


def recompute(apps, schema_editor):
    Region = apps.get_model("instruments", "Region")
    Case = apps.get_model("enforcement", "Case")
    Campaign = apps.get_model("enforcement", "Campaign")
    with reference_regions(list(Region.objects.all())):
        renew(Case, case_fingerprint, select_related=("province",))
        renew(Campaign, campaign_fingerprint)


def case_fingerprint(case) -> str:
    if case.province_id is None and not case.national:
        try:
            place = read_region(case.region_text, split_agency_text(case.agency_text))
        except ValueError:
            place = Place(province=None)  # kept as it was: the region is not known
        case.province, case.city, case.national = place.province, place.city, place.national
    place = Place(province=case.province, city=case.city, national=case.national)
    return fingerprint(
        case.decided_on.isoformat() + case.decided_precision,
        place.key,
        case.subject,
        agency_reading(case.agency_text, case.province),
        case.facts,
    )


def campaign_fingerprint(campaign) -> str:
    return fingerprint(
        campaign.started_on.isoformat() + campaign.started_precision, campaign.focus
    )


def renew(model, new_fingerprint, select_related=()) -> None:
    """Give every row its new fingerprint, in batches by primary key; all are first set to
    a placeholder ("~" and the row's id, which no fingerprint is), so that no new value
    meets an old one still in place."""
    model.objects.update(fingerprint=Concat(models.Value("~"), Cast("pk", models.CharField())))
    taken: set[bytes] = set()
    last = 0
    fields = ["fingerprint", "province", "city", "national"] if select_related else ["fingerprint"]
    while rows := list(
        model.objects.select_related(*select_related).filter(pk__gt=last).order_by("pk")[:BATCH]
    ):
        for row in rows:
            value = new_fingerprint(row)
            if bytes.fromhex(value)[:16] in taken:
                value = hashlib.sha256(f"{value}#{row.pk}".encode()).hexdigest()
            taken.add(bytes.fromhex(value)[:16])
            row.fingerprint = value
        model.objects.bulk_update(rows, fields)
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0009_national_cases_text_limits")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
