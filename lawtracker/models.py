"""Records of imports: which file was imported when, by whom, with what result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One file imported (or one snapshot loaded) and what it did."""

    source = models.CharField(
        _("source · 来源"),
        max_length=100,
        help_text=_("“snapshot-2020” for the annual review; “file” for an uploaded file."),
    )
    kind = models.CharField(_("kind · 类型"), max_length=20)
    file_name = models.CharField(_("file · 文件"), max_length=255)
    sha256 = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import · 导入记录")
        verbose_name_plural = _("imports · 导入记录")
        indexes = [
            # "Has the 2020 snapshot been loaded?" on every start.
            models.Index(fields=["source", "-imported_at"], name="import_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
