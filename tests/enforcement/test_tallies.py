"""The tallies the overview and the case list's totals read: every write path leaves them as
a recount from the cases would, and the totals they give are the totals of the rows."""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement import tallies
from enforcement.filters import CaseFilter
from enforcement.models import Case, CaseTally
from enforcement.selectors import case_totals, list_totals
from lawtracker.dates import period_end
from lawtracker.imports.run import import_file
from tests.factories import make_case, make_user, region, write_file

pytestmark = pytest.mark.django_db


KEY_AND_COUNTS = [
    "month",
    "precision",
    "family",
    "province_code",
    "national",
    "kind",
    "cases",
    "org_fines_fen",
    "individual_fines_fen",
    "confiscations_fen",
    "fines_unknown",
]


def as_tuples(rows) -> set[tuple]:
    return {tuple(getattr(row, name) for name in KEY_AND_COUNTS) for row in rows}


def held() -> set[tuple]:
    return as_tuples(CaseTally.objects.all())


def recounted() -> set[tuple]:
    return as_tuples(tallies.tally_rows(Case.objects.all()))


def assert_exact():
    assert held() == recounted()
    assert not Case.objects.exclude(tallied_on=F("decided_on")).exists()


def dated(day: datetime.date, precision: str = "day", **fields) -> Case:
    return make_case(
        decided_on=day,
        decided_precision=precision,
        decided_end=period_end(day, precision),
        **fields,
    )


def test_a_new_case_is_counted_with_its_money_and_each_kind_of_penalty():
    dated(
        datetime.date(2020, 8, 12),
        penalties=[
            ("warning", "organization", None),
            ("fine", "organization", "10000"),
            ("fine", "responsible_person", "5000.50"),
            ("confiscation", "organization", "12.34"),
        ],
    )
    assert_exact()
    kinds = dict(CaseTally.objects.values_list("kind", "cases"))
    assert kinds == {"": 1, "warning": 1, "fine": 1, "confiscation": 1}
    every = CaseTally.objects.get(kind="")
    assert (every.org_fines_fen, every.individual_fines_fen, every.confiscations_fen) == (
        1000000,
        500050,
        1234,
    )


CASES = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"


def test_an_import_and_a_reimport_that_moves_a_case_to_another_month_keep_them_exact(tmp_path):
    first = write_file(
        tmp_path,
        "a.csv",
        CASES
        + "2020.08.12,广东深圳,甲公司,深圳市公安局,事实一,警告\n"
        + "2020.09,北京,乙公司,北京市公安局,事实二,罚款1万元\n",
    )
    assert import_file(path=first, options={"family": "public_security"}).errors == []
    assert_exact()
    assert CaseTally.objects.filter(kind="", month=datetime.date(2020, 9, 1)).exists()
    case = Case.objects.get(subject="乙公司")
    moved = write_file(
        tmp_path,
        "b.csv",
        "追踪编号,"
        + CASES
        + f"{case.public_id},2020.10.03,北京,乙公司,北京市公安局,事实二,罚款2万元\n",
    )
    report = import_file(path=moved, options={"family": "public_security"})
    assert (report.errors, report.records_updated) == ([], 1)
    assert_exact()
    assert not CaseTally.objects.filter(month=datetime.date(2020, 9, 1)).exists()


def test_new_cases_are_added_to_the_rows_they_fall_in_without_recounting_their_months(
    tmp_path,
):
    """New cases' sums are added to the tally rows already there (and make the rows not
    there yet); a case the same file moves recounts its months instead, and those months
    take no added sums twice."""
    first = write_file(
        tmp_path,
        "a.csv",
        CASES
        + "2020.08.12,广东深圳,甲公司,深圳市公安局,事实一,警告 罚款5000元\n"
        + "2020.09,北京,乙公司,北京市公安局,事实二,罚款1万元\n",
    )
    assert import_file(path=first, options={"family": "public_security"}).errors == []
    case = Case.objects.get(subject="乙公司")
    second = write_file(
        tmp_path,
        "b.csv",
        "追踪编号,"
        + CASES
        + ",2020.08.20,广东深圳,丙公司,深圳市公安局,事实三,警告 罚款1.5万元\n"
        + ",2020.08.21,上海,丁公司,上海市公安局,事实四,没收违法所得12.34元\n"
        + ",2020.09.02,北京,戊公司,北京市公安局,事实五,罚款2万元\n"
        + f"{case.public_id},2020.09.03,北京,乙公司,北京市公安局,事实二,罚款3万元\n",
    )
    with CaptureQueriesContext(connection) as queries:
        report = import_file(path=second, options={"family": "public_security"})
    assert (report.errors, report.records_created, report.records_updated) == ([], 3, 1)
    assert_exact()
    august = CaseTally.objects.get(
        kind="", month=datetime.date(2020, 8, 1), province_code="440000"
    )
    assert (august.cases, august.org_fines_fen) == (2, 2000000)
    recounts = [
        q["sql"] for q in queries if "GROUP BY" in q["sql"] and "enforcement_case" in q["sql"]
    ]
    assert len(recounts) == 1  # September's, for the moved case; August's sums were added


def test_admin_edits_deletes_and_bulk_deletes_keep_them_exact(client):
    client.force_login(make_user("admin"))
    cases = [
        dated(datetime.date(2020, m, 5), penalties=[("warning", "organization", None)])
        for m in (3, 4, 5)
    ]
    assert_exact()
    url = reverse("admin:enforcement_case_delete", args=[cases[0].pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert_exact()
    changelist = reverse("admin:enforcement_case_changelist")
    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [cases[1].pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert_exact()
    assert Case.objects.count() == 1
    assert set(CaseTally.objects.values_list("month", flat=True)) == {datetime.date(2020, 5, 1)}


def test_rebuild_recounts_everything_from_the_cases():
    for m in (1, 2):
        dated(datetime.date(2021, m, 9), penalties=[("fine", "organization", "100")])
    CaseTally.objects.all().delete()
    assert tallies.rebuild() == 4  # two months, each all cases and the fined ones
    assert_exact()


def totals_both_ways(params: dict) -> tuple[dict, dict]:
    filterset = CaseFilter(params, queryset=Case.objects.for_list())
    assert filterset.is_valid(), filterset.errors
    rows = filterset.qs
    tallied = tallies.tallied_totals(filterset.form.cleaned_data, rows)
    assert tallied is not None, params
    direct = case_totals(rows)
    keys = ("count", "org_fines", "individual_fines", "known_fines", "fines_unknown")
    return {k: tallied[k] for k in keys}, {k: direct[k] for k in keys}


FILTERS = [
    {},
    {"family": ["miit"]},
    {"family": ["miit", "cyberspace"]},
    {"province": ["440000"]},
    {"province": ["national"]},
    {"province": ["national", "110000"]},
    {"date_from": "2020"},
    {"date_to": "2020"},
    {"date_from": "2020-03", "date_to": "2021-02"},
    {"date_from": "2020-03-15", "date_to": "2021-02-10"},
    {"date_from": "2020-03-15", "date_to": "2020-03-20"},
    {"date_from": "2020-01-01", "date_to": "2020-12-30"},
    {"date_to": "2020-12-31"},
    {"date_from": "2020-02-10"},
    {"penalty": ["warning"]},
    {"penalty": ["fine"], "family": ["public_security"], "date_from": "2020-06-07"},
    {"penalty": ["confiscation"], "province": ["440000", "national"], "date_to": "2021-05"},
]


def test_tallied_totals_are_the_totals_of_the_rows_for_every_filter_they_answer():
    rng = random.Random(3)
    places = [
        {"province": region("广东"), "national": False},
        {"province": region("北京"), "national": False},
        {"province": None, "national": True},
        {"province": None, "national": False},
    ]
    for _ in range(120):
        precision = rng.choices(["day", "month", "year"], [8, 2, 1])[0]
        day = datetime.date(2019, 11, 1) + datetime.timedelta(days=rng.randrange(600))
        if precision != "day":
            day = day.replace(day=1) if precision == "month" else day.replace(month=1, day=1)
        penalties = rng.sample(
            [
                ("warning", "organization", None),
                ("fine", "organization", str(rng.randrange(1, 90000))),
                ("fine", "responsible_person", rng.choice([None, "500.5"])),
                ("confiscation", "organization", "33.3"),
            ],
            rng.randint(0, 3),
        )
        dated(
            day,
            precision,
            family=rng.choice(["miit", "cyberspace", "public_security", "other"]),
            penalties=penalties,
            **rng.choice(places),
        )
    assert_exact()
    for params in FILTERS:
        tallied, direct = totals_both_ways(params)
        assert tallied == direct, params


def test_filters_the_tallies_do_not_answer_are_counted_on_the_rows_up_to_a_cap(settings):
    dated(datetime.date(2020, 5, 5), subject="人脸公司")
    for params in ({"q": "人脸"}, {"penalty": ["warning", "fine"]}, {"city": "深圳"}):
        filterset = CaseFilter(params, queryset=Case.objects.for_list())
        assert filterset.is_valid()
        assert tallies.tallied_totals(filterset.form.cleaned_data, filterset.qs) is None
    filterset = CaseFilter({"q": "人脸"}, queryset=Case.objects.for_list())
    assert list_totals(filterset, filterset.qs)["count"] == 1


def test_the_unfiltered_list_reads_the_tallies_not_the_cases(client):
    client.force_login(make_user("partner"))
    dated(datetime.date(2020, 5, 5), penalties=[("fine", "organization", "700")])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("enforcement:case-list"), {"date_from": "2020-05"})
    assert response.context["totals"]["count"] == 1
    totals_sql = [q["sql"] for q in captured.captured_queries if "SUM" in q["sql"].upper()]
    assert totals_sql and all("casetally" in sql for sql in totals_sql)


def make_spread(n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    for _ in range(n):
        precision = rng.choices(["day", "month", "year"], [8, 2, 1])[0]
        day = datetime.date(2019, 6, 1) + datetime.timedelta(days=rng.randrange(500))
        if precision != "day":
            day = day.replace(day=1) if precision == "month" else day.replace(month=1, day=1)
        dated(
            day,
            precision,
            family=rng.choice(["miit", "cyberspace"]),
            penalties=rng.choice([[], [("warning", "organization", None)]]),
        )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"family": ["miit"]},
        {"date_from": "2019-09", "date_to": "2020-06"},
        {"penalty": ["warning"]},
    ],
)
def test_a_deep_page_found_by_month_holds_what_the_offset_gives(monkeypatch, params):
    monkeypatch.setattr(tallies, "SEEK_FROM", 0)
    make_spread(150)
    filterset = CaseFilter(params, queryset=Case.objects.for_list())
    assert filterset.is_valid()
    rows = filterset.qs
    seek = tallies.seeker(filterset.form.cleaned_data, rows)
    assert seek is not None
    total = rows.count()
    for offset in range(0, total + 10, 7):
        assert list(seek(offset, 10)) == list(rows[offset : offset + 10]), offset


def test_a_list_in_another_order_or_with_partial_months_pages_by_offset():
    for params in ({"sort": "-fine"}, {"date_from": "2020-01-15"}, {"q": "公司"}):
        filterset = CaseFilter(params, queryset=Case.objects.for_list())
        assert filterset.is_valid()
        assert tallies.seeker(filterset.form.cleaned_data, filterset.qs) is None


def test_the_case_list_reads_a_deep_page_by_month(client, monkeypatch):
    monkeypatch.setattr(tallies, "SEEK_FROM", 0)
    make_spread(130)
    client.force_login(make_user("partner"))
    url = reverse("enforcement:case-list")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url, {"page": 3})
    assert [case.pk for case in page.context["rows"]] == list(
        Case.objects.order_by("-decided_on", "-id").values_list("pk", flat=True)[100:130]
    )
    listing = [q["sql"] for q in captured.captured_queries if "OFFSET" in q["sql"].upper()]
    assert listing and all(" < " in sql for sql in listing)  # bounded by a month's end


def test_refresh_tallies_recounts_a_database_written_around_the_app():
    from io import StringIO

    from django.core.management import call_command

    dated(datetime.date(2020, 5, 5))
    CaseTally.objects.all().delete()
    out = StringIO()
    call_command("refresh_tallies", stdout=out)
    assert out.getvalue().strip() == "1 tally rows"
    assert_exact()
