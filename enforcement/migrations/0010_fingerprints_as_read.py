"""Recompute the cases' and campaigns' fingerprints as their texts read (full-width forms
folded, numbers in digits) and a case's place as read, so that a re-typed row finds the
record it made. Two records that now read the same keep their old fingerprints (both
stay; an associate may merge them)."""

from django.db import migrations, models
from django.db.models.functions import Cast, Concat

from enforcement.models import fingerprint
from instruments.places import Place

BATCH = 2000


def recompute(apps, schema_editor):
    Case = apps.get_model("enforcement", "Case")
    Campaign = apps.get_model("enforcement", "Campaign")
    cases = Case.objects.select_related("province").order_by("pk")
    renew(
        Case,
        (
            (
                case.pk,
                case.fingerprint,
                fingerprint(
                    case.decided_on.isoformat() + case.decided_precision,
                    Place(province=case.province, city=case.city, national=case.national).key,
                    case.subject,
                    case.agency_text,
                    case.facts,
                ),
            )
            for case in cases.iterator(BATCH)
        ),
    )
    renew(
        Campaign,
        (
            (
                campaign.pk,
                campaign.fingerprint,
                fingerprint(
                    campaign.started_on.isoformat() + campaign.started_precision, campaign.focus
                ),
            )
            for campaign in Campaign.objects.order_by("pk").iterator(BATCH)
        ),
    )


def renew(model, rows) -> None:
    """Give each (pk, old, new) row its new fingerprint, or its old one where an earlier
    row took the new one; in two passes, so no new value meets an old one in place."""
    taken: set[str] = set()
    chosen = []
    for pk, old, new in rows:
        value = old if new in taken else new
        taken.add(value)
        chosen.append((pk, value))
    # A value unique to each row that no fingerprint (64 hex digits) can be.
    model.objects.update(fingerprint=Concat(models.Value("~"), Cast("pk", models.CharField())))
    for start in range(0, len(chosen), BATCH):
        model.objects.bulk_update(
            [model(pk=pk, fingerprint=value) for pk, value in chosen[start : start + BATCH]],
            ["fingerprint"],
        )


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0009_national_cases_text_limits")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
