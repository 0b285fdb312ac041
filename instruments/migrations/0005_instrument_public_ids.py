"""Every instrument and case gets its permanent public ID (lawtracker.public_ids)."""

import datetime

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def give_public_ids(model_label, historical_label, prefix, dates):
    """A RunPython that gives every record without one its ID, in date order within each
    year, and its history rows the same ID (so a revert keeps it)."""

    def run(apps, schema_editor):
        model = apps.get_model(*model_label.split("."))
        historical = apps.get_model(*historical_label.split("."))
        counter = apps.get_model("lawtracker", "PublicIdCounter")
        last = dict(counter.objects.filter(prefix=prefix).values_list("year", "last"))
        order = [F(name).asc(nulls_last=True) for name in dates]
        rows = model.objects.filter(public_id__isnull=True).order_by(*order, "id")
        batch = []
        for row in rows.only("id", *dates).iterator(chunk_size=2000):
            day = next((getattr(row, name) for name in dates if getattr(row, name)), None)
            year = day.year if day else datetime.date.today().year
            last[year] = last.get(year, 0) + 1
            row.public_id = f"LT-{prefix}-{year:04d}-{last[year]:04d}"
            batch.append(row)
            if len(batch) == 2000:
                model.objects.bulk_update(batch, ["public_id"])
                batch = []
        model.objects.bulk_update(batch, ["public_id"])
        for year, number in last.items():
            counter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": number})
        historical.objects.update(
            public_id=Subquery(model.objects.filter(pk=OuterRef("id")).values("public_id")[:1])
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("lawtracker", "0005_public_id_counter"),
        ("instruments", "0004_history_and_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinstrument",
            name="public_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Permanent: cite the record by it. · 永久编号，可用于引用。",
                max_length=20,
                null=True,
                verbose_name="ID · 编号",
            ),
        ),
        migrations.AddField(
            model_name="instrument",
            name="public_id",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Permanent: cite the record by it. · 永久编号，可用于引用。",
                max_length=20,
                null=True,
                unique=True,
                verbose_name="ID · 编号",
            ),
        ),
        migrations.RunPython(
            give_public_ids(
                "instruments.Instrument",
                "instruments.HistoricalInstrument",
                "I",
                ("published_on", "effective_on"),
            ),
            migrations.RunPython.noop,
        ),
    ]
