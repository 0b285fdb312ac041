"""A case's penalty decision number (处罚决定书文号)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0015_citations"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="decision_number",
            field=models.CharField(
                blank=True,
                help_text="京网信罚〔2020〕1号",
                max_length=100,
                verbose_name="decision number · 处罚决定书文号",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="decision_number",
            field=models.CharField(
                blank=True,
                help_text="京网信罚〔2020〕1号",
                max_length=100,
                verbose_name="decision number · 处罚决定书文号",
            ),
        ),
    ]
