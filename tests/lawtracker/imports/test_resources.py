"""The resource both apps' importers build on (lawtracker.imports.resources): a row's
cells are checked before they are read (control characters, on every import path, and
lengths, by check and import alike), a row repeated or contradicted within one file,
and what a row leaves of the record it updates."""

import datetime
import io
import json
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from enforcement.models import FACTS_MAX, PENALTY_TEXT_MAX, Case
from instruments.models import Instrument
from lawtracker.imports.jobs import start_import
from lawtracker.imports.run import import_file
from lawtracker.models import ImportJob
from lawtracker.text import CONTROL_CHARACTERS
from tests.factories import make_user, write_file
from tests.lawtracker.imports.test_jobs import run_worker, upload

# Messages are checked in English; tests/i18n checks the Chinese ones.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"

FILLER = "".join(
    f"2020.08.{day:02d},北京,填充公司{n},网安部门,事实{n},警告\n"
    for n, day in zip(range(120), [1 + n % 28 for n in range(120)], strict=True)
)


# -- control characters are refused on every import path -------------------------------


def nasty_csv(tmp_path, encoding="utf-8"):
    """A CSV whose problems sit past its first 4 KB: a NUL in a party's name on line 122
    and an ESC in the facts on line 123."""
    text = (
        HEADER
        + FILLER
        + "2020.09.01,北京,空字\x00公司,网安部门,事实,警告\n"
        + "2020.09.02,北京,某公司,网安部门,事实\x1b[31m,警告\n"
    )
    assert len(text.encode(encoding)) > 4096
    return write_file(tmp_path, "nasty.csv", text, encoding)


def assert_refused_with_line_and_column(errors):
    where = {(error["line"], error["column"]) for error in errors}
    assert (122, "被处罚主体") in where and (123, "违法事实") in where
    reasons = " ".join(error["reason"] for error in errors)
    assert "U+0000" in reasons and "U+001B" in reasons
    assert not CONTROL_CHARACTERS.search(json.dumps(errors, ensure_ascii=False))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_with_control_characters_past_its_first_block_imports_nothing(
    tmp_path, encoding, english
):
    report = import_file(path=nasty_csv(tmp_path, encoding), options={"family": "cyberspace"})
    assert not report.ok and not report.written
    assert_refused_with_line_and_column(report.errors)
    assert not Case.objects.exists()


def test_the_command_line_refuses_control_characters_and_writes_nothing(tmp_path, english):
    make_user("associate", username="lin")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command(
            "import_records",
            str(nasty_csv(tmp_path)),
            "--family=cyberspace",
            "--user=lin",
            "--json",
            stdout=out,
            stderr=err,
        )
    report = json.loads(out.getvalue())
    assert report["imported"] is False
    assert_refused_with_line_and_column(report["errors"])
    assert not Case.objects.exists()


def test_an_admin_import_job_refuses_control_characters(tmp_path, english):
    path = nasty_csv(tmp_path)
    job = start_import(
        upload=upload(path.read_text(), "nasty.csv"),
        kind="cases",
        options={"family": "cyberspace"},
        user=make_user("associate"),
        language="en",
    )
    with mock.patch("django.db.close_old_connections", lambda: None):
        run_worker()
    job = ImportJob.objects.get(pk=job.pk)
    assert job.state == "rejected"
    assert_refused_with_line_and_column(job.preview["errors"])
    assert not Case.objects.exists()


def test_a_workbook_with_control_characters_imports_nothing(tmp_path, english):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["2020.09.01", "北京", "删除符\x7f公司", "网安部门", "事实", "警告"])
    # Excel writes a control character it cannot put into XML as _x0001_.
    sheet.append(["2020.09.02", "北京", "某公司", "网安部门", "事实_x0001_", "警告"])
    sheet.append(["2020.09.03", "北京", "另一公司", "网安部门", "事实", "警告\x85"])
    path = tmp_path / "nasty.xlsx"
    workbook.save(path)
    report = import_file(path=path, options={"family": "cyberspace"})
    where = {(error["line"], error["column"]) for error in report.errors}
    assert where == {(2, "被处罚主体"), (3, "违法事实"), (4, "处罚结果")}
    assert not report.written and not Case.objects.exists()


def test_a_header_with_a_control_character_is_reported_legibly(tmp_path, english):
    path = write_file(
        tmp_path, "h.csv", "时间,地区,被处罚\x01主体,执法机构,违法事实,处罚结果\n" + FILLER
    )
    report = import_file(path=path, kind="cases")
    assert not report.ok
    assert "被处罚U+0001主体" in report.errors[0]["reason"]
    assert not CONTROL_CHARACTERS.search(json.dumps(report.errors, ensure_ascii=False))


# -- a cell longer than its field holds ------------------------------------------------


LONG = "长" * 10000


@pytest.mark.parametrize(
    "kind,header,row,column",
    [
        ("cases", HEADER, f"2020.01,北京,{LONG},网安部门,事实,警告\n", "被处罚主体"),
        ("cases", HEADER, f"2020.01,北京,甲公司,{LONG},事实,警告\n", "执法机构"),
        ("cases", HEADER, f"2020.01,北京{LONG},甲公司,网安部门,事实,警告\n", "地区"),
        ("cases", HEADER, f"{LONG},北京,甲公司,网安部门,事实,警告\n", "时间"),
        (
            "instruments",
            "名称,发布时间,生效时间,效力级别,英文名称\n",
            f"《某办法》,2020.05.01,2020.06.01,部门规章,{LONG}\n",
            "英文名称",
        ),
        (
            "instruments",
            "名称,发布时间,生效时间,效力级别,发文字号\n",
            f"《某办法》,2020.05.01,2020.06.01,部门规章,{LONG}\n",
            "发文字号",
        ),
        ("campaigns", "时间,监管重点,监管部门\n", f"2020.05,{LONG * 3},网信\n", "监管重点"),
    ],
)
def test_a_ten_thousand_character_cell_is_refused_in_words_by_check_and_import(
    tmp_path, kind, header, row, column
):
    path = write_file(tmp_path, "long.csv", header + row)
    for dry_run in (True, False):
        report = import_file(path=path, kind=kind, check_only=dry_run)
        [error] = [e for e in report.errors if e["column"] == column]
        assert error["line"] == 2
        assert "characters long; at most" in error["reason"]


def test_facts_and_penalty_texts_up_to_their_limits_are_kept_whole(tmp_path):
    facts, penalty = "事" * FACTS_MAX, "罚" * PENALTY_TEXT_MAX
    path = write_file(
        tmp_path, "long.csv", HEADER + f"2020.01,北京,甲公司,网安部门,{facts},{penalty}\n"
    )
    assert import_file(path=path).records_created == 1
    case = Case.objects.get()
    assert (case.facts, case.penalty_text) == (facts, penalty)


@pytest.mark.parametrize(
    "facts,penalty,column,length,limit",
    [
        ("事" * (FACTS_MAX + 1), "警告", "违法事实", FACTS_MAX + 1, FACTS_MAX),
        (
            "事实",
            "罚" * (PENALTY_TEXT_MAX + 1),
            "处罚结果",
            PENALTY_TEXT_MAX + 1,
            PENALTY_TEXT_MAX,
        ),
    ],
)
def test_facts_or_penalty_text_over_the_limit_is_refused_with_its_length(
    tmp_path, facts, penalty, column, length, limit
):
    path = write_file(
        tmp_path, "long.csv", HEADER + f"2020.01,北京,甲公司,网安部门,{facts},{penalty}\n"
    )
    for dry_run in (True, False):
        [error] = import_file(path=path, check_only=dry_run).errors
        assert (error["line"], error["column"]) == (2, column)
        assert error["reason"] == f"is {length} characters long; at most {limit} are allowed"
    assert not Case.objects.exists()


# -- rows repeated within one file, and what an update leaves --------------------------


def test_identical_rows_in_one_file_make_one_case(tmp_path):
    row = "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
    report = import_file(path=write_file(tmp_path, "dup.csv", HEADER + row + row))
    assert (report.records_created, report.records_unchanged, report.duplicates) == (1, 0, 1)
    assert Case.objects.get().penalties.get().amount == Decimal("40000.00")


def test_rows_for_the_same_case_that_disagree_are_an_error_not_an_overwrite(tmp_path):
    rows = (
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,警告\n"
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 5 万元\n"
    )
    report = import_file(path=write_file(tmp_path, "conflict.csv", HEADER + rows))
    assert Case.objects.count() == 0
    assert [(e["line"], e["column"]) for e in report.errors] == [(3, "处罚结果"), (4, "处罚结果")]
    assert "line 2" in report.errors[0]["reason"]


def test_a_row_retyped_within_one_file_is_a_repeat_not_a_conflict(tmp_path):
    rows = (
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
        "2020年10月11日,广东省,深圳某公司,广东省通信管理局,事 实,罚款肆万元\n"
    )
    report = import_file(path=write_file(tmp_path, "retyped.csv", HEADER + rows))
    assert (report.records_created, report.duplicates, report.errors) == (1, 1, [])
    assert Case.objects.get().penalty_text == "罚款 4 万元"


def test_an_empty_cell_never_blanks_what_a_record_holds(tmp_path):
    header = "名称,发布时间,生效时间,效力级别,英文名称\n"
    import_file(
        path=write_file(
            tmp_path, "a.csv", header + "《密码法》,2019.10.26,2020.01.01,法律,Cryptography Law\n"
        )
    )
    report = import_file(
        path=write_file(tmp_path, "b.csv", header + "《密码法》,2019.10.26,--,法律,\n")
    )
    assert (report.records_updated, report.records_unchanged) == (0, 1)
    law = Instrument.objects.get()
    assert (law.title_en, law.effective_on) == ("Cryptography Law", datetime.date(2020, 1, 1))
