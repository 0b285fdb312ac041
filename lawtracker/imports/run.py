"""Importing one file of records, whole or not at all, and the report of what it did: the
one entry point of the command line, the snapshot loader and the admin's jobs."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import Result, RowResult
from tablib import Dataset

from lawtracker.imports.files import sha256, stream_rows
from lawtracker.imports.kinds import detect_kind, resource_for
from lawtracker.imports.resources import ReviewResource
from lawtracker.iterables import batched
from lawtracker.models import ImportRecord
from lawtracker.text import visible

CHUNK_ROWS = 500
DETAIL_ROWS = 1000


@dataclass
class ImportReport:
    """What a file did, or would do: `rows_*` count what its rows add, change or leave as
    they are (as checked, whether or not anything was written); `records_*` count what
    was written, so they are 0 unless the file was imported."""

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
    def records_created(self) -> int:
        return self.rows_new if self.written else 0

    @property
    def records_updated(self) -> int:
        return self.rows_changed if self.written else 0

    @property
    def records_unchanged(self) -> int:
        return self.rows_unchanged if self.written else 0

    def add_error(self, line: int, reason: str, column: str = "") -> None:
        self.errors.append({"line": line, "column": visible(column), "reason": visible(reason)})

    def as_dict(self) -> dict[str, Any]:
        """The report as jobs keep it and `import_records --json` prints it."""
        return {
            "kind": self.kind,
            "imported": self.written,
            "created": self.records_created,
            "updated": self.records_updated,
            "unchanged": self.records_unchanged,
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


def add_result(report: ImportReport, result: Result, offset: int) -> None:
    """Add a chunk's counts and problems; lines count the header row as line 1."""
    report.rows_new += result.totals["new"]
    report.rows_changed += result.totals["update"]
    report.rows_unchanged += result.totals["skip"]
    if report.new_rows is not None:
        add_details(report, result.rows)
    for error in result.base_errors:
        report.add_error(offset + 1, str(error.error))
    for number, errors in result.row_errors():
        for error in errors:
            report.add_error(offset + number + 1, str(error.error))
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                column = "" if column == "__all__" else column
                report.add_error(offset + invalid.number + 1, message, column)


def add_details(report: ImportReport, rows: list[RowResult]) -> None:
    """List the rows that add or change a record, up to DETAIL_ROWS of each."""
    for row in rows:
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


def import_file(
    *,
    path: Path,
    kind: str | None = None,
    options: dict[str, Any] | None = None,
    check_only: bool = False,
    user: Any = None,
    source: str = "file",
    file_name: str = "",
    details: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one file whole or not at all (writes nothing on any error, or when only
    checking it).

    The file is read and imported a chunk of rows at a time inside one transaction, so
    memory stays flat however long the file. A file that imported is recorded with its
    checksum, who imported it and the counts, and each record it touched gets an entry in
    its history. `details` lists the rows that add or change records (for a preview);
    `progress` is called with the number of rows read so far.
    """
    try:
        header, rows, skipped = stream_rows(path)
        kind = kind or detect_kind(header)
    except (OSError, ValueError) as error:
        report = ImportReport(kind=kind or "")
        report.add_error(0, str(error))
        return report
    options = {**(options or {}), "check_only": check_only, "skip_diff": True}
    if progress is not None:
        options["progress"] = progress
    resource = resource_for(kind)(**options)
    resource.file.offset = skipped  # a title above the header: lines still count from the top
    report = ImportReport(kind=kind)
    if details:
        report.new_rows, report.changed_rows = [], []
    file_name = file_name or path.name
    # An import runs in one transaction, rolled back on any problem; a check writes
    # nothing and reads in a transaction that takes no write lock.
    with reading() if check_only else transaction.atomic():
        record = None
        if not check_only:
            record = ImportRecord.objects.create(
                source=source, kind=kind, file_name=file_name, sha256=sha256(path), user=user
            )
        with resource.whole_file():
            import_rows(
                resource, report, header, rows, file_name=file_name, user=user, record=record
            )
        finish_report(resource, report, skipped)
        if record is not None:
            keep_or_roll_back(report, record)
    return report


def import_rows(
    resource: ReviewResource, report: ImportReport, header: list, rows: Iterator, **kwargs: Any
) -> None:
    """Import (or check) the rows a chunk at a time, adding each chunk's result to the
    report; a row the file reader cannot take apart ends the rows, reported on its line."""
    reader = Reader(rows)
    start = resource.file.offset
    try:
        for chunk in batched(reader, CHUNK_ROWS):
            result = resource.import_data(
                Dataset(*chunk, headers=header),
                dry_run=False,  # a check writes nothing of itself (ReviewResource.check_only)
                use_transactions=not resource.check_only,
                raise_errors=False,
                rollback_on_validation_errors=True,
                **kwargs,  # the file's name, the user and its ImportRecord, for the history
            )
            add_result(report, result, resource.file.offset)
            if result.base_errors:
                break  # the header is wrong: no later row can be read either
            resource.file.offset += len(chunk)
        reader.raise_error()
    except ValueError as error:
        report.add_error(start + reader.read + 2, str(error))


def finish_report(resource: ReviewResource, report: ImportReport, skipped: int) -> None:
    """The file's tallies into the report: repeated and blank rows are not "unchanged"
    records, rows held for review are marked, problems are in line order."""
    tally = resource.file
    if not report.errors and tally.offset - skipped - tally.blank <= 0:
        report.add_error(skipped + 1, _("The file has a header row but no records under it."))
    report.rows_unchanged -= tally.duplicates + tally.blank
    report.duplicates = tally.duplicates
    report.needs_review = tally.needs_review
    for error in report.errors:
        if error["line"] in tally.review_lines:
            error["review"] = True
    report.errors.sort(key=lambda item: item["line"])


def keep_or_roll_back(report: ImportReport, record: ImportRecord) -> None:
    """A file with any problem leaves nothing; a clean one is recorded with its counts."""
    if report.errors:
        transaction.set_rollback(True)
        return
    report.written = True
    record.records_created = report.records_created
    record.records_updated = report.records_updated
    record.records_unchanged = report.records_unchanged
    record.save(update_fields=["records_created", "records_updated", "records_unchanged"])
    report.record_id = record.pk


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
