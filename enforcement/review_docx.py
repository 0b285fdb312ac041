"""The annual review as a Word document (python-docx): the review's layout
(enforcement.review.Review.blocks) as headings, paragraphs and tables the practice edits
and publishes, landscape A4, each table's header row repeated on every page."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from enforcement.review import Review
from lawtracker.languages import english
from lawtracker.text import without_controls

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Fonts Word has on both Windows and macOS; the East Asian one for the Chinese text.
LATIN_FONT = "Times New Roman"
CHINESE_FONT = "SimSun"
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3")


def set_fonts(style) -> None:
    style.font.name = LATIN_FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), CHINESE_FONT)


def repeat_as_header(row) -> None:
    """Word repeats this row at the top of each page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def write_table(document, block, width: float) -> None:
    grid = document.add_table(rows=1, cols=len(block.headers))
    grid.style = "Table Grid"
    grid.autofit = False
    header = grid.rows[0]
    repeat_as_header(header)
    for cell, text in zip(header.cells, block.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in block.rows:
        # A row's own cells (`_Row.cells` lays out the whole table on each call: a table
        # of thousands of rows took a minute).
        for tc, value in zip(grid.add_row()._tr.tc_lst, row, strict=True):
            # A control character pasted in from Word would make python-docx refuse.
            _Cell(tc, grid).text = without_controls(value.text)
    total = sum(block.widths)
    widths = [Cm(width * share / total) for share in block.widths]
    # Word reads a cell's own width, LibreOffice the table's grid: both are set.
    for column, column_width in zip(grid.columns, widths, strict=True):
        column.width = column_width
    for tr in grid._tbl.tr_lst:
        for tc, column_width in zip(tr.tc_lst, widths, strict=True):
            tc.width = column_width
    if not block.rows:
        document.add_paragraph(_("None this year."))


def review_docx(review: Review) -> bytes:
    """The review as a .docx file, in the interface's language."""
    document = Document()
    for name in STYLES:
        set_fonts(document.styles[name])
    document.styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    width = 29.7 - 2 * 1.8
    properties = document.core_properties
    properties.title = review.title
    properties.language = "en" if english() else "zh-CN"
    properties.created = timezone.now()
    document.add_heading(review.title, 0)
    document.add_paragraph(review.provenance())
    for block in review.blocks():
        if block.is_table:
            write_table(document, block, width)
        elif block.level:
            document.add_heading(without_controls(block.text), block.level)
        else:
            document.add_paragraph(without_controls(block.text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
