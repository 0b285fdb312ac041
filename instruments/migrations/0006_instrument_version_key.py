"""Each instrument's title without its version's markers, so that a draft finds its final
version and an amendment what it amends (instruments.titles)."""

from django.db import migrations, models

from instruments.titles import base_title


def read_version_keys(apps, schema_editor):
    instrument = apps.get_model("instruments", "Instrument")
    rows = list(instrument.objects.only("id", "title"))
    for row in rows:
        row.version_key = base_title(row.title)
    instrument.objects.bulk_update(rows, ["version_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0005_instrument_public_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="version_key",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.AddIndex(
            model_name="instrument",
            index=models.Index(
                fields=["version_key", "published_on"], name="instr_version_key_idx"
            ),
        ),
        migrations.RunPython(read_version_keys, migrations.RunPython.noop),
    ]
