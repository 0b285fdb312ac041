"""What a job's rows add and change, apart from what was written: jobs checked before this
counted what the rows would do as created and updated, so those counts move over."""

from django.db import migrations, models


def move_counts(apps, schema_editor):
    ImportJob = apps.get_model("lawtracker", "ImportJob")
    ImportJob.objects.update(rows_new=models.F("created"), rows_changed=models.F("updated"))
    # Only an imported file wrote anything.
    ImportJob.objects.exclude(state="imported").filter(created__isnull=False).update(
        created=0, updated=0
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lawtracker", "0002_import_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="rows_changed",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importjob",
            name="rows_new",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(move_counts, migrations.RunPython.noop),
    ]
