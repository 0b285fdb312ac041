"""Reading a file of records: its size and row limits, its encoding or workbook, its
title lines and header row, and its rows a few at a time, so that memory stays flat
however long the file. Raises ValueError with a plain reason for a file it cannot read."""

import codecs
import csv
import datetime
import hashlib
import itertools
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader

from lawtracker.export_formats import unneutralise
from lawtracker.text import compact


def clean_text(value: Any) -> str:
    """A cell as text, verbatim but for surrounding whitespace (full-width too); None → ''."""
    if value is None:
        return ""
    return unneutralise(str(value)).strip()


def normalise_header(header: Any) -> str:
    """Header matching ignores width (ＡＢ/全角), case and all whitespace."""
    return compact(clean_text(header)).lower()


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
    if is_workbook(path):
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
    if is_workbook(path):
        header, rows, skipped = workbook_stream(path)
    else:
        header, rows, skipped = csv_stream(path)
    return [*header, EXTRA], limited(rows), skipped


def is_workbook(path: Path) -> bool:
    return path.name.lower().endswith((".xlsx", ".xlsm"))


def workbook_stream(path: Path) -> tuple[list, Iterator[tuple], int]:
    """The active sheet's header row, its rows cut to the header's width, and the title
    lines above the header."""
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

    return list(header[:width]), sheet_rows(), skipped


def csv_stream(path: Path) -> tuple[list, Iterator[tuple], int]:
    """A CSV file's header row, its rows cut to the header's width, and the title lines
    above the header; the file stays open until its rows are read."""
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

    return header, rows(), skipped


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


# -- the header row --------------------------------------------------------------------


class HeaderError(ValueError):
    """The file's header row is not one this importer reads."""


def header_names(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every accepted spelling of each column (as `normalise_header` reads it) → the column."""
    return {
        normalise_header(name): canonical
        for canonical, variants in columns.items()
        for name in (canonical, *variants)
    }


def canonical_headers(
    headers: list, columns: dict[str, tuple[str, ...]], required: tuple, ignored: tuple
) -> list[str]:
    """The file's headers as the columns they name: a column with nothing to keep
    (IGNORED_COLUMN) and one without a header (UNNAMED_COLUMN, whose cells must be empty)
    by their number. Raises HeaderError naming every problem of the header row."""
    mapping = header_names(columns)
    skipped = {normalise_header(name) for name in ignored}
    renamed, unknown = [], []
    for number, header in enumerate(headers, start=1):
        canonical = mapping.get(normalise_header(header))
        if header == EXTRA:
            renamed.append(EXTRA)
        elif canonical is not None:
            renamed.append(canonical)
        elif normalise_header(header) in skipped:
            renamed.append(f"{IGNORED_COLUMN}{number}")
        elif not clean_text(header):
            renamed.append(f"{UNNAMED_COLUMN}{number}")
        else:
            unknown.append(clean_text(header))
            renamed.append(clean_text(header))
    problems = []
    if missing := [column for column in required if column not in renamed]:
        problems.append(_("missing column(s): %s") % "、".join(missing))
    if unknown:
        problems.append(_("unknown column(s): %s") % "、".join(unknown))
    if duplicated := sorted({h for h in renamed if h in columns and renamed.count(h) > 1}):
        problems.append(_("column(s) given twice: %s") % "、".join(duplicated))
    if problems:
        raise HeaderError(
            _("The header row does not fit this import (%(problems)s). Expected: %(expected)s")
            % {"problems": "; ".join(problems), "expected": " ".join(columns)}
        )
    return renamed


def outside_cells(row: dict[str, Any]) -> dict[str, list[str]]:
    """Cells outside the header's columns, which would be lost: beyond its last column
    (EXTRA), or under a column with no header."""
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


def sha256(path: Path) -> str:
    """A file's SHA-256, read in blocks."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
