"""Reading a row's cells (lawtracker.imports.cells): a workbook's date cells as the dates
they show, a number Excel made of a typed month refused, a source link that must be a
web address."""

import datetime

import openpyxl
import pytest

from enforcement.models import Campaign, Case
from instruments.models import Instrument
from lawtracker.imports.run import import_file
from tests.factories import write_file

# Messages are checked in English; tests/i18n checks the Chinese ones.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def xlsx(tmp_path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    return path


def test_xlsx_with_real_date_cells_imports(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["名称", "发布时间", "生效时间", "效力级别"])
    sheet.append(
        ["《个人信息保护法》", datetime.datetime(2021, 8, 20), datetime.date(2021, 11, 1), "法律"]
    )
    path = tmp_path / "i.xlsx"
    workbook.save(path)
    assert import_file(path=path).records_created == 1
    law = Instrument.objects.get()
    assert (law.published_on, law.published_precision) == (datetime.date(2021, 8, 20), "day")
    assert law.effective_on == datetime.date(2021, 11, 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime.datetime(2020, 10, 21), (datetime.date(2020, 10, 21), "day", "2020.10.21")),
        (2020, (datetime.date(2020, 1, 1), "year", "2020")),
        (44428, (datetime.date(2021, 8, 20), "day", "2021.08.20")),
        ("2020.10", (datetime.date(2020, 10, 1), "month", "2020.10")),
    ],
)
def test_xlsx_date_cells_keep_their_meaning(tmp_path, cell, expected):
    path = xlsx(tmp_path, [["时间", "被处罚主体", "执法机构"], [cell, "某公司", "网安部门"]])
    assert import_file(path=path).errors == []
    case = Case.objects.get()
    assert (case.decided_on, case.decided_precision, case.decided_text) == expected


def test_a_number_excel_made_of_a_typed_month_is_refused(tmp_path):
    # Excel stores a typed 2020.10 as the number 2020.1: never January, never silently.
    path = xlsx(tmp_path, [["时间", "被处罚主体", "执法机构"], [2020.1, "某公司", "网安部门"]])
    report = import_file(path=path)
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "时间")]
    assert "2020.1" in report.errors[0]["reason"]
    assert Case.objects.count() == 0


def test_a_source_link_must_be_a_web_address(tmp_path):
    text = "序号,时间,监管重点,来源链接\n1,2020 年 11 月,整治,javascript:alert(document.domain)\n"
    report = import_file(
        path=write_file(tmp_path, "c.csv", text), options={"family": "cyberspace"}
    )
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "来源链接")]
    assert Campaign.objects.count() == 0
