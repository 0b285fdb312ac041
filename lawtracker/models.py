"""Records of imports: which file was imported when, by whom, with what result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One file imported (or one snapshot loaded) and what it did."""

    source = models.CharField(
        _("source"),
        max_length=100,
        help_text=_("“snapshot-2020” for the annual review; “file” for an uploaded file."),
    )
    kind = models.CharField(_("kind"), max_length=20)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    records_created = models.PositiveIntegerField("created", default=0)
    records_updated = models.PositiveIntegerField("updated", default=0)
    records_unchanged = models.PositiveIntegerField("unchanged", default=0)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [
            # "Has the 2020 snapshot been loaded?" on every start.
            models.Index(fields=["source", "-imported_at"], name="import_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class ImportState(models.TextChoices):
    """Where an uploaded file stands: checked, then confirmed and imported, or dropped."""

    CHECKING = "checking", _("checking")
    READY = "ready", _("ready to import")
    REJECTED = "rejected", _("has problems")
    IMPORTING = "importing", _("importing")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("not imported")
    CANCELLED = "cancelled", _("cancelled")


class ImportJob(models.Model):
    """A file uploaded in the admin, checked and imported by the background worker
    (`manage.py worker`), so that no web request does the work of a long file.

    It waits in the import storage from upload until it is imported or dropped; the
    preview (what the file would do) and the result are kept as reports.
    """

    State = ImportState

    RUNNING = (State.CHECKING, State.IMPORTING)
    FINISHED = (State.REJECTED, State.IMPORTED, State.FAILED, State.CANCELLED)

    kind = models.CharField(_("kind"), max_length=20)
    file_name = models.CharField(_("file"), max_length=255)
    stored_name = models.CharField(max_length=255, help_text=_("The file in import storage."))
    sha256 = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    language = models.CharField(
        max_length=10, default="zh-hans", help_text=_("The uploader's: reports speak it.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.CHECKING
    )
    task_id = models.CharField(max_length=64, blank=True)
    preview = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    # The latest report's counts, for the list of jobs (which leaves the reports out:
    # a preview lists up to 2,000 rows and every problem): records written, and what the
    # file's rows add and change (or would, had it been clean).
    records_created = models.PositiveIntegerField(null=True, blank=True)
    records_updated = models.PositiveIntegerField(null=True, blank=True)
    rows_new = models.PositiveIntegerField(null=True, blank=True)
    rows_changed = models.PositiveIntegerField(null=True, blank=True)
    problems = models.PositiveIntegerField(null=True, blank=True)
    record = models.OneToOneField(
        ImportRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="job"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ImportState.values),
                name="lawtracker_importjob_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"


class PublicIdCounter(models.Model):
    """The last number given out for a kind of record and a year (lawtracker.public_ids):
    numbers only go up, so an ID is never given twice, even after a deletion."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="lawtracker_publicidcounter_prefix_year_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"LT-{self.prefix}-{self.year} {self.last}"
