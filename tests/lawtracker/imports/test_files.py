"""Reading a file of records (lawtracker.imports.files): a file over the size or row
limit is refused before it is read, cheaply; its encodings, its workbook's cells, the
title lines above its header, its header row, and cells outside the header's columns."""

import datetime
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.test import override_settings

from enforcement.models import FACTS_MAX, Case
from instruments.models import Instrument
from lawtracker.imports.files import check_limits, stream_rows
from lawtracker.imports.run import import_file
from tests.factories import write_file

# Messages are checked in English; tests/i18n checks the Chinese ones.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"

COLUMNS = ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"]

SAMPLES = Path(__file__).parents[2] / "samples"


# -- limits: refused before any row is read --------------------------------------------


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


def test_a_file_over_the_limit_is_refused_by_the_engine_too(tmp_path, english):
    path = write_file(tmp_path, "big.csv", HEADER + "x" * (20 * 1024 * 1024))
    with pytest.raises(ValueError, match="larger than the 20 MB an import takes"):
        check_limits(path)


# -- encodings, workbooks and files that cannot be read --------------------------------


def test_utf8_with_bom_and_gb18030_csv_both_read(tmp_path):
    row = "2020.01,北京,甲公司,网安部门,事实,警告\n"
    assert (
        import_file(path=write_file(tmp_path, "bom.csv", "\ufeff" + HEADER + row)).records_created
        == 1
    )
    row = "2020.02,北京,乙公司,网安部门,事实,警告\n"
    assert (
        import_file(path=write_file(tmp_path, "gbk.csv", HEADER + row, "gb18030")).records_created
        == 1
    )


@pytest.mark.parametrize("name", ["cases_gb18030.csv", "cases_utf8_bom.csv"])
def test_sample_case_files_from_chinese_excel_import(name):
    report = import_file(path=SAMPLES / name)
    assert (report.kind, report.records_created, report.errors) == ("cases", 2, [])
    assert set(Case.objects.values_list("subject", flat=True)) == {
        "广州久邦世纪科技有限公司",
        "李某",
    }
    li = Case.objects.get(subject="李某")
    assert (li.decided_on, li.decided_precision) == (datetime.date(2020, 8, 1), "month")


def test_sample_workbook_with_date_cells_and_empty_rows_imports():
    report = import_file(path=SAMPLES / "instruments_with_date_cells.xlsx")
    assert (report.records_created, report.records_unchanged, report.errors) == (2, 0, [])
    pipl = Instrument.objects.get(title="《个人信息保护法》")
    assert (pipl.published_on, pipl.effective_on) == (
        datetime.date(2021, 8, 20),
        datetime.date(2021, 11, 1),
    )


def test_month_and_year_date_cells_of_a_workbook_keep_their_precision(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"])
    for value, shown in [
        (datetime.datetime(2021, 8, 1), 'yyyy"年"m"月"'),
        (datetime.datetime(2021, 9, 1), "yyyy/m"),
        (datetime.datetime(2021, 1, 1), "yyyy"),
        (datetime.datetime(2021, 10, 21), "yyyy/m/d"),
    ]:
        sheet.append([value, "北京", f"{shown}公司", "网安部门", "事实", "警告"])
        sheet.cell(row=sheet.max_row, column=1).number_format = shown
    path = tmp_path / "months.xlsx"
    workbook.save(path)
    assert import_file(path=path).errors == []
    held = dict(Case.objects.values_list("subject", "decided_precision"))
    assert held == {
        'yyyy"年"m"月"公司': "month",
        "yyyy/m公司": "month",
        "yyyy公司": "year",
        "yyyy/m/d公司": "day",
    }
    assert Case.objects.get(subject="yyyy/m公司").decided_text == "2021.09"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "empty"),
        ("header-only.csv", "时间,被处罚主体,执法机构\n".encode(), "no records"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "XLSX"),
        (
            "wide.csv",
            "时间,被处罚主体,执法机构\n2020.01,甲公司,网安部门,多出的一格\n".encode(),
            "more cells",
        ),
    ],
)
def test_unreadable_files_get_a_plain_message(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    report = import_file(path=path)
    assert len(report.errors) == 1 and reason in report.errors[0]["reason"]


def test_a_cell_longer_than_the_csv_modules_default_limit_is_read_and_measured(tmp_path):
    facts = "事" * 200_000
    path = write_file(tmp_path, "big.csv", HEADER + f"2020.01,北京,甲公司,网安部门,{facts},警告\n")
    [error] = import_file(path=path).errors
    assert error["reason"] == f"is 200000 characters long; at most {FACTS_MAX} are allowed"


def test_verbatim_text_keeps_its_inner_spacing(tmp_path):
    row = "2020.01,北京,甲\u3000公司,网安部门,事  实,警告\n"
    import_file(path=write_file(tmp_path, "s.csv", HEADER + row))
    case = Case.objects.get()
    assert (case.subject, case.facts) == ("甲\u3000公司", "事  实")


# -- title lines, the header row, cells outside its columns ----------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_title_line_above_the_header_is_passed_over_and_lines_still_count(tmp_path, suffix):
    rows = [
        ["2021年执法案例汇总"],
        ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"],
        ["2021.01", "北京", "甲公司", "网安部门", "事实", "警告"],
        ["2021.13", "北京", "乙公司", "网安部门", "事实", "警告"],
    ]
    path = tmp_path / f"titled{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    else:
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)
    report = import_file(path=path)
    assert [(e["line"], e["column"]) for e in report.errors] == [(4, "时间")]


def test_a_header_that_does_not_fit_is_reported_once_and_nothing_is_written(tmp_path):
    path = write_file(tmp_path, "h.csv", "时间,地区,主体,执法机构\n2020.01,北京,某公司,网安部门\n")
    report = import_file(path=path, kind="cases")
    assert [error["line"] for error in report.errors] == [1]
    assert "被处罚主体" in report.errors[0]["reason"] and "主体" in report.errors[0]["reason"]
    assert Case.objects.count() == 0


def test_headers_match_ignoring_spaces_width_and_english_names(tmp_path):
    path = write_file(
        tmp_path,
        "h.csv",
        " 时间 ,Region,SUBJECT,执法机构,违法事实,处罚结果\n2020.01,北京,某公司,网安部门,事实,警告\n",
    )
    assert import_file(path=path).records_created == 1


def test_cells_outside_the_headers_columns_are_each_a_problem_and_later_rows_are_read(tmp_path):
    text = (
        "时间,地区,被处罚主体,,执法机构,处罚结果\n"
        "2021.01,北京,甲公司,,网安部门,警告,多出的一格\n"
        "2021.02.30,北京,乙公司,,网安部门,警告\n"
        "2021.03,北京,丙公司,备注：已整改,网安部门,警告\n"
        "2021.04,北京,丁公司,,,警告\n"
    )
    report = import_file(path=write_file(tmp_path, "outside.csv", text))
    assert [(e["line"], e["column"]) for e in report.errors] == [
        (2, ""),
        (3, "时间"),
        (4, ""),
        (5, "执法机构"),
    ]
    assert "1 more cells than the header row has columns: 多出的一格" in report.errors[0]["reason"]
    assert (
        "column 4 has no header but this row has “备注：已整改” in it"
        in report.errors[2]["reason"]
    )
    assert not Case.objects.exists()
