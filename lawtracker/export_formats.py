"""CSV and XLSX out of the tracker (the partners' lists and the admin's export) and the
admin's CSV in. Every export leaves out the characters a spreadsheet cannot hold
(lawtracker.text.CONTROL_CHARACTERS) first and only then guards against formulas, so that
no hidden character lets a formula through:

- a CSV cell that Excel would run (=, +, -, @, or a leading tab or carriage return) is
  written with a leading apostrophe, which Excel shows as text and our importer removes;
- an XLSX cell holding text is always a text cell (and one that looks like a formula is
  marked as typed with an apostrophe, so editing it in Excel keeps it text): its value is
  the text itself (cut at the 32,767 characters a cell holds).
"""

import csv
import datetime
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from import_export.formats.base_formats import CSV, XLSX

from lawtracker.text import without_controls

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Day:
    """A date known to a day, a month or a year: a date cell showing just that much
    (2020-08-12, 2020-08, 2020), in a CSV the same text."""

    value: datetime.date
    precision: str

    def __str__(self) -> str:
        return self.value.strftime(DAY_FORMATS[self.precision][0])


DAY_FORMATS = {
    "day": ("%Y-%m-%d", "yyyy-mm-dd"),
    "month": ("%Y-%m", "yyyy-mm"),
    "year": ("%Y", "yyyy"),
}


@dataclass(frozen=True)
class Money:
    """An amount in yuan: a number cell in a ¥ format, in a CSV the plain number."""

    amount: Decimal

    def __str__(self) -> str:
        return str(self.amount)


@dataclass(frozen=True)
class Link:
    """A web address: a link cell (text that is never run as a formula)."""

    url: str

    def __str__(self) -> str:
        return self.url


@dataclass
class Sheet:
    """A sheet's layout: the width of each column (in characters), a frozen header row
    with filters on it."""

    widths: list[float] = field(default_factory=list)
    frozen_header: bool = True


# The formats a list exports in.
FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A value as a CSV cell holds it: text without control characters, and with an
    apostrophe before a formula's first character."""
    if isinstance(value, Day | Money | Link):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = without_controls(value)
    return "'" + value if value.startswith(FORMULA_LEADS) else value


def unneutralise(text: str) -> str:
    """The cell as it was before export neutralised it."""
    if text.startswith("'") and text[1:].startswith(FORMULA_LEADS):
        return text[1:]
    return text


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Rows as CSV in UTF-8 with a BOM (which Excel needs to show Chinese), neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([neutralise(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


# The most characters an Excel cell holds; a longer text is cut, ending in "…" (the CSV
# keeps it whole).
EXCEL_CELL_CHARS = 32767
# The rows an Excel sheet holds, its header's included.
EXCEL_ROWS = 1_048_576
# The links an Excel sheet holds; past them a link is written as its text.
LINKS_PER_SHEET = 65_530
# Every text is written as text: never read as a formula, a number or a link.
WORKBOOK_OPTIONS = {
    "constant_memory": True,  # each row goes to disk once written: memory stays flat
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "remove_timezone": True,
}


def xlsx_bytes(
    title: str,
    rows: Iterable[Iterable],
    *,
    header: bool = True,
    layout: Sheet | None = None,
    about: tuple[str, Iterable[Iterable]] | None = None,
) -> bytes:
    """Rows as a workbook, written a row at a time; the first row is the header (bold,
    and with a `layout`, frozen and filterable, the columns sized). A text is always a
    text cell (never a formula or an error code such as #N/A), without control
    characters, at most EXCEL_CELL_CHARS long, and one that looks like a formula is
    marked as typed with an apostrophe, so that editing it in Excel keeps it text;
    numbers are numbers, dates dates (Day: to its precision), amounts in ¥ (Money), links
    links (Link). `about` is a second sheet (its title and rows): what the export is of."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    sheet = workbook.add_worksheet(title[:31])
    styles = Styles(workbook)
    if layout is not None:
        for column, width in enumerate(layout.widths):
            sheet.set_column(column, column, width)
        if layout.frozen_header and header:
            sheet.freeze_panes(1, 0)
    last_row = last_column = -1
    for number, row in enumerate(rows):
        if number >= EXCEL_ROWS:
            raise ValueError(f"more than the {EXCEL_ROWS:,} rows a sheet holds")
        bold = header and number == 0
        for column, value in enumerate(row):
            write_cell(sheet, number, column, value, styles, bold=bold)
            last_column = max(last_column, column)
        last_row = number
    if layout is not None and layout.frozen_header and header and last_column >= 0:
        sheet.autofilter(0, 0, max(last_row, 0), last_column)
    if about is not None:
        about_title, about_rows = about
        notes = workbook.add_worksheet(about_title[:31])
        notes.set_column(0, 0, 24)
        notes.set_column(1, 1, 80)
        for number, row in enumerate(about_rows):
            for column, value in enumerate(row):
                write_cell(notes, number, column, value, styles, bold=column == 0)
    workbook.close()
    return buffer.getvalue()


class Styles:
    """The formats a sheet's cells take, made once a workbook."""

    def __init__(self, workbook):
        self.links = 0  # links written (LINKS_PER_SHEET at most: only the cases' sheet has any)
        self.formats = {}
        for bold in (False, True):
            for kind, options in (
                ("text", {}),
                ("typed", {"quote_prefix": True}),
                ("date", {"num_format": "yyyy-mm-dd"}),
                ("datetime", {"num_format": "yyyy-mm-dd hh:mm"}),
                ("yuan", {"num_format": '"¥"#,##0.00'}),
                ("link", {"font_color": "blue", "underline": 1}),
                *(
                    (f"day-{name}", {"num_format": excel})
                    for name, (_py, excel) in DAY_FORMATS.items()
                ),
            ):
                self.formats[kind, bold] = workbook.add_format({**options, "bold": bold})

    def get(self, kind: str, bold: bool):
        return self.formats[kind, bold]


def write_cell(sheet, row: int, column: int, value, styles: Styles, *, bold: bool) -> None:
    if value is None or value == "":
        if bold:
            sheet.write_blank(row, column, None, styles.get("text", bold))
    elif isinstance(value, Day):
        sheet.write_datetime(row, column, value.value, styles.get(f"day-{value.precision}", bold))
    elif isinstance(value, Money):
        sheet.write_number(row, column, value.amount, styles.get("yuan", bold))
    elif isinstance(value, Link):
        linkable = value.url.lower().startswith(("http://", "https://")) and len(value.url) <= 2079
        if linkable and styles.links < LINKS_PER_SHEET:
            sheet.write_url(row, column, value.url, styles.get("link", bold), string=value.url)
            styles.links += 1
        else:  # past the links a sheet holds, the address as text (XlsxWriter drops it)
            write_cell(sheet, row, column, value.url, styles, bold=bold)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, styles.get("text", bold))
    elif isinstance(value, int | float | Decimal) and math.isfinite(value):
        sheet.write_number(row, column, value, styles.get("text", bold))
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, column, value, styles.get("datetime", bold))
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, styles.get("date", bold))
    else:
        # A line break as a workbook's XML reads one: a carriage return is a line feed.
        text = without_controls(str(value)).replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > EXCEL_CELL_CHARS:
            text = text[: EXCEL_CELL_CHARS - 1] + "…"
        style = styles.get("typed" if text.startswith(FORMULA_LEADS) else "text", bold)
        if text.startswith("<r>") and text.endswith("</r>"):
            # XlsxWriter takes such a text for rich-text markup and writes it unescaped
            # (markup could then hold a formula): written as two runs, it is escaped.
            sheet.write_rich_string(
                row, column, text[:1], styles.get("text", bold), text[1:], style
            )
        else:
            sheet.write_string(row, column, text, style)


def dataset_rows(dataset) -> Iterable[Iterable]:
    yield list(dataset.headers or [])
    yield from dataset


class SafeCSV(CSV):
    """The admin's CSV export, written as `csv_bytes` (imports are read by the import
    engine, lawtracker.imports.files)."""

    def is_binary(self):
        return True  # `export_data` gives bytes: nothing is to encode them again

    def export_data(self, dataset, **kwargs):
        return csv_bytes(dataset_rows(dataset))


class SafeXLSX(XLSX):
    """Written as `xlsx_bytes` (tablib's writer makes a text starting with = a formula,
    and fails on a control character)."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.title or "Sheet", dataset_rows(dataset))


SAFE_FORMATS = [SafeCSV, SafeXLSX]
