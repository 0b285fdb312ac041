"""Files over the size or row limit are refused before they are read, cheaply."""

import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from enforcement.models import Case
from lawtracker.forms import ImportFileForm
from lawtracker.imports.files import check_limits, stream_rows
from lawtracker.imports.run import import_file
from tests.factories import write_file

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
COLUMNS = ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"]


def dense_workbook(path, rows: int, *, dimension: bool = True, stated_rows: int | None = None):
    """A workbook of `rows` filled rows under a header, its sheet XML written straight into
    the zip a block of rows at a time (openpyxl would take minutes for a million rows);
    the rows differ, so that the sheet packs as a real one does, not as a zip bomb."""
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in COLUMNS)
    block_rows = min(rows, 1000)
    block = "".join(
        f'<row><c t="inlineStr"><is><t>2020.08.{1 + n % 28:02d}</t></is></c>'
        f'<c t="inlineStr"><is><t>北京</t></is></c><c><v>{n * 7919 % 100003}</v></c>'
        f'<c t="inlineStr"><is><t>网安{n}</t></is></c><c><v>{n * 104729 % 99991}</v></c>'
        '<c t="inlineStr"><is><t>警告</t></is></c></row>'
        for n in range(block_rows)
    ).encode()
    ref = f'<dimension ref="A1:F{(stated_rows or rows) + 1}"/>' if dimension else ""
    template = openpyxl.Workbook()
    template.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, content in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                target.writestr(name, content)
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">{ref}'
                f"<sheetData><row>{header}</row>".encode()
            )
            for _ in range(rows // block_rows):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    return dense_workbook(tmp_path_factory.mktemp("dense") / "million.xlsx", 1_000_000)


def refusal_of(path) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(ValueError) as refused:
        check_limits(path)
    return str(refused.value), time.perf_counter() - started


def test_a_dense_million_row_workbook_is_refused_in_well_under_a_second(million_rows, english):
    reason, seconds = refusal_of(million_rows)
    assert "more than 50000 rows" in reason
    assert seconds < 0.5


def test_a_workbook_without_a_dimension_is_refused_by_counting_only_up_to_the_limit(
    tmp_path, english
):
    path = dense_workbook(tmp_path / "nodim.xlsx", 60_000, dimension=False)
    reason, seconds = refusal_of(path)
    assert "more than 50000 rows" in reason
    assert seconds < 0.5


@override_settings(LAWTRACKER_IMPORT_MAX_ROWS=100)
def test_a_workbook_whose_dimension_says_few_rows_is_still_refused_as_it_is_read(
    tmp_path, english
):
    path = dense_workbook(tmp_path / "lies.xlsx", 150, stated_rows=10)
    check_limits(path)  # the dimension is believed at a glance …
    _header, rows, _skipped = stream_rows(path)
    with pytest.raises(ValueError, match="more than 100 rows"):
        for _row in rows:  # … and the rows are counted as they are read
            pass


@override_settings(LAWTRACKER_IMPORT_MAX_ROWS=100)
def test_a_workbook_at_the_row_limit_is_read(tmp_path):
    path = dense_workbook(tmp_path / "full.xlsx", 100)
    check_limits(path)
    _header, rows, _skipped = stream_rows(path)
    assert sum(1 for _row in rows) == 100


@override_settings(LAWTRACKER_IMPORT_MAX_ROWS=100)
def test_empty_rows_below_a_table_do_not_count(tmp_path):
    path = dense_workbook(tmp_path / "padded.xlsx", 100, stated_rows=5000)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    empty = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(200, 5000))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", empty + "</sheetData>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    check_limits(path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, english):
    path = tmp_path / "bomb.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    reason, seconds = refusal_of(path)
    assert "unpacks to" in reason and seconds < 0.5


@pytest.mark.django_db
@override_settings(LAWTRACKER_IMPORT_MAX_ROWS=100)
def test_a_csv_over_the_row_limit_imports_nothing(tmp_path, english):
    rows = "".join(f"2020.08.01,北京,公司{n},网安部门,事实{n},警告\n" for n in range(101))
    report = import_file(path=write_file(tmp_path, "long.csv", HEADER + rows))
    assert report.errors[0]["reason"].startswith("The file has more than 100 rows")
    assert not Case.objects.exists()


@override_settings(LAWTRACKER_IMPORT_MAX_ROWS=100)
def test_line_breaks_inside_cells_do_not_count_as_rows(tmp_path):
    rows = "".join(f'2020.08.01,北京,公司{n},网安部门,"第一行\n第二行",警告\n' for n in range(100))
    path = write_file(tmp_path, "breaks.csv", HEADER + rows)
    check_limits(path)
    _header, read, _skipped = stream_rows(path)
    assert sum(1 for _row in read) == 100


def test_a_csv_of_a_million_rows_is_refused_in_well_under_a_second(tmp_path, english):
    path = write_file(tmp_path, "million.csv", HEADER + "1,2,3\n" * 1_000_000)
    reason, seconds = refusal_of(path)
    assert "more than 50000 rows" in reason and seconds < 0.5


def form_with(size: int) -> ImportFileForm:
    upload = SimpleUploadedFile("cases.csv", b"x" * size, content_type="text/csv")
    return ImportFileForm(files={"import_file": upload})


def test_an_upload_one_byte_over_the_limit_is_refused_on_the_form(english):
    form = form_with(20 * 1024 * 1024 + 1)
    assert not form.is_valid()
    assert form.errors["import_file"] == [
        "The file is larger than the 20 MB an import takes: split it into smaller files."
    ]
    assert form.has_error("import_file", code="file_size")


def test_an_upload_at_the_limit_is_taken(english):
    assert form_with(20 * 1024 * 1024).is_valid()


def test_the_form_says_the_limits(english):
    assert "at most 20 MB and 50000 rows" in str(ImportFileForm()["import_file"].help_text)


def test_a_file_over_the_limit_is_refused_by_the_engine_too(tmp_path, english):
    path = write_file(tmp_path, "big.csv", HEADER + "x" * (20 * 1024 * 1024))
    with pytest.raises(ValueError, match="larger than the 20 MB an import takes"):
        check_limits(path)
