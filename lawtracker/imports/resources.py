"""The resource base both apps' importers build on: django-import-export resources for the
review's tables, where each row is read whole into parsed values before anything is
written.

A subclass declares its columns (`COLUMNS`: canonical header → accepted variants), reads
a row in `parse_row` (raising `RowError` with every problem of the row), says what makes
two rows one record in `identity`, finds that record in `find_existing`, and writes in
`apply` and `save_related`. What the engine knows of the row being imported is one
`RowState`; what it counts of the file so far is one `FileTally`.

A chunk of rows is read whole before any of it is imported (`read_rows`), so that the
records its rows name are looked up together (`look_up`), and a subclass that sets
`BULK_CREATE` writes the chunk's new records together at its end (`create_records`):
an import costs a few queries a chunk, not several a row.
"""

import contextlib
import copy
import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from tablib import Dataset

from lawtracker import history, public_ids, verification
from lawtracker.imports.cells import (
    DATE_TEXT_MAX,
    RowError,
    add_error,
    add_errors,
    check_length,
    date_cell,
)
from lawtracker.imports.files import (
    HeaderError,
    canonical_headers,
    clean_text,
    header_names,
    outside_cells,
)
from lawtracker.models import PublicIdCounter
from lawtracker.public_ids import PublicIdentified, format_public_id
from lawtracker.readings import reading
from lawtracker.text import control_problem

Change = dict[str, str]  # {"column", "before", "after"}, as a preview lists it


@dataclass(frozen=True)
class FileOption:
    """A choice made for a whole file, offered by the admin's import form (`label`,
    `help_text`) and by import_records (`command_help`): one of `choices`, or yes or no
    when it has none."""

    label: str
    help_text: str
    command_help: str
    choices: type[models.TextChoices] | None = None


@dataclass
class RowState:
    """The row being imported, from `before_import_row` to `after_import_row`."""

    line: int  # in the file, the header being line 1
    parsed: dict[str, Any] = field(default_factory=dict)
    repeat: bool = False  # it repeats an earlier row word for word
    created: bool = False  # it makes a new record
    previous: dict[str, Any] = field(default_factory=dict)  # the record's fields before
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a preview says of it
    related: list[Change] = field(default_factory=list)  # what it changes of the links
    proposed: Any = None  # links a subclass reads from the row, made when it is written
    problems: dict[str, list[str]] = field(default_factory=dict)  # its cells', by column
    failure: Exception | None = None  # reading it failed: the row's error (import_row's)


@dataclass
class NewRecord:
    """A record a row makes, written with the rest of its chunk's (`create_records`)."""

    instance: models.Model
    row: RowState
    result: Any = None  # the row's RowResult, given the record's id once it is written


@dataclass
class FileTally:
    """What the engine counts of one file's rows so far, kept across its chunks (a
    subclass may keep more of its own: CaseResource.new_in_file)."""

    offset: int = 0  # rows of the file before the chunk being imported
    seen: dict[Any, tuple[int, bytes]] = field(default_factory=dict)  # identity → line, cells
    duplicates: int = 0
    needs_review: int = 0
    blank: int = 0
    review_lines: set[int] = field(default_factory=set)  # held back as probably known


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def shown(value: Any) -> str:
    """A field's value as a preview shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class ReviewResource(resources.ModelResource):
    """Base for the review-table resources; subclasses set `COLUMNS` and `REQUIRED`.

    Options (keyword arguments): `check_only` reads and validates every row and writes
    nothing; `progress` is called with the rows done; `create_only` leaves existing
    records as they are; `fill_empty_only` fills what existing records leave empty and
    creates none (a file of details beside the review's tables); a subclass reads its own
    (`FILE_OPTIONS`).
    """

    COLUMNS: dict[str, tuple[str, ...]] = {}
    REQUIRED: tuple[str, ...] = ()
    # Headers of columns a file may have that hold nothing to keep (a row's number).
    IGNORED: tuple[str, ...] = ()
    # A date field and the fields that go with it (its text as given first, then its
    # precision, note …): a row that gives the same date keeps the record's text of it.
    DATE_GROUPS: dict[str, tuple[str, ...]] = {}
    DATE_COLUMNS: tuple[str, ...] = ()
    # A verbatim text field and how it is read (lawtracker.text): a row whose text reads
    # the same as the record's (re-typed: other spacing, 伍万 for 5万) leaves it as it is.
    READINGS: dict[str, Callable[[Any], str]] = {}
    # Choices made for a whole file: the admin's import form and import_records' options.
    FILE_OPTIONS: dict[str, "FileOption"] = {}
    # The record's date that says how current the data is (lawtracker.freshness).
    AS_OF_FIELD: str | None = None
    # The yes-or-no option that adds the rows held for review (FileTally.review_lines).
    HELD_ROWS_OPTION: str | None = None
    # New records are written a chunk at a time, by `create_records`, after its last row.
    BULK_CREATE = False

    def __init__(self, **options: Any):
        super().__init__()
        self.options = options
        self.row = RowState(line=0)
        self.file = FileTally()
        self.prepared: dict[int, RowState] = {}  # the chunk's rows as read, by row number
        self.model_fields: dict[str, models.Field | None] = {}  # model_field's
        self.known_ids: dict[str, models.Model] = {}  # the chunk's records, by tracker ID
        self.new_records: list[NewRecord] = []  # the chunk's, written after its last row
        if options.get("skip_diff") or (self.BULK_CREATE and not self.check_only):
            self._meta = copy.copy(self._meta)
        if options.get("skip_diff"):
            # The command line reports counts, not the admin's row-by-row diff.
            self._meta.skip_diff = True
        if self.BULK_CREATE and not self.check_only:
            # No savepoint around each row (two queries a row): a row's failed write fails
            # the whole file, and it never isolated one (import_row catches the error
            # inside it). The library's own bulk writes stay unused (`save_instance`).
            self._meta.use_bulk = True

    @property
    def check_only(self) -> bool:
        return bool(self.options.get("check_only"))

    # -- what a subclass says ----------------------------------------------------------

    def parse_row(self, row: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def identity(self, parsed: dict[str, Any]) -> Any:
        """What makes two rows the same record (the key `find_existing` looks up)."""
        raise NotImplementedError

    def find_existing(self, parsed: dict[str, Any]) -> models.Model | None:
        raise NotImplementedError

    def find_by_public_id(
        self, parsed: dict[str, Any], column: str, same: Iterable[models.Model]
    ) -> models.Model:
        """The record a row's tracker ID names (`parsed["_public_id"]`). The row must not
        read as another record (`same`: the records its identity finds), and an ID no
        record has is a problem: IDs are given by the tracker, never by a file."""
        public_id = parsed["_public_id"]
        record = self.known_ids.get(public_id)
        if record is None:  # not looked up with the chunk's (a caller of import_row alone)
            record = self.lookup_queryset().filter(public_id=public_id).first()
        if record is None:
            raise ValidationError(
                {
                    column: [
                        _("no record has the ID %s: leave the cell empty for a new record")
                        % public_id
                    ]
                }
            )
        for other in same:
            if other.pk != record.pk:
                raise ValidationError(
                    {
                        column: [
                            _(
                                "the row reads as %(other)s (%(other_id)s), not as %(id)s: "
                                "correct the ID or the row"
                            )
                            % {"other": other, "other_id": other.public_id or "—", "id": public_id}
                        ]
                    }
                )
        return copy.copy(record)  # each row changes its own copy (a check saves none)

    def lookup_queryset(self) -> models.QuerySet:
        """The records rows are compared with, with what comparing them reads."""
        return self._meta.model.objects.all()

    def ignored(self, headers) -> tuple[str, ...]:
        """The columns a file may hold that are read as nothing (IGNORED)."""
        return self.IGNORED

    def read_references(self) -> None:
        """Read what every row of a chunk is read against (before its rows)."""

    def look_up(self, rows: list[dict[str, Any]]) -> None:
        """Read the records the chunk's readable rows (parsed) name, together: here those
        their tracker IDs name (one query); a subclass reads more."""
        ids = {row["_public_id"] for row in rows if row.get("_public_id")}
        self.known_ids = {}
        if ids and issubclass(self._meta.model, PublicIdentified):
            for record in self.lookup_queryset().filter(public_id__in=ids):
                self.known_ids[record.public_id] = record

    def remember(self, instance: models.Model) -> None:
        """A record this import has just changed, as later rows of the chunk find it."""
        public_id = getattr(instance, "public_id", None)
        if public_id in self.known_ids:
            self.known_ids[public_id] = copy.copy(instance)

    def create_records(self, new: list[NewRecord]) -> None:
        """Write the records the chunk's rows make, in their order, with what hangs off
        them (here one by one: a subclass writes them together)."""
        for record in new:
            self.row = record.row
            if isinstance(record.instance, PublicIdentified):
                public_ids.assign(record.instance)
            record.instance.save(force_insert=True)
            self.save_related(record.instance, record.row.parsed)

    def apply(self, instance: models.Model, values: dict[str, Any]) -> None:
        for name, value in values.items():
            setattr(instance, name, value)

    def save_related(self, instance: models.Model, parsed: dict[str, Any]) -> None:
        """Write the rows that hang off the record (many-to-many links, penalties)."""

    def related_changes(self, instance: models.Model) -> list[Change]:
        """What the row changes of an existing record's links (as `describe_changes`)."""
        return []

    @classmethod
    def header_map(cls) -> dict[str, str]:
        return header_names(cls.COLUMNS)

    # -- reading a row -----------------------------------------------------------------

    def before_import(self, dataset: Dataset, **kwargs: Any) -> None:
        self.prepared, self.new_records = {}, []
        try:
            dataset.headers = canonical_headers(
                list(dataset.headers or []),
                self.COLUMNS,
                self.REQUIRED,
                self.ignored(dataset.headers),
            )
        except HeaderError:
            # Nothing in the rows can be read against the wrong columns: the header alone.
            del dataset[0 : len(dataset)]
            raise
        self.read_references()
        self.read_rows(dataset)

    def read_rows(self, dataset: Dataset) -> None:
        """Read each row of the chunk (numbered as import_data numbers them), then look up
        together the records the readable ones name."""
        headers = dataset.headers
        for number, values in enumerate(dataset, 1):
            row = dict(zip(headers, values, strict=False))
            if not any(clean_text(value) for value in row.values()):
                continue  # skipped (import_row)
            try:
                self.prepared[number] = self.read_row(row, number)
            except Exception as error:  # noqa: BLE001 (the row's error, as import_row's)
                self.prepared[number] = RowState(line=self.row.line, failure=error)
        readable = [state for state in self.prepared.values() if state.parsed]
        self.look_up([state.parsed for state in readable if not state.problems])

    def import_row(self, row, instance_loader, **kwargs):
        if progress := self.options.get("progress"):
            progress(self.file.offset + kwargs.get("row_number", 1) - 1)  # rows done before
        # Spreadsheets keep empty rows below (and between) the data: they hold nothing to
        # import and nothing to report.
        if not any(clean_text(value) for value in row.values()):
            self.file.blank += 1
            result = self.get_row_result_class()()
            result.import_type = result.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        number = kwargs.get("row_number", 0)
        state = self.prepared.pop(number, None)
        self.row = state if state is not None else self.read_row(row, number)
        if self.row.failure is not None:
            raise self.row.failure
        # Every check of the row's own values comes first, and all of them are reported;
        # only a row that passes them is compared with other rows and with the tracker
        # (repeats, probable matches), so a bad row is never offered to be added anyway.
        if self.row.problems:
            raise ValidationError(self.row.problems)
        self.check_repeat({key: row.get(key) for key in self.COLUMNS})

    def read_row(self, row: dict[str, Any], number: int) -> RowState:
        """The row's cells read and checked on their own (no other row, no query)."""
        self.row = RowState(line=number + self.file.offset + 1)  # parse_row adds notes
        cells = {key: row.get(key) for key in self.COLUMNS}
        errors = self.check_cells(cells) | outside_cells(row)
        try:
            self.row.parsed = self.parse_row(cells)
        except RowError as error:
            add_errors(errors, error.errors)
        else:
            add_errors(errors, self.check_lengths(self.row.parsed))
        self.row.problems = errors
        return self.row

    def check_cells(self, cells: dict[str, Any]) -> dict[str, list[str]]:
        """Cells holding a control character, or longer than the field they fill holds, by
        column (before they are read)."""
        errors: dict[str, list[str]] = {}
        for column, value in cells.items():
            if isinstance(value, str) and (problem := control_problem(value)):
                add_error(errors, column, problem)
        for column, limit in self.limits.items():
            value = cells.get(column)
            if isinstance(value, str):
                check_length(errors, column, clean_text(value), limit)
        return errors

    @functools.cached_property
    def limits(self) -> dict[str, int]:
        """The longest text each column may hold: its field's, DATE_TEXT_MAX for a date."""
        limits = {column: DATE_TEXT_MAX for column in self.DATE_COLUMNS}
        for import_field in self.get_import_fields():
            if model_field := self.model_field(import_field.attribute):
                if model_field.max_length:
                    limits[import_field.column_name] = model_field.max_length
        return limits

    def model_field(self, name: str) -> models.Field | None:
        """The model's field of this name (each name looked up once: several a row)."""
        if name not in self.model_fields:
            try:
                self.model_fields[name] = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                self.model_fields[name] = None
        return self.model_fields[name]

    def check_lengths(self, parsed: dict[str, Any]) -> dict[str, list[str]]:
        """Text longer than its field holds, by column: PostgreSQL would refuse it with a
        database error, SQLite would keep it, so it is refused here, in words."""
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        errors: dict[str, list[str]] = {}
        for name, value in parsed.items():
            model_field = self.model_field(name) if isinstance(value, str) else None
            if model_field is not None and model_field.max_length:
                column = columns.get(name) or str(model_field.verbose_name)
                check_length(errors, column, value, model_field.max_length)
        return errors

    def check_repeat(self, cells: dict[str, Any]) -> None:
        """A row repeated word for word is one record; a row that is the same record as an
        earlier line but says something else is an error, never a silent overwrite.
        A row is remembered by an 8-byte digest of each cell, not its text, so that memory
        stays small however long the file."""
        texts = b"".join(
            digest(self.cell_reading(column, cells.get(column))) for column in self.COLUMNS
        )
        key = self.identity(self.row.parsed)
        if key not in self.file.seen:
            self.file.seen[key] = (self.row.line, texts)
            return
        first_line, first = self.file.seen[key]
        differing = [
            column
            for n, column in enumerate(self.COLUMNS)
            if first[8 * n : 8 * n + 8] != texts[8 * n : 8 * n + 8]
        ]
        if differing:
            raise ValidationError(
                {
                    differing[0]: [
                        _("the same record as line %(line)d, but %(columns)s differ")
                        % {"line": first_line, "columns": "、".join(differing)}
                    ]
                }
            )
        self.file.duplicates += 1
        self.row.repeat = True

    def cell_reading(self, column: str, value: Any) -> str:
        """What a cell says, whatever its spelling: its date for a date column, else its
        text as read (so a row re-typed within one file is a repeat, not a conflict)."""
        if column in self.DATE_COLUMNS:
            try:
                parsed = date_cell(value)[1]
            except ValueError:
                parsed = None
            if parsed is not None:
                return f"{parsed.value.isoformat()} {parsed.precision} {parsed.note}"
        return reading(clean_text(value))

    # -- what a row changes ------------------------------------------------------------

    def get_instance(self, instance_loader: Any, row: dict[str, Any]) -> models.Model | None:
        found = self.find_existing(self.row.parsed)
        if found is None and self.options.get("fill_empty_only"):
            raise ValidationError(
                {
                    "": [
                        _(
                            "matches no record in the tracker: a file of details only "
                            "completes records"
                        )
                    ]
                }
            )
        return found

    def import_instance(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        self.row.created = instance.pk is None
        self.row.previous = {} if self.row.created else field_values(instance)
        # Keys starting with "_" travel with the row but are no field of the record.
        values = {name: value for name, value in self.row.parsed.items() if name[0] != "_"}
        if not self.row.created:
            values = self.update_values(instance, values)
        self.apply(instance, values)
        self.row.related = [] if self.row.created else self.related_changes(instance)

    def update_values(self, instance: models.Model, values: dict[str, Any]) -> dict[str, Any]:
        """What of a row's values an existing record takes: not what was only inferred (a
        family from the agency's name); not an empty cell over what the record holds; not
        the companions of a date the row does not give ("--"); not what only re-spells
        the record's own (`keep_what_reads_the_same`)."""
        if self.options.get("fill_empty_only"):
            return {name: value for name, value in values.items() if is_empty(instance, name)}
        derived = self.row.parsed.get("_derived", ())
        values = {
            name: value
            for name, value in values.items()
            if name not in derived
            and (value not in ("", None) or getattr(instance, name, None) in ("", None))
        }
        for date_field, companions in self.DATE_GROUPS.items():
            if date_field not in values:
                for companion in companions:
                    values.pop(companion, None)
        self.keep_what_reads_the_same(instance, values)
        return values

    def keep_what_reads_the_same(self, instance: models.Model, values: dict[str, Any]) -> None:
        """Drop from `values` what only re-spells the record's own: the same date written
        another way (2020年10月11日 for 2020.10.11), a text that reads the same. The
        record keeps its verbatim texts; a real change is still a change."""
        for date_field, (text_field, *companions) in self.DATE_GROUPS.items():
            same = all(
                values.get(name, getattr(instance, name)) == getattr(instance, name)
                for name in (date_field, *companions)
            )
            if same:
                values.pop(text_field, None)
        for name, read in self.READINGS.items():
            if name in values and read(values[name]) == read(getattr(instance, name)):
                values.pop(name)

    def changed(self, instance: models.Model, *attnames: str) -> bool:
        """Whether this row changed any of these fields of an existing record (or made it)."""
        return self.row.created or any(
            self.row.previous.get(name) != getattr(instance, name) for name in attnames
        )

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        """A row that changes nothing of an existing record is skipped ("unchanged")."""
        if self.row.repeat:
            return True  # counted as a duplicate (the check has no earlier record to find)
        if import_validation_errors or self.row.created:
            return False
        # Loading a snapshot adds what is missing and never overwrites associates' work.
        if self.options.get("create_only"):
            return True
        unchanged = not self.row.related and all(
            self.row.previous.get(name) == getattr(instance, name)
            for name in compared_fields(instance)
        )
        if not unchanged:
            self.row.changes = self.describe_changes(instance) + self.row.related
            if isinstance(instance, verification.Verifiable):
                verification.after_edit(instance, self.row.previous)
        return unchanged

    def describe_changes(self, instance: models.Model) -> list[Change]:
        """What this row changes of an existing record, by column, as the file would show
        it."""
        changes = []
        for import_field in self.get_import_fields():
            name = import_field.attribute
            if not name:
                continue
            display = name.startswith("get_") and name.endswith("_display")
            attname = name[4:-8] if display else name
            model_field = self.model_field(attname)
            if model_field is not None and model_field.many_to_one:
                # A link: compared by its id, shown by its name.
                before_id = self.row.previous.get(model_field.attname)
                if before_id == getattr(instance, model_field.attname):
                    continue
                related = model_field.related_model._default_manager
                before = related.filter(pk=before_id).first() if before_id else None
                changes.append(
                    {
                        "column": import_field.column_name,
                        "before": shown(before),
                        "after": shown(getattr(instance, attname)),
                    }
                )
                continue
            before, after = self.row.previous.get(attname), getattr(instance, attname)
            if before == after:
                continue
            labels = dict(instance._meta.get_field(attname).flatchoices) if display else {}
            changes.append(
                {
                    "column": import_field.column_name,
                    "before": shown(labels.get(before, before)),
                    "after": shown(labels.get(after, after)),
                }
            )
        return changes

    def after_import_row(self, row, row_result, **kwargs: Any) -> None:
        row_result.line = self.file.offset + kwargs.get("row_number", 0) + 1
        row_result.changes = self.row.changes
        row_result.notes = self.row.notes
        if self.new_records and self.new_records[-1].row is self.row:
            self.new_records[-1].result = row_result

    # -- writing -----------------------------------------------------------------------
    # A check (the preview) reads and validates but writes nothing, so that it holds no
    # write lock for as long as a long file takes (SQLite has only one) and never leaves
    # anything behind; the import then writes the same rows the same way. So `parse_row`
    # (with `check_lengths`) refuses, in words, everything the database's constraints
    # would; asking the database row by row instead (`validate_constraints`) cost 5.5 ms
    # a row, most of a check's time.

    def import_data(self, dataset, **kwargs):
        """Each record the chunk writes gets one history row, under the importing user
        and the import's number, written together at the end (no query per row)."""
        if self.check_only:
            return super().import_data(dataset, **kwargs)
        reason = None
        if record := kwargs.get("record"):
            reason = _("import no. %(id)d (%(file)s)") % {
                "id": record.pk,
                "file": record.file_name,
            }
        with (
            history.acting(user=kwargs.get("user"), reason=reason),
            history.batch() as pending,
        ):
            result = super().import_data(dataset, **kwargs)
            if result.has_errors() or result.has_validation_errors():
                pending.clear()  # nothing of the file is kept, so no history either
        return result

    def whole_file(self) -> contextlib.AbstractContextManager:
        """Around all of a file's chunks (import_file): a subclass may leave work to the
        file's end."""
        return contextlib.nullcontext()

    def after_import(self, dataset, result, **kwargs):
        # django-import-export resets PostgreSQL's id sequences after new rows: a check
        # has written none, and a sequence is not rolled back.
        if self.check_only:
            return
        new, self.new_records = self.new_records, []
        # A chunk with a problem is rolled back whole: its new records need no writing.
        if new and not (result.has_errors() or result.has_validation_errors()):
            self.create_records(new)
            for record in new:
                if record.result is not None:
                    record.result.object_id = record.instance.pk
        super().after_import(dataset, result, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.check_only:
            return
        if is_create and self.BULK_CREATE:
            self.new_records.append(NewRecord(instance=instance, row=self.row))
            return
        if is_create and isinstance(instance, PublicIdentified):
            public_ids.assign(instance)
        if self._meta.use_bulk:  # saved now all the same, not in the library's batches
            self.before_save_instance(instance, row, **kwargs)
            self.do_instance_save(instance, is_create)
            self.after_save_instance(instance, row, **kwargs)
        else:
            super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        if self.check_only or (self.row.created and self.BULK_CREATE):
            return  # a new record's links are written with its chunk's (create_records)
        self.save_related(instance, self.row.parsed)
        if not self.row.created:
            self.remember(instance)


@transaction.atomic(savepoint=False)
def assign_public_ids(instances: list[PublicIdentified]) -> None:
    """Give records being created their IDs, in their order, as `public_ids.assign` gives
    one (two queries a year among them): a block of numbers is drawn at once for each
    year, and the counter's row stays locked until the caller's transaction ends, so no
    number is ever given twice."""
    by_year: dict[tuple[str, int], list[PublicIdentified]] = {}
    for instance in instances:
        if not instance.public_id:
            year = instance.public_id_year() or timezone.localdate().year
            by_year.setdefault((instance.PUBLIC_ID_PREFIX, year), []).append(instance)
    for (prefix, year), given in by_year.items():
        counter = PublicIdCounter.objects.filter(prefix=prefix, year=year)
        if not counter.update(last=F("last") + len(given)):
            try:
                with transaction.atomic():
                    PublicIdCounter.objects.create(prefix=prefix, year=year, last=len(given))
            except IntegrityError:  # another writer made it meanwhile
                counter.update(last=F("last") + len(given))
        last = counter.values_list("last", flat=True).get()
        for number, instance in enumerate(given, last - len(given) + 1):
            instance.public_id = format_public_id(prefix, year, number)


def is_empty(instance: models.Model, name: str) -> bool:
    return getattr(instance, name, None) in ("", None)


def field_values(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def compared_fields(instance: models.Model) -> list[str]:
    return [
        field.attname
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in ("created_at", "updated_at")
    ]
