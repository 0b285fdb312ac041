"""Load the 34 provincial-level divisions (fixtures/regions.json): reference data that
every database needs before a case's region can be read."""

import json
from pathlib import Path

from django.db import migrations

REGIONS = Path(__file__).resolve().parents[2] / "fixtures" / "regions.json"


def load_regions(apps, schema_editor):
    Region = apps.get_model("instruments", "Region")
    for entry in json.loads(REGIONS.read_text(encoding="utf-8")):
        Region.objects.update_or_create(code=entry["code"], defaults=entry)


def unload_regions(apps, schema_editor):
    Region = apps.get_model("instruments", "Region")
    codes = [entry["code"] for entry in json.loads(REGIONS.read_text(encoding="utf-8"))]
    Region.objects.filter(code__in=codes, authorities__isnull=True, cases__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("instruments", "0001_initial")]

    operations = [migrations.RunPython(load_regions, unload_regions)]
