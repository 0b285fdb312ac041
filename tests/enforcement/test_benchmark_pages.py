"""benchmark_pages (enforcement/benchmarks.py): every page, the export and the import
measured, the JSON as promised, and the database left as it was found."""

import datetime
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.factories import make_authority, make_case, region

pytestmark = pytest.mark.django_db

PAGES = [
    "case_list",
    "case_list_page_1000",
    "case_list_family",
    "case_list_province",
    "case_list_date_range",
    "case_list_fine_range",
    "case_list_penalty",
    "search_1_char",
    "search_2_chars",
    "search_4_chars",
    "search_rare",
    "sort_fine",
    "overview",
    "instrument_list",
    "case_page",
    "authority_page",
    "annual_review",
    "whats_new",
    "verification_queue",
    "api_cases",
    "admin_case_list",
    "admin_case_search",
]
KEYS = {"name", "p50_ms", "p95_ms", "queries", "baseline_ms"}
BULK_KEYS = {
    "export": {"rows_per_s", "peak_mb"},
    "export_csv": {"rows_per_s", "peak_mb"},
    "import": {"rows_per_s", "peak_mb", "baseline_rows_per_s"},
}


def row_counts() -> dict[str, int]:
    """Rows in every table the project and its libraries keep (one query each)."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def make_a_few_cases():
    """Three cases of one authority, with penalties, fines and cities to filter on."""
    authority = make_authority()
    for n, (city, penalties) in enumerate(
        [
            ("深圳", [("warning", "organization", None), ("fine", "organization", 10000)]),
            ("广州", [("fine", "organization", 50000)]),
            ("南通", [("rectify", "organization", None)]),
        ]
    ):
        case = make_case(
            province=region("广东"),
            city=city,
            decided_on=datetime.date(2020, 8, 1 + n),
            facts=f"{city}某公司未经用户同意收集使用个人信息，门禁采集人脸信息",
            penalty_text="警告 罚款",
            penalties=penalties,
        )
        case.authorities.add(authority)


def test_every_page_export_and_import_is_measured_and_nothing_is_left_behind(tmp_path):
    make_a_few_cases()
    before = row_counts()
    out = tmp_path / "pages.json"
    stdout = io.StringIO()
    call_command(
        "benchmark_pages",
        requests=2,
        import_rows=20,
        json=out,
        stdout=stdout,
        stderr=io.StringIO(),
    )
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [line["name"] for line in figures] == [*PAGES, "export", "export_csv", "import"]
    for line in figures:
        assert set(line) == KEYS | BULK_KEYS.get(line["name"], set()), line["name"]
        assert all(line[key] > 0 for key in set(line) - {"name"}), line
    assert f"database {connection.vendor}" in stdout.getvalue()
    assert row_counts() == before
