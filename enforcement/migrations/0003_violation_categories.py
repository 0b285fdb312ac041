"""Load the violation categories (fixtures/violation_categories.json): reference data
whose keywords tag new cases."""

import json
from pathlib import Path

from django.db import migrations

CATEGORIES = Path(__file__).resolve().parents[2] / "fixtures" / "violation_categories.json"


def load_categories(apps, schema_editor):
    ViolationCategory = apps.get_model("enforcement", "ViolationCategory")
    for entry in json.loads(CATEGORIES.read_text(encoding="utf-8")):
        ViolationCategory.objects.update_or_create(
            name=entry["name"],
            defaults={"name_en": entry["name_en"], "keywords": "\n".join(entry["keywords"])},
        )


def unload_categories(apps, schema_editor):
    ViolationCategory = apps.get_model("enforcement", "ViolationCategory")
    names = [entry["name"] for entry in json.loads(CATEGORIES.read_text(encoding="utf-8"))]
    ViolationCategory.objects.filter(name__in=names, cases__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0002_violation_category_keywords")]

    operations = [migrations.RunPython(load_categories, unload_categories)]
