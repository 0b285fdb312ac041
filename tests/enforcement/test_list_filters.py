"""The case list's date and fine filters read the indexes that bound their scans, and
give the same cases whichever way they read them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enforcement.filters import CaseFilter
from enforcement.models import Case, PenaltyKind, PenaltyTarget
from lawtracker import search
from tests.factories import make_case

pytestmark = pytest.mark.django_db

FINE = PenaltyKind.FINE
ORG = PenaltyTarget.ORGANIZATION
PERSON = PenaltyTarget.INDIVIDUAL


@pytest.fixture
def fined_cases():
    amounts = [None, "0", "9999.99", "10000", "30000.5", "75000", "75000.01", "1000000"]
    cases = [make_case([(FINE, ORG, amount)]) for amount in amounts]
    cases.append(make_case([(FINE, PERSON, "20000"), (FINE, ORG, "50000")]))
    cases.append(make_case([(PenaltyKind.WARNING, ORG, None)]))
    return cases


def listed(params: dict) -> list[int]:
    filterset = CaseFilter(params, queryset=Case.objects.all())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("pk", flat=True))


def plainly(**bounds) -> list[int]:
    return list(
        Case.objects.filter(**bounds).order_by("-decided_on", "-id").values_list("pk", flat=True)
    )


BOUNDS = [
    (
        {"org_fine_min": "10000", "org_fine_max": "75000"},
        {"org_fines__gte": 10000, "org_fines__lte": 75000},
    ),
    ({"org_fine_min": "30000.5"}, {"org_fines__gte": "30000.5"}),
    ({"org_fine_max": "9999.99"}, {"org_fines__lte": "9999.99"}),
    (
        {"org_fine_min": "1", "individual_fine_min": "20000", "individual_fine_max": "20000"},
        {"org_fines__gte": 1, "individual_fines__gte": 20000, "individual_fines__lte": 20000},
    ),
]


@pytest.mark.parametrize("params, bounds", BOUNDS)
@pytest.mark.parametrize("dense", [0, 1, 10_000])
def test_fine_bounds_find_the_same_cases_by_id_or_along_the_date_index(
    fined_cases, monkeypatch, params, bounds, dense
):
    """Few matching cases are read by id; past DENSE the bounds are checked on each row
    along the list's order, the fine read without its index (unary plus): both give
    what a plain filter gives, decimals compared as numbers on both databases."""
    monkeypatch.setattr(search, "DENSE", dense)
    expected = plainly(**bounds)
    assert expected  # each case above finds some
    with CaptureQueriesContext(connection) as queries:
        assert listed(params) == expected
    page_query = queries.captured_queries[-1]["sql"]
    along_the_dates = len(expected) > dense
    assert ('+"enforcement_case"' in page_query) is along_the_dates
    assert (" IN (" in page_query) is not along_the_dates


def test_a_date_range_bounds_the_date_index_by_its_end():
    """A case counts when its last possible day is by the range's end; its first day is
    bounded too, so that the scan of case_decided_idx starts at the range's end."""
    in_june = make_case(decided_on=datetime.date(2020, 6, 1), decided_precision="month")
    on_the_day = make_case(decided_on=datetime.date(2020, 6, 30))
    make_case(decided_on=datetime.date(2020, 7, 1))
    make_case(decided_on=datetime.date(2020, 1, 1), decided_precision="year")
    filterset = CaseFilter(
        {"date_from": "2020-06", "date_to": "2020-06"}, queryset=Case.objects.all()
    )
    assert set(filterset.qs) == {in_june, on_the_day}
    sql = str(filterset.qs.query)
    assert '"decided_on" <= 2020-06-30' in sql and '"decided_end" <= 2020-06-30' in sql
