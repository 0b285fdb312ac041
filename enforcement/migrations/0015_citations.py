"""A case's legal basis as given, and the citations read from it and from its texts."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0014_campaign_name"),
        ("instruments", "0006_instrument_version_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="legal_basis_text",
            field=models.TextField(
                blank=True,
                help_text="《网络安全法》第二十一条、第六十四条 · 照录原文。",
                max_length=2000,
                verbose_name="legal basis (as given) · 法律依据原文",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="legal_basis_text",
            field=models.TextField(
                blank=True,
                help_text="《网络安全法》第二十一条、第六十四条 · 照录原文。",
                max_length=2000,
                verbose_name="legal basis (as given) · 法律依据原文",
            ),
        ),
        migrations.CreateModel(
            name="Citation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "title",
                    models.CharField(max_length=300, verbose_name="title as cited · 引用名称"),
                ),
                (
                    "article",
                    models.CharField(
                        blank=True, max_length=50, verbose_name="article as cited · 条款"
                    ),
                ),
                (
                    "article_number",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="article no. · 条"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("basis", "Legal basis given · 法律依据"),
                            ("mention", "Named in the texts · 文中提及"),
                        ],
                        max_length=10,
                        verbose_name="source · 来源",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="enforcement.case",
                    ),
                ),
                (
                    "instrument",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="citations",
                        to="instruments.instrument",
                        verbose_name="instrument · 法律文件",
                    ),
                ),
            ],
            options={
                "verbose_name": "citation · 引用",
                "verbose_name_plural": "citations · 引用",
                "ordering": ["case", "position", "id"],
                "indexes": [
                    models.Index(
                        fields=["instrument", "article_number"], name="citation_instrument_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("source__in", ["basis", "mention"])),
                        name="enforcement_citation_source_valid",
                    )
                ],
            },
        ),
    ]
