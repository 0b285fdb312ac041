"""A campaign's short name, as the regulator calls it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0013_case_public_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="As the regulator calls it: “清朗”未成年人暑期网络环境专项整治. · 专项行动名称。",
                max_length=200,
                verbose_name="short name · 名称",
            ),
        ),
        migrations.AddField(
            model_name="historicalcampaign",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="As the regulator calls it: “清朗”未成年人暑期网络环境专项整治. · 专项行动名称。",
                max_length=200,
                verbose_name="short name · 名称",
            ),
        ),
    ]
