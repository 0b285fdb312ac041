"""Importing one file (lawtracker.imports.run): whole or not at all, every problem in its
report, a second import that creates nothing, a check that writes nothing and counts as
the import will, chunks that are still one import, and the record of what was imported."""

import pytest

from enforcement.models import Case, Penalty
from instruments.models import Authority
from lawtracker.imports import run
from lawtracker.imports.run import import_file
from tests.factories import write_file

# Messages are checked in English; tests/i18n checks the Chinese ones.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"


def test_case_file_imports_and_a_second_import_creates_nothing(tmp_path):
    path = write_file(
        tmp_path,
        "cases.csv",
        HEADER
        + "2020.09.15,广东,广州某科技有限公司,广东省通信管理局,APP 违规,责令改正 警告 罚款 2 万元\n"
        + "2020.09,河北 唐山,王某,网信办,未注销备案,注销网站备案\n",
    )
    first = import_file(path=path)
    assert (first.kind, first.records_created, first.errors) == ("cases", 2, [])
    second = import_file(path=path)
    assert (second.records_created, second.records_updated, second.records_unchanged) == (0, 0, 2)
    assert Case.objects.count() == 2
    assert Penalty.objects.count() == 4


def test_a_file_with_one_bad_row_writes_nothing_and_reports_every_problem(tmp_path):
    rows = (
        "2020.09.15,广东,好公司,广东省通信管理局,事实,罚款 1 万元\n"
        "2020.02.30,广东,坏日期公司,广东省通信管理局,事实,罚款 1 万元\n"
        "2020.09.15,火星,,广东省通信管理局,事实,警告\n"
    )
    report = import_file(path=write_file(tmp_path, "bad.csv", HEADER + rows))
    assert not report.ok
    assert Case.objects.count() == 0
    assert Authority.objects.count() == 0
    where = {(error["line"], error["column"]) for error in report.errors}
    assert where == {(3, "时间"), (4, "地区"), (4, "被处罚主体")}
    reasons = " ".join(error["reason"] for error in report.errors)
    assert "2020.02.30" in reasons and "火星" in reasons


def test_every_problem_before_a_row_the_reader_cannot_take_apart_is_reported(tmp_path):
    rows = [f"2020.01,北京,第{n}家公司,网安部门,事实,警告\n" for n in range(20)]
    rows[3] = "2020.02.30,北京,日期错公司,网安部门,事实,警告\n"  # line 5
    rows[10] = "2020.01,北京,多一格公司,网安部门,事实,警告,多出来的\n"  # line 12
    path = write_file(tmp_path, "wide.csv", HEADER + "".join(rows))
    for dry_run in (True, False):
        report = import_file(path=path, check_only=dry_run)
        assert [error["line"] for error in report.errors] == [5, 12]
        assert "more cells than the header" in report.errors[1]["reason"]
    assert not Case.objects.exists()


def test_a_file_read_in_chunks_is_still_one_import(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "CHUNK_ROWS", 2)
    row = "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
    rows = [f"2020.01,北京,公司{i},网安部门,事实,警告\n" for i in range(5)]
    # A repeat across the chunk boundary is one record; lines count across chunks.
    report = import_file(
        path=write_file(tmp_path, "ok.csv", HEADER + row + rows[0] + row + "".join(rows[1:]))
    )
    assert (report.records_created, report.duplicates, report.errors) == (6, 1, [])
    bad = HEADER + "".join(rows) + "2020.13,北京,坏公司,网安部门,事实,警告\n"
    Case.objects.all().delete()
    report = import_file(path=write_file(tmp_path, "bad.csv", bad))
    assert [(e["line"], e["column"]) for e in report.errors] == [(7, "时间")]
    assert Case.objects.count() == 0  # the first chunks are rolled back with the last


MIXED_ROWS = (
    "2020.09.15,广东,广州某科技有限公司,广东省通信管理局,APP 违规,责令改正 警告 罚款 2 万元\n"
    "2020.09,河北 唐山,王某,网信办,未注销备案,注销网站备案\n"
    "2020.09,河北 唐山,王某,网信办,未注销备案,注销网站备案\n"
    "2020.10.11,北京,甲公司,网安部门,事实,警告\n"
)


def test_a_check_only_reads_and_counts_as_the_import_will(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_file(
        path=write_file(
            tmp_path, "old.csv", HEADER + "2020.10.11,北京,甲公司,网安部门,事实,罚款\n"
        )
    )
    path = write_file(tmp_path, "mixed.csv", HEADER + MIXED_ROWS)
    with CaptureQueriesContext(connection) as queries:
        check = import_file(path=path, check_only=True, details=True)
    # Nothing but reads, in a transaction that is rolled back (a savepoint inside the
    # test's own transaction).
    written = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK"))
    ]
    assert written == []
    imported = import_file(path=path)
    assert check.as_dict() | {"imported": True} == imported.as_dict() | {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
    }
    assert (check.records_created, check.records_updated, check.rows_new, check.rows_changed) == (
        0,
        0,
        2,
        1,
    )
    assert (imported.records_created, imported.records_updated, imported.duplicates) == (2, 1, 1)
    assert check.changed_rows[0]["changes"] == [
        {"column": "处罚结果", "before": "罚款", "after": "警告"}
    ]
    assert [row["line"] for row in check.new_rows] == [2, 3]


def test_an_imported_file_is_recorded_with_its_checksum(tmp_path):
    from lawtracker.models import ImportRecord

    path = write_file(tmp_path, "g.csv", HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    import_file(path=path)
    record = ImportRecord.objects.get()
    assert (record.file_name, record.kind, record.records_created, len(record.sha256)) == (
        "g.csv",
        "cases",
        1,
        64,
    )
