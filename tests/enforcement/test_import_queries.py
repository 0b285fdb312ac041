"""An import of cases costs a few queries a chunk, however many rows the chunk holds: its
rows' cases are looked up together and its new cases written together (with their
penalties, authorities, categories, citations, search index, tallies and history)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enforcement.models import Case, Penalty
from lawtracker.imports.run import import_file
from lawtracker.models import PublicIdCounter
from tests.factories import write_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果,法律依据\n"
AGENCIES = ("北京市公安局海淀分局", "广东省通信管理局", "上海市网信办")


def case_rows(count: int, start: int = 0) -> str:
    return "".join(
        f"2021.{1 + n % 12}.{1 + n % 28},北京,第{n}号公司,{AGENCIES[n % 3]},"
        f"未履行个人信息保护义务 第{n}次,警告 罚款 {n + 1} 万元,《网络安全法》第六十四条\n"
        for n in range(start, start + count)
    )


def queries_of(tmp_path, name: str, text: str, **options) -> tuple[int, object]:
    """The statements an import runs, a bulk INSERT counted once: the database may take
    it in several statements (SQLite: 999 parameters at most)."""
    path = write_file(tmp_path, name, HEADER + text)
    with CaptureQueriesContext(connection) as queries:
        report = import_file(path=path, **options)
    assert report.ok, report.errors
    statements, last = 0, None
    for query in queries:
        insert = re.match(r'\s*INSERT INTO "?(\w+)', query["sql"])
        table = insert.group(1) if insert else None
        statements += table is None or table != last
        last = table
    return statements, report


def test_an_import_of_new_cases_runs_as_many_queries_for_200_rows_as_for_20(tmp_path):
    # The first import meets the agencies (their authorities are made once) and makes
    # the tally rows of every month, which the others add to.
    queries_of(tmp_path, "first.csv", case_rows(24, start=1000))
    few, report = queries_of(tmp_path, "few.csv", case_rows(20))
    assert report.records_created == 20
    many, report = queries_of(tmp_path, "many.csv", case_rows(200, start=20))
    assert report.records_created == 200
    assert many == few  # all twelve months in both
    assert Penalty.objects.filter(case__subject="第219号公司").count() == 2


def test_a_check_and_a_repeated_import_run_as_many_queries_for_200_rows_as_for_20(tmp_path):
    queries_of(tmp_path, "few.csv", case_rows(20))
    queries_of(tmp_path, "many.csv", case_rows(200, start=20))
    counts = {}
    for name, text in (("few.csv", case_rows(20)), ("many.csv", case_rows(200, start=20))):
        checked, report = queries_of(tmp_path, name, text, check_only=True)
        assert report.rows_unchanged == len(text.splitlines())
        again, report = queries_of(tmp_path, name, text)
        assert report.records_unchanged == len(text.splitlines())
        counts[name] = (checked, again)
    assert counts["few.csv"] == counts["many.csv"]


def test_new_cases_are_given_their_ids_in_the_order_of_their_rows(tmp_path):
    queries_of(tmp_path, "first.csv", case_rows(2))
    queries_of(tmp_path, "second.csv", case_rows(3, start=2))
    ids = list(Case.objects.order_by("public_id").values_list("subject", "public_id"))
    assert ids == [(f"第{n}号公司", f"LT-C-2021-{n + 1:04d}") for n in range(5)]
    assert PublicIdCounter.objects.get(prefix="C", year=2021).last == 5
