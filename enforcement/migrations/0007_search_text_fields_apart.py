"""Rebuild the cases' search text with their fields kept apart, so that no match runs
from one field into the next, and without the region (not one of the searched fields)."""

from django.db import migrations

from lawtracker import search


def rebuild(apps, schema_editor):
    Case = apps.get_model("enforcement", "Case")
    CaseSearchGram = apps.get_model("enforcement", "CaseSearchGram")
    for case in Case.objects.all():
        case.search_text = search.document(
            case.subject, case.agency_text, case.facts, case.penalty_text
        )
        case.save(update_fields=["search_text"])
        CaseSearchGram.objects.filter(record=case).delete()
        CaseSearchGram.objects.bulk_create(
            CaseSearchGram(record=case, gram=gram)
            for gram in sorted(search.grams(case.search_text))
        )


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0006_case_decided_end_required")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
