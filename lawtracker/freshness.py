"""How current the tracker is: the latest date any record carries (each imported kind's
`AS_OF_FIELD`), and when the last file was imported — in one query, whatever the data's
size (each is the maximum of an indexed column, or of a small table)."""

import datetime
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lawtracker.imports.kinds import kinds
from lawtracker.models import ImportRecord

# Data older than this is said to be so wherever an answer depends on it being current
# (drafts still pending, what takes effect soon).
STALE_AFTER = datetime.timedelta(days=90)


@dataclass(frozen=True)
class Freshness:
    as_of: datetime.date | None  # the latest date any record carries
    last_import_at: datetime.datetime | None

    @property
    def stale(self) -> bool:
        """Whether the data is older than STALE_AFTER (or there is none)."""
        return self.as_of is None or timezone.localdate() - self.as_of > STALE_AFTER


def freshness() -> Freshness:
    """One query: the latest of each kind's AS_OF_FIELD, and the latest import."""
    quote = connection.ops.quote_name
    latest = [
        (model._meta.db_table, model._meta.get_field(resource.AS_OF_FIELD).column)
        for resource in kinds().values()
        if resource.AS_OF_FIELD
        for model in [resource._meta.model]
    ]
    latest.append((ImportRecord._meta.db_table, "imported_at"))
    columns = ", ".join(
        f"(SELECT MAX({quote(column)}) FROM {quote(table)})" for table, column in latest
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608 (names from the models, no input)
        *dates, imported = cursor.fetchone()
    known = [day for day in (models.DateField().to_python(value) for value in dates) if day]
    return Freshness(as_of=max(known, default=None), last_import_at=as_datetime(imported))


def as_datetime(value) -> datetime.datetime | None:
    """A datetime as the database gave it (SQLite: text in UTC), aware."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
