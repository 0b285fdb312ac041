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
import io
from collections.abc import Iterable

from import_export.formats.base_formats import CSV, XLSX
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lawtracker.text import without_controls

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A value as a CSV cell holds it: text without control characters, and with an
    apostrophe before a formula's first character."""
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


BOLD = Font(bold=True)
# The most characters an Excel cell holds; a longer text is cut, ending in "…" (the CSV
# keeps it whole).
EXCEL_CELL_CHARS = 32767


def xlsx_cell(sheet, value, *, header: bool = False) -> WriteOnlyCell:
    """One cell of a write-only sheet: text always as text (never a formula or an error
    code such as #N/A), without control characters, at most EXCEL_CELL_CHARS long."""
    if isinstance(value, str):
        text = without_controls(value)
        if len(text) > EXCEL_CELL_CHARS:
            text = text[: EXCEL_CELL_CHARS - 1] + "…"
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        if text.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
    else:
        try:
            cell = WriteOnlyCell(sheet, value=value)
        except (ValueError, TypeError):  # a value openpyxl has no cell type for
            return xlsx_cell(sheet, str(value), header=header)
    if header:
        cell.font = BOLD
    return cell


def xlsx_bytes(title: str, rows: Iterable[Iterable], *, header: bool = True) -> bytes:
    """Rows as a one-sheet workbook, written a row at a time; the first row is the header."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for number, row in enumerate(rows):
        sheet.append([xlsx_cell(sheet, value, header=header and number == 0) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
