"""Importing a file of records: the one entry point the command line and the snapshot
loader use (the admin drives the same resources through django-import-export)."""

import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import Result, RowResult
from tablib import Dataset

from enforcement.resources import CampaignResource, CaseResource
from instruments.resources import InstrumentResource
from lawtracker.importing import detect_kind, stream_rows
from lawtracker.models import ImportRecord
from lawtracker.text import visible

RESOURCES_BY_KIND = {
    "instruments": InstrumentResource,
    "campaigns": CampaignResource,
    "cases": CaseResource,
}


@dataclass
class ImportReport:
    """What a file did, or would do: `rows_*` count what its rows add, change or leave as
    they are (as checked, whether or not anything was written); `created`, `updated` and
    `unchanged` count what was written, so they are 0 unless the file was imported."""

    kind: str
    rows_new: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    duplicates: int = 0
    needs_review: int = 0
    written: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)
    # For a preview: the rows that add a record and the rows that change one (with what
    # they change), the first DETAIL_ROWS of each; `None` when not asked for.
    new_rows: list[dict[str, Any]] | None = None
    changed_rows: list[dict[str, Any]] | None = None
    record_id: int | None = None  # the ImportRecord of a file that was imported

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> int:
        return self.rows_new if self.written else 0

    @property
    def updated(self) -> int:
        return self.rows_changed if self.written else 0

    @property
    def unchanged(self) -> int:
        return self.rows_unchanged if self.written else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "imported": self.written,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "needs_review": self.needs_review,
            # What the file's readable rows do, or would have done had the file been clean.
            "would": {
                "created": self.rows_new,
                "updated": self.rows_changed,
                "unchanged": self.rows_unchanged,
            },
            "errors": self.errors,
        }

    def as_preview(self) -> dict[str, Any]:
        """The report with the rows a preview lists."""
        return self.as_dict() | {
            "new_rows": self.new_rows or [],
            "changed_rows": self.changed_rows or [],
        }


CHUNK_ROWS = 500
DETAIL_ROWS = 1000


def add_result(report: ImportReport, result: Result, offset: int) -> None:
    """Add a chunk's counts and problems; lines count the header row as line 1."""
    report.rows_new += result.totals["new"]
    report.rows_changed += result.totals["update"]
    report.rows_unchanged += result.totals["skip"]
    if report.new_rows is not None:
        for row in result.rows:
            if row.import_type == RowResult.IMPORT_TYPE_NEW:
                listed = report.new_rows
            elif row.import_type == RowResult.IMPORT_TYPE_UPDATE:
                listed = report.changed_rows
            else:
                continue
            if len(listed) < DETAIL_ROWS:
                listed.append(
                    {
                        "line": getattr(row, "line", 0),
                        "record": row.object_repr or "",
                        "id": row.object_id,
                        "changes": getattr(row, "changes", []),
                        "notes": getattr(row, "notes", []),
                    }
                )
    for error in result.base_errors:
        report.errors.append(
            {"line": offset + 1, "column": "", "reason": visible(str(error.error))}
        )
    for number, errors in result.row_errors():
        for error in errors:
            line = offset + number + 1
            report.errors.append({"line": line, "column": "", "reason": visible(str(error.error))})
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                report.errors.append(
                    {
                        "line": offset + invalid.number + 1,
                        "column": "" if column == "__all__" else visible(column),
                        "reason": visible(message),
                    }
                )


def import_file(
    *,
    path: Path,
    kind: str | None = None,
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    user: Any = None,
    source: str = "file",
    file_name: str = "",
    details: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one file whole or not at all (writes nothing on any error, or on dry run).

    The file is read and imported a chunk of rows at a time inside one transaction, so
    memory stays flat however long the file. A file that imported is recorded with its
    checksum, who imported it and the counts, and each record it touched gets an entry in
    its admin history. `details` lists the rows that add or change records (for a
    preview); `progress` is called with the number of rows read so far.
    """
    try:
        header, rows, skipped = stream_rows(path)
        kind = kind or detect_kind(header, RESOURCES_BY_KIND)
    except (OSError, ValueError) as error:
        return ImportReport(
            kind=kind or "", errors=[{"line": 0, "column": "", "reason": visible(str(error))}]
        )
    options = dict(options or {})
    options["checking"] = dry_run  # a check reads and validates, and writes nothing
    if progress is not None:
        options["progress"] = progress
    resource = RESOURCES_BY_KIND[kind](**options, skip_diff=True)
    resource.offset = skipped  # a title above the header: lines still count from the top
    report = ImportReport(kind=kind)
    if details:
        report.new_rows, report.changed_rows = [], []
    # An import runs in one transaction, rolled back on any problem; a check (dry run)
    # writes nothing and reads in a transaction that takes no write lock.
    with transaction.atomic() if not dry_run else reading():
        record = None
        if not dry_run:
            record = ImportRecord.objects.create(
                source=source,
                kind=kind,
                file_name=file_name or path.name,
                sha256=sha256(path),
                user=user,
            )
        reader = Reader(rows)
        try:
            for chunk in batched(reader, CHUNK_ROWS):
                result = resource.import_data(
                    Dataset(*chunk, headers=header),
                    dry_run=False,
                    use_transactions=not dry_run,
                    raise_errors=False,
                    rollback_on_validation_errors=True,
                    file_name=file_name or path.name,
                    user=user,
                    record=record,  # each record's history names it (ReviewResource)
                )
                add_result(report, result, resource.offset)
                if result.base_errors:
                    break  # the header is wrong: no later row can be read either
                resource.offset += len(chunk)
            reader.raise_error()
        except ValueError as error:  # a row the reader cannot take apart
            line = skipped + reader.read + 2
            report.errors.append({"line": line, "column": "", "reason": visible(str(error))})
        rows_read = resource.offset - skipped - resource.blank
        if not report.errors and rows_read <= 0:
            report.errors.append(
                {
                    "line": skipped + 1,
                    "column": "",
                    "reason": _("The file has a header row but no records under it."),
                }
            )
        report.rows_unchanged -= resource.duplicates + resource.blank
        report.duplicates = resource.duplicates
        report.needs_review = resource.needs_review
        for error in report.errors:
            if error["line"] in resource.review_lines:
                error["review"] = True
        report.errors.sort(key=lambda item: item["line"])
        if record is not None:
            if report.errors:
                transaction.set_rollback(True)
            else:
                report.written = True
                record.created, record.updated = report.created, report.updated
                record.unchanged = report.unchanged
                record.save(update_fields=["created", "updated", "unchanged"])
                report.record_id = record.pk
    return report


@contextmanager
def reading():
    """A transaction for reads only: one consistent view of the data (on PostgreSQL a
    repeatable-read, read-only one; on SQLite a deferred BEGIN, which takes no write lock,
    where our connections otherwise begin IMMEDIATE). Anything written is rolled back."""
    connection = transaction.get_connection()
    connection.ensure_connection()
    mode = getattr(connection, "transaction_mode", None)
    outermost = not connection.in_atomic_block
    if connection.vendor == "sqlite":
        connection.transaction_mode = None
    try:
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # One snapshot for the whole check, and a loud failure should it ever write.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
            transaction.set_rollback(True)
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = mode


def sha256(path: Path) -> str:
    """A file's SHA-256, read in blocks."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


class Reader:
    """A file's rows, counting those read; a row the reader cannot take apart ends the
    rows after the ones before it (which are imported, or checked, as usual) and is
    raised at the end."""

    def __init__(self, rows):
        self.rows = rows
        self.read = 0
        self.error: ValueError | None = None

    def __iter__(self):
        try:
            for row in self.rows:
                yield row
                self.read += 1
        except ValueError as error:
            self.error = error

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error


def batched(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
