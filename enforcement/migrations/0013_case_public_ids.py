"""Every instrument and case gets its permanent public ID (lawtracker.public_ids)."""

from django.db import migrations, models

from lawtracker.public_ids import give_public_ids


class Migration(migrations.Migration):
    dependencies = [
        ("lawtracker", "0005_public_id_counter"),
        ("enforcement", "0012_history_and_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
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
        migrations.AddField(
            model_name="historicalcase",
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
        migrations.RunPython(
            give_public_ids(
                "enforcement.Case", "enforcement.HistoricalCase", "C", ("decided_on",)
            ),
            migrations.RunPython.noop,
        ),
    ]
