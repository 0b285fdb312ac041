"""The import engine shared by both apps: django-import-export resources for the review's
tables, where each row is read whole into parsed values before anything is written.

A resource subclass declares its columns (`COLUMNS`: canonical header → accepted
variants), reads a row in `parse_row` (raising `RowError` with every problem of the row),
finds the record the row is about in `find_existing`, and writes in `apply` and
`save_related`. The file is imported in one transaction: any bad row rolls back all.
"""

import codecs
import copy
import csv
import datetime
import functools
import hashlib
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export import resources
from openpyxl.reader.excel import ExcelReader
from tablib import Dataset

from lawtracker import history
from lawtracker.dates import PartialDate, format_partial_date, parse_partial_date
from lawtracker.export_formats import unneutralise
from lawtracker.text import control_problem, reading


class RowError(Exception):
    """Problems found in one row, by column."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class HeaderError(ValueError):
    """The file's header row is not one this importer reads."""


def clean_text(value: Any) -> str:
    """A cell as text, verbatim but for surrounding whitespace (full-width too); None → ''."""
    if value is None:
        return ""
    return unneutralise(str(value)).strip()


def date_cell(value: Any) -> tuple[str, PartialDate | None]:
    """A date cell as (its text as shown, the date it means). Excel keeps a typed "2020.10"
    as the number 2020.1, so a number is a date only when it is a whole number: a year
    (1900–2100), its digits (202108, 20210820) or an Excel serial date. Raises ValueError
    for any other number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = clean_text(value)
        if isinstance(value, datetime.date):
            parsed = parse_partial_date(value)
            return format_partial_date(parsed.value, parsed.precision), parsed
        return text, parse_partial_date(text)
    if value != int(value):
        raise ValueError(
            _(
                "%s is a number, not a date: type the date as text (2020.10) "
                "or format the cell as a date"
            )
            % value
        )
    if 1900 <= value <= 2100 or 190001 <= value <= 210012 or 19000101 <= value <= 21001231:
        parsed = parse_partial_date(str(int(value)))  # a year, 202108 or 20210820
    else:
        parsed = parse_partial_date(int(value))
    return format_partial_date(parsed.value, parsed.precision), parsed


def normalise_header(header: Any) -> str:
    """Header matching ignores width (ＡＢ/全角), case and all whitespace."""
    text = unicodedata.normalize("NFKC", clean_text(header))
    return "".join(text.split()).lower()


def check_length(errors: dict[str, list[str]], column: str, text: str, limit: int) -> bool:
    """Record against `column` a text longer than `limit`; whether it fits."""
    if len(text) <= limit:
        return True
    errors.setdefault(column, []).append(
        _("is %(length)d characters long; at most %(max)d are allowed")
        % {"length": len(text), "max": limit}
    )
    return False


def add_errors(errors: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    """Add problems by column, each reason once."""
    for column, reasons in more.items():
        listed = errors.setdefault(column, [])
        listed += [reason for reason in reasons if reason not in listed]


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
    """Base for the review-table resources; subclasses set `COLUMNS` and `REQUIRED`."""

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

    def __init__(self, **kwargs: Any):
        super().__init__()
        self.options = kwargs
        self.parsed: dict[str, Any] = {}
        # Kept across the chunks of one file (see lawtracker.imports).
        self.seen: dict[Any, tuple[int, bytes]] = {}
        self.duplicates = 0
        self.needs_review = 0
        self.blank = 0
        self.offset = 0  # rows of the file before the chunk being imported
        self.review_lines: set[int] = set()  # lines held back as probably a known record
        self.line = 0
        self.repeat = False  # the row being read repeats an earlier one word for word
        self.changes: list[dict[str, str]] = []
        self.notes: list[str] = []  # what a preview says of the row (a level inferred …)
        self.related: list[dict[str, str]] = []  # what the row changes of a record's links
        if kwargs.get("skip_diff"):
            # The command line reports counts, not the admin's row-by-row diff.
            self._meta = copy.copy(self._meta)
            self._meta.skip_diff = True

    # -- headers -----------------------------------------------------------------------

    def header_map(self) -> dict[str, str]:
        mapping = {}
        for canonical, variants in self.COLUMNS.items():
            for name in (canonical, *variants):
                mapping[normalise_header(name)] = canonical
        return mapping

    def header_check(self, dataset: Dataset) -> None:
        """Rename the file's headers to the canonical ones, or raise HeaderError."""
        mapping = self.header_map()
        ignored = {normalise_header(name) for name in self.IGNORED}
        headers = list(dataset.headers or [])
        renamed, unknown = [], []
        for number, header in enumerate(headers, start=1):
            canonical = mapping.get(normalise_header(header))
            if header == EXTRA:
                renamed.append(EXTRA)
            elif canonical is not None:
                renamed.append(canonical)
            elif normalise_header(header) in ignored:
                renamed.append(f"{IGNORED_COLUMN}{number}")
            elif not clean_text(header):
                renamed.append(f"{UNNAMED_COLUMN}{number}")  # its cells must be empty
            else:
                unknown.append(clean_text(header))
                renamed.append(clean_text(header))
        missing = [column for column in self.REQUIRED if column not in renamed]
        problems = []
        if missing:
            problems.append(_("missing column(s): %s") % "、".join(missing))
        if unknown:
            problems.append(_("unknown column(s): %s") % "、".join(unknown))
        duplicated = sorted({h for h in renamed if h in self.COLUMNS and renamed.count(h) > 1})
        if duplicated:
            problems.append(_("column(s) given twice: %s") % "、".join(duplicated))
        if problems:
            # Nothing in the rows can be read against the wrong columns: report the header only.
            del dataset[0 : len(dataset)]
            raise HeaderError(
                _("The header row does not fit this import (%(problems)s). Expected: %(expected)s")
                % {"problems": "; ".join(problems), "expected": " ".join(self.COLUMNS)}
            )
        dataset.headers = renamed

    # -- rows --------------------------------------------------------------------------

    def parse_row(self, row: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def find_existing(self, parsed: dict[str, Any]) -> models.Model | None:
        raise NotImplementedError

    def apply(self, instance: models.Model, parsed: dict[str, Any]) -> None:
        raise NotImplementedError

    def save_related(self, instance: models.Model, parsed: dict[str, Any], created: bool) -> None:
        """Write the rows that hang off the record (many-to-many links, penalties)."""

    def related_changes(self, instance: models.Model) -> list[dict[str, str]]:
        """What the row changes of an existing record's links (as `describe_changes`)."""
        return []

    def import_row(self, row, instance_loader, **kwargs):
        if progress := self.options.get("progress"):
            progress(self.offset + kwargs.get("row_number", 1) - 1)  # rows done before it
        # Spreadsheets keep empty rows below (and between) the data: they hold nothing to
        # import and nothing to report.
        if not any(clean_text(value) for value in row.values()):
            self.blank += 1
            result = self.get_row_result_class()()
            result.import_type = result.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def identity(self, parsed: dict[str, Any]) -> Any:
        """What makes two rows the same record (the key `find_existing` looks up)."""
        raise NotImplementedError

    def before_import(self, dataset: Dataset, **kwargs: Any) -> None:
        self.header_check(dataset)

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        self.line = kwargs.get("row_number", 0) + self.offset + 1  # the header is line 1
        self.repeat = False
        self.notes = []
        cells = {key: row.get(key) for key in self.COLUMNS}
        # Every check of the row's own values comes first, and all of them are reported;
        # only a row that passes them is compared with other rows and with the tracker
        # (repeats, probable matches), so a bad row is never offered to be added anyway.
        errors = self.check_cells(cells) | self.check_outside(row)
        try:
            self.parsed = self.parse_row(cells)
        except RowError as error:
            add_errors(errors, error.errors)
        else:
            add_errors(errors, self.check_lengths(self.parsed))
        if errors:
            raise ValidationError(errors)
        self.check_repeat(cells, self.line)

    @staticmethod
    def check_outside(row: dict[str, Any]) -> dict[str, list[str]]:
        """Cells outside the header's columns, which would be lost: beyond its last column,
        or under a column with no header."""
        errors: dict[str, list[str]] = {}
        if beyond := row.get(EXTRA):
            errors[""] = [
                _("the row has %(n)d more cells than the header row has columns: %(cells)s")
                % {"n": len(beyond), "cells": "、".join(clean_text(c)[:20] for c in beyond)}
            ]
        for key, value in row.items():
            if str(key).startswith(UNNAMED_COLUMN) and clean_text(value):
                column = int(str(key).removeprefix(UNNAMED_COLUMN))
                errors.setdefault("", []).append(
                    _("column %(n)d has no header but this row has “%(cell)s” in it")
                    % {"n": column, "cell": clean_text(value)[:20]}
                )
        return errors

    def check_cells(self, cells: dict[str, Any]) -> dict[str, list[str]]:
        """Cells holding a control character, or longer than the field they fill holds, by
        column (before they are read)."""
        errors: dict[str, list[str]] = {}
        for column, value in cells.items():
            if isinstance(value, str) and (problem := control_problem(value)):
                errors.setdefault(column, []).append(problem)
        for column, limit in self.limits.items():
            value = cells.get(column)
            if isinstance(value, str):
                check_length(errors, column, clean_text(value), limit)
        return errors

    @functools.cached_property
    def limits(self) -> dict[str, int]:
        """The longest text each column may hold: its field's, 50 for a date column."""
        limits = {column: 50 for column in self.DATE_COLUMNS}
        for field in self.get_import_fields():
            try:
                model_field = self._meta.model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            if model_field.max_length:
                limits[field.column_name] = model_field.max_length
        return limits

    def check_lengths(self, parsed: dict[str, Any]) -> dict[str, list[str]]:
        """Text longer than its field holds, by column: PostgreSQL would refuse it with a
        database error, SQLite would keep it, so it is refused here, in words."""
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        errors: dict[str, list[str]] = {}
        for name, value in parsed.items():
            if not isinstance(value, str):
                continue
            try:
                limit = self._meta.model._meta.get_field(name).max_length
            except FieldDoesNotExist:
                continue
            if limit:
                column = columns.get(name) or str(
                    self._meta.model._meta.get_field(name).verbose_name
                )
                check_length(errors, column, value, limit)
        return errors

    def check_repeat(self, cells: dict[str, Any], line: int) -> None:
        """A row repeated word for word is one record; a row that is the same record as an
        earlier line but says something else is an error, never a silent overwrite.
        A row is remembered by an 8-byte digest of each cell, not its text, so that memory
        stays small however long the file."""
        texts = b"".join(
            digest(self.cell_reading(column, cells.get(column))) for column in self.COLUMNS
        )
        key = self.identity(self.parsed)
        if key not in self.seen:
            self.seen[key] = (line, texts)
            return
        first_line, first = self.seen[key]
        differing = [
            column
            for n, column in enumerate(self.COLUMNS)
            if first[8 * n : 8 * n + 8] != texts[8 * n : 8 * n + 8]
        ]
        if not differing:
            self.duplicates += 1
            self.repeat = True
        else:
            raise ValidationError(
                {
                    differing[0]: [
                        _("the same record as line %(line)d, but %(columns)s differ")
                        % {"line": first_line, "columns": "、".join(differing)}
                    ]
                }
            )

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

    def get_instance(self, instance_loader: Any, row: dict[str, Any]) -> models.Model | None:
        return self.find_existing(self.parsed)

    def import_instance(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        self._created = instance.pk is None
        self.previous = {} if self._created else self.field_values(instance)
        self.changes = []
        # Keys starting with "_" travel with the row but are no field of the record.
        values = {name: value for name, value in self.parsed.items() if name[0] != "_"}
        # Values the row does not give but that were inferred (a family from the agency's
        # name) fill a new record and never overwrite an existing one's.
        derived = self.parsed.get("_derived", ())
        if not self._created:
            values = {name: value for name, value in values.items() if name not in derived}
            # A row updates a record only where it brings something: an empty cell never
            # blanks what the record already holds.
            values = {
                name: value
                for name, value in values.items()
                if value not in ("", None) or getattr(instance, name, None) in ("", None)
            }
            # A date the row does not give ("--") keeps the record's date with its text.
            for date_field, companions in self.DATE_GROUPS.items():
                if date_field not in values:
                    for companion in companions:
                        values.pop(companion, None)
            self.keep_what_reads_the_same(instance, values)
        self.apply(instance, values)
        self.related = [] if self._created else self.related_changes(instance)

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

    @staticmethod
    def field_values(instance: models.Model) -> dict[str, Any]:
        return {
            field.attname: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields
        }

    def changed(self, instance: models.Model, *attnames: str) -> bool:
        """Whether this row changed any of these fields of an existing record (or made it)."""
        return self._created or any(
            self.previous.get(name) != getattr(instance, name) for name in attnames
        )

    @staticmethod
    def compared_fields(instance: models.Model) -> list[str]:
        return [
            field.attname
            for field in instance._meta.concrete_fields
            if not field.primary_key and field.name not in ("created_at", "updated_at")
        ]

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        """A row that changes nothing of an existing record is skipped ("unchanged")."""
        if self.repeat:
            return True  # counted as a duplicate (the check has no earlier record to find)
        if import_validation_errors or self._created:
            return False
        # Loading a snapshot adds what is missing and never overwrites associates' work.
        if self.options.get("create_only"):
            return True
        unchanged = not self.related and all(
            self.previous.get(name) == getattr(instance, name)
            for name in self.compared_fields(instance)
        )
        if not unchanged:
            self.changes = self.describe_changes(instance) + self.related
        return unchanged

    def describe_changes(self, instance: models.Model) -> list[dict[str, str]]:
        """What this row changes of an existing record, by column, as the file would show
        it: [{"column", "before", "after"}]."""
        changes = []
        for field in self.get_import_fields():
            name = field.attribute
            if not name:
                continue
            display = name.startswith("get_") and name.endswith("_display")
            attname = name[4:-8] if display else name
            before, after = self.previous.get(attname), getattr(instance, attname)
            if before == after:
                continue
            labels = dict(instance._meta.get_field(attname).flatchoices) if display else {}
            changes.append(
                {
                    "column": field.column_name,
                    "before": shown(labels.get(before, before)),
                    "after": shown(labels.get(after, after)),
                }
            )
        return changes

    def after_import_row(self, row, row_result, **kwargs: Any) -> None:
        line = self.offset + kwargs.get("row_number", 0) + 1
        row_result.line = line
        row_result.changes = self.changes
        row_result.notes = self.notes

    # A check (the preview) reads and validates but writes nothing, so that it holds no
    # write lock for as long as a long file takes (SQLite has only one) and never leaves
    # anything behind; the import then writes the same rows the same way. So `parse_row`
    # (with `check_lengths`) refuses, in words, everything the database's constraints
    # would; asking the database row by row instead (`validate_constraints`) cost 5.5 ms
    # a row, most of a check's time.

    def checking(self) -> bool:
        return bool(self.options.get("checking"))

    def after_import(self, dataset, result, **kwargs):
        # django-import-export resets PostgreSQL's id sequences after new rows: a check
        # has written none, and a sequence is not rolled back.
        if not self.checking():
            super().after_import(dataset, result, **kwargs)

    def import_data(self, dataset, **kwargs):
        """Each record the chunk writes gets one history row, under the importing user
        and the import's number, written together at the end (no query per row)."""
        if self.checking():
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

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self.checking():
            super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        if not self.checking():
            self.save_related(instance, self.parsed, self._created)

    # -- helpers for subclasses --------------------------------------------------------

    @staticmethod
    def read_url(errors: dict[str, list[str]], row: dict[str, Any], column: str) -> str:
        """A source link: empty, or an http(s) address (never javascript: and the like)."""
        url = clean_text(row.get(column))
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors.setdefault(column, []).append(_("“%s” is not a web address") % url)
            check_length(errors, column, url, 500)
        return url

    @staticmethod
    def read_date(
        errors: dict[str, list[str]], row: dict[str, Any], column: str, *, required: bool = False
    ) -> tuple[str, PartialDate | None]:
        """A date column as (text as given, date with precision), problems recorded."""
        # Measured before it is read, so that a long cell is not echoed whole in a reason.
        given = row.get(column)
        if isinstance(given, str) and not check_length(errors, column, clean_text(given), 50):
            return clean_text(given)[:50], None
        try:
            text, parsed = date_cell(given)
        except ValueError as error:
            errors.setdefault(column, []).append(str(error))
            return clean_text(given), None
        if parsed is None and required:
            errors.setdefault(column, []).append(_("a date is required"))
        return text, parsed

    @staticmethod
    def collect(errors: dict[str, list[str]], column: str, call, *args: Any) -> Any:
        """Run a parser, recording its ValueError against `column` instead of raising."""
        try:
            return call(*args)
        except ValueError as error:
            errors.setdefault(column, []).append(str(error))
            return None

    @staticmethod
    def choice_from_text(
        text: str, choices: Iterable[tuple[str, str]], extra: dict[str, str] | None = None
    ) -> str:
        """A choice code from its code, its English or Chinese label, or an extra alias."""
        wanted = normalise_header(text)
        for code, label in choices:
            names = {code, str(label), *(part.strip() for part in str(label).split("·"))}
            if wanted in {normalise_header(name) for name in names}:
                return code
        for alias, code in (extra or {}).items():
            if wanted == normalise_header(alias):
                return code
        labels = "、".join(
            str(label).split(" · ")[-1] for _code, label in choices
        )  # the Chinese of each "English · 中文" label
        raise ValueError(
            _("“%(text)s” is not one of the allowed values: %(allowed)s")
            % {"text": text, "allowed": labels}
        )


# -- files -----------------------------------------------------------------------------

# A cell may be as long as a file (the csv module stops at 128 KB by default).
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


# -- limits: a file too large to import is refused before any row of it is read -------

# A workbook's parts unpack to at most this many times their packed size (a dense sheet
# packs some 10–20 times), and to at most this much in all: beyond, it is a zip bomb.
PACKING_RATIO = 100
MAX_UNPACKED_BYTES = 1 << 30


def max_bytes() -> int:
    return settings.LAWTRACKER_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.LAWTRACKER_IMPORT_MAX_ROWS


def megabytes(size: int) -> str:
    return f"{size / (1 << 20):g} MB"


def too_large() -> str:
    return _(
        "The file is larger than the %(max)s an import takes: split it into smaller files."
    ) % {"max": megabytes(max_bytes())}


def too_many_rows() -> str:
    return _(
        "The file has more than %(max)d rows of records, the most one import takes: "
        "split it into smaller files."
    ) % {"max": max_rows()}


def check_limits(path: Path) -> None:
    """Refuse a file over the size or the row limit (settings LAWTRACKER_IMPORT_MAX_BYTES
    and LAWTRACKER_IMPORT_MAX_ROWS) at the cost of a glance: its size; a workbook's zip
    directory, its sheet's <dimension> and, only when that is missing or too large, its
    rows counted in the sheet's XML up to the limit; a CSV's line breaks, and only when
    there are too many of them its rows. Rows under the header are counted exactly as the
    file is read (`stream_rows`). Raises ValueError with a plain reason."""
    size = path.stat().st_size
    if size > max_bytes():
        raise ValueError(too_large())
    if size == 0:
        raise ValueError(_("The file is empty."))
    # The header and the title lines above it are rows of the file too.
    allowed = max_rows() + 1 + TITLE_ROWS
    if path.name.lower().endswith((".xlsx", ".xlsm")):
        rows = workbook_rows(path, allowed)
    else:
        rows = csv_rows(path, allowed)
    if rows > allowed:
        raise ValueError(too_many_rows())


# <dimension ref="A1:O5000"/> (or ref="A1" for one cell), with a namespace prefix or none.
DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s[^>]*?ref=\"[A-Z]*(\d*)(?::[A-Z]*(\d+))?\"")


def workbook_rows(path: Path, enough: int) -> int:
    """The rows of a workbook's active sheet, or more than `enough` when it has more; the
    rows are counted only when its <dimension> does not show they are few. Raises
    ValueError for a zip bomb (and lets `stream_rows` report a file that is no workbook)."""
    try:
        reader = ExcelReader(str(path), read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return 0  # not a workbook: reading it says so
    with reader.archive as archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        packed = sum(member.compress_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES or unpacked > PACKING_RATIO * max(packed, 1 << 16):
            raise ValueError(
                _(
                    "The workbook unpacks to %(unpacked)s from %(packed)s: that is no table "
                    "of records but a file made to fill the server."
                )
                % {"unpacked": filesizeformat(unpacked), "packed": filesizeformat(packed)}
            )
        try:
            reader.read_manifest()
            reader.read_workbook()
            sheets = [rel.target for _sheet, rel in reader.parser.find_sheets()]
            sheet = sheets[reader.wb._active_sheet_index]
            with archive.open(sheet) as xml:
                start = xml.read(1 << 16)
        except Exception:  # openpyxl raises many kinds on a damaged file
            return 0  # reading it says what is wrong
        if found := DIMENSION.search(start):
            last = int(found.group(2) or found.group(1) or 0)
            if last <= enough:
                return last
        # Split at each row's end tag (</row>, or </x:row> with a prefix), each part holds
        # one row's cells; a row counts when one of them has a value (<v>) or an inline
        # text (<is>): rows of empty formatted cells below a table are no rows. A text
        # is escaped XML, so at worst a stray "v>" in one makes the count too high.
        rows, rest = 0, b""
        with archive.open(sheet) as xml:
            while block := xml.read(1 << 20):
                *parts, rest = (rest + block).split(b"row>")
                rows += sum(1 for part in parts if b"v>" in part or b"is>" in part)
                if rows > enough:
                    return rows
        return rows


def csv_rows(path: Path, enough: int) -> int:
    """The rows of a CSV file, or more than `enough` when it has more: its line breaks,
    then, when there are more of them than `enough` (a cell may hold line breaks), its
    rows that hold anything."""
    breaks = 0
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            breaks += max(block.count(b"\n"), block.count(b"\r"))
    if breaks < enough:
        return breaks + 1
    try:
        # Read as Latin-1, which any byte is: a UTF-8 or GB18030 file's quotes, commas and
        # line breaks are the same bytes, so its rows are, without decoding it all first.
        with path.open(encoding="latin-1", newline="") as file:
            filled = (row for row in csv.reader(file) if any(cell.strip() for cell in row))
            return sum(1 for _row in itertools.islice(filled, enough + 1))
    except csv.Error:
        return 0  # reading it says what is wrong


def limited(rows: Iterator[tuple]) -> Iterator[tuple]:
    """`rows` (under the header), raising ValueError past the row limit; rows that hold
    nothing are not counted."""
    filled = 0
    for row in rows:
        if any(clean_text(cell) for cell in row):
            filled += 1
            if filled > max_rows():
                raise ValueError(too_many_rows())
        yield row


def text_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) or GB18030, told by decoding the whole file a block at a time
    (never holding it): UTF-8 is tried first, so it is never read as GBK garbage."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as file:
                while block := file.read(1 << 16):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ValueError(_("The file is neither UTF-8 nor GB18030 text."))


def stream_rows(path: Path) -> tuple[list[str], Iterator[tuple], int]:
    """A file's header row (and EXTRA), its rows, read a few at a time so that memory
    stays flat however long the file, and the title lines above the header. Raises
    ValueError with a plain reason."""
    check_limits(path)
    if path.name.lower().endswith((".xlsx", ".xlsm")):
        unreadable = _("The file is not a readable XLSX workbook.")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            sheet = workbook.active
            # The rows the sheet holds, not those its <dimension> claims: read-only openpyxl
            # would stop at the claim's last row (losing rows below it) or pad up to it.
            sheet.reset_dimensions()
            rows = (tuple(map(cell_value, row)) for row in sheet.iter_rows())
            header, skipped = first_header(rows)
        except Exception as error:  # openpyxl raises many kinds on a damaged file
            raise ValueError(unreadable) from error
        if header is None:
            raise ValueError(_("The file is empty."))
        width = max((i + 1 for i, cell in enumerate(header) if clean_text(cell)), default=0)

        def sheet_rows():
            try:
                for row in rows:
                    yield fit(row, width)
            except Exception as error:  # damage further into the workbook
                raise ValueError(unreadable) from error

        return list(header[:width]) + [EXTRA], limited(sheet_rows()), skipped
    with path.open("rb") as file:
        if b"\x00" in file.read(4096):
            raise ValueError(_("The file is not a CSV text file (it holds binary data)."))
    file = path.open(encoding=text_encoding(path), newline="")
    reader = csv.reader(file)
    try:
        header, skipped = first_header(reader)
    except csv.Error as error:
        file.close()
        raise ValueError(_("The CSV cannot be read here: %s") % error) from error
    if not header or not any(clean_text(cell) for cell in header):
        file.close()
        raise ValueError(_("The file is empty."))

    def rows():
        with file:
            try:
                for row in reader:
                    yield fit(row, len(header))
            except csv.Error as error:  # an unclosed quote, a cell too long to be one
                raise ValueError(_("The CSV cannot be read here: %s") % error) from error

    return [*header, EXTRA], limited(rows()), skipped


# A column of its own for the cells a row has beyond the header's columns, so that such a
# row is reported as a problem of its own and the rows after it are still read.
EXTRA = "\x00beyond the header"
IGNORED_COLUMN = "\x00ignored "
UNNAMED_COLUMN = "\x00unnamed "
TITLE_ROWS = 3  # title lines a sheet may have above its header (表名, 制表日期 …)


def first_header(rows) -> tuple[list | None, int]:
    """A file's header row, after up to TITLE_ROWS lines that hold one cell or none (a
    sheet's title above its table), and how many lines came before it."""
    for skipped in range(TITLE_ROWS + 1):
        row = next(rows, None)
        if row is None:
            return None, skipped
        if sum(1 for cell in row if clean_text(cell)) > 1 or skipped == TITLE_ROWS:
            return list(row), skipped
    return None, TITLE_ROWS


def cell_value(cell) -> Any:
    """A workbook cell's value; a date cell shown to the month or the year only (Excel
    makes a typed 2021/8 a date formatted yyyy/m) as the text it shows: 2021.08, 2021."""
    value = cell.value
    if isinstance(value, datetime.datetime | datetime.date):
        shown = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", (cell.number_format or "").lower())
        if "d" not in shown and "y" in shown:
            return f"{value.year:04d}.{value.month:02d}" if "m" in shown else f"{value.year:04d}"
    return value


def fit(row, width: int) -> tuple:
    """A row cut or padded to the header's width (spreadsheets pad rows unevenly), and the
    cells beyond it, if they hold anything, as one more (EXTRA)."""
    row = tuple(row)
    beyond = [cell for cell in row[width:] if clean_text(cell)]
    row = row[:width]
    return row + (None,) * (width - len(row)) + (beyond or None,)


def detect_kind(headers: list, resources_by_kind: dict[str, type[ReviewResource]]) -> str:
    """The kind of records a file holds, told by its header row."""
    matches = []
    for kind, resource_class in resources_by_kind.items():
        mapping = resource_class().header_map()
        known = {mapping.get(normalise_header(h)) for h in headers or []}
        if all(column in known for column in resource_class.REQUIRED):
            matches.append((len(resource_class.REQUIRED), kind))
    if not matches:
        needs = "; ".join(
            _("%(kind)s need %(columns)s") % {"kind": kind, "columns": "、".join(r.REQUIRED)}
            for kind, r in resources_by_kind.items()
        )
        shown = "、".join(clean_text(h) for h in headers or [] if clean_text(h) and h != EXTRA)
        raise ValueError(
            _(
                "The header row matches no kind of record this tracker imports (%(needs)s); "
                "the file's header row reads: %(shown)s"
            )
            % {"needs": needs, "shown": shown}
        )
    return max(matches)[1]
