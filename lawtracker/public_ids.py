"""Permanent, readable IDs a partner can cite: `LT-I-2020-0007` (an instrument of 2020),
`LT-C-2020-0112` (a case). Given once, when a record is created, kept through edits and
re-imports, never given again (PublicIdCounter only counts up). Knows no app: a model
takes the mixin and says its prefix and its year."""

import datetime
import re

from django.db import IntegrityError, models, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lawtracker.models import PublicIdCounter

# The column a file gives a record's ID in (as the tracker's exports write it), and the
# other names it is known by.
ID_COLUMN = "追踪编号"
ID_COLUMN_VARIANTS = ("id", "tracker id", "lawtracker id", "lt编号")

# How an ID is written, whatever the case and spacing a person types it with.
PUBLIC_ID = re.compile(r"^\s*LT\s*-\s*([A-Z])\s*-\s*(\d{4})\s*-\s*(\d{1,6})\s*$", re.IGNORECASE)


class PublicIdentified(models.Model):
    """A record with a public ID; `PUBLIC_ID_PREFIX` says its kind, `public_id_year()` its
    year."""

    PUBLIC_ID_PREFIX = ""

    public_id = models.CharField(
        _("ID"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Permanent: cite the record by it."),
    )

    class Meta:
        abstract = True

    def public_id_year(self) -> int | None:
        return None


def format_public_id(prefix: str, year: int, number: int) -> str:
    return f"LT-{prefix}-{year:04d}-{number:04d}"


def normalised(text: str) -> str | None:
    """A typed ID as it is stored (lt-c-2020-112 → LT-C-2020-0112); None when `text` is no
    ID."""
    found = PUBLIC_ID.match(text or "")
    if not found:
        return None
    prefix, year, number = found.groups()
    return format_public_id(prefix.upper(), int(year), int(number))


@transaction.atomic(savepoint=False)
def assign(instance: PublicIdentified) -> None:
    """Give a record being created its ID (two queries), unless it has one. The counter's
    row stays locked until the caller's transaction ends, so two writers never draw the
    same number."""
    if instance.public_id:
        return
    year = instance.public_id_year() or timezone.localdate().year
    counter = PublicIdCounter.objects.filter(prefix=instance.PUBLIC_ID_PREFIX, year=year)
    if not counter.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                PublicIdCounter.objects.create(prefix=instance.PUBLIC_ID_PREFIX, year=year, last=1)
        except IntegrityError:  # another writer made it meanwhile
            counter.update(last=F("last") + 1)
    number = counter.values_list("last", flat=True).get()
    instance.public_id = format_public_id(instance.PUBLIC_ID_PREFIX, year, number)


def give_public_ids(model_label: str, historical_label: str, prefix: str, dates: tuple):
    """For the apps' migrations: a RunPython that gives every record without one its ID, in
    date order within each year (the first of `dates` that is set), and its history rows
    the same ID (so a revert keeps it). Reads only the migration's own models."""

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
