from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lawtracker", "0004_count_fields_named_for_what_they_count"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicIdCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("prefix", models.CharField(max_length=4)),
                ("year", models.PositiveSmallIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("prefix", "year"),
                        name="lawtracker_publicidcounter_prefix_year_unique",
                    )
                ],
            },
        ),
    ]
