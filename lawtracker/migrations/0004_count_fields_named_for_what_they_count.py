from django.db import migrations, models


class Migration(migrations.Migration):
    """`created` and `updated` count records, beside `created_at` and `updated_at`: named
    for what they count."""

    dependencies = [("lawtracker", "0003_import_job_row_counts")]

    operations = [
        migrations.RenameField("importrecord", "created", "records_created"),
        migrations.RenameField("importrecord", "updated", "records_updated"),
        migrations.RenameField("importrecord", "unchanged", "records_unchanged"),
        migrations.RenameField("importjob", "created", "records_created"),
        migrations.RenameField("importjob", "updated", "records_updated"),
        # The admin's list of imports keeps its column headings.
        *(
            migrations.AlterField(
                "importrecord",
                f"records_{name}",
                models.PositiveIntegerField(default=0, verbose_name=name),
            )
            for name in ("created", "updated", "unchanged")
        ),
    ]
