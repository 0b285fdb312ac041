"""Invariants the database itself enforces on cases and penalties (enforcement.models),
on both SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

import pytest

from enforcement.models import Penalty
from tests.checks import rejects
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_a_penalty_amount_is_never_negative():
    case = make_case()
    assert rejects(
        lambda: Penalty.objects.create(
            case=case, kind="fine", target="organization", amount=Decimal("-1")
        )
    )


def test_only_money_penalties_carry_an_amount():
    case = make_case()
    assert rejects(
        lambda: Penalty.objects.create(
            case=case, kind="warning", target="organization", amount=Decimal("1")
        )
    )


def test_only_detention_and_suspension_carry_days():
    case = make_case()
    assert rejects(
        lambda: Penalty.objects.create(case=case, kind="fine", target="individual", days=3)
    )
    assert not rejects(
        lambda: Penalty.objects.create(case=case, kind="detention", target="individual", days=3)
    )


def test_a_date_always_has_its_precision():
    assert rejects(lambda: make_case(decided_precision=""))


def test_a_month_precision_date_sits_on_the_first_of_its_month():
    assert rejects(
        lambda: make_case(decided_on=datetime.date(2020, 8, 15), decided_precision="month")
    )
    assert not rejects(
        lambda: make_case(decided_on=datetime.date(2020, 8, 1), decided_precision="month")
    )


def test_overlapping_finds_every_case_of_the_agency_whose_period_meets_the_span():
    """The importer's probable-match read, by its bounded index ranges, finds what a
    plain overlap of periods finds: day, month and year dates, spans of each, the
    agency's own cases only."""
    from enforcement.models import Case

    agency = "上海市公安局"
    made = [
        make_case(agency_text=agency, decided_on=datetime.date(y, m, d), decided_precision=p)
        for y, m, d, p in [
            (2019, 1, 1, "year"),
            (2019, 12, 31, "day"),
            (2020, 1, 1, "year"),
            (2020, 1, 1, "day"),
            (2020, 2, 1, "month"),
            (2020, 2, 14, "day"),
            (2020, 2, 29, "day"),
            (2020, 3, 1, "month"),
            (2020, 3, 1, "day"),
            (2021, 1, 1, "year"),
        ]
    ]
    make_case(agency_text="北京市公安局", decided_on=datetime.date(2020, 2, 14))
    spans = [
        (datetime.date(2020, 2, 14), datetime.date(2020, 2, 14)),
        (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29)),
        (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)),
        (datetime.date(2020, 2, 20), datetime.date(2020, 3, 1)),
        (datetime.date(2019, 12, 31), datetime.date(2020, 1, 1)),
    ]
    for start, end in spans:
        expected = {c.pk for c in made if c.decided_on <= end and c.decided_end >= start}
        found = set(
            Case.objects.overlapping(agency_text=agency, start=start, end=end).values_list(
                "pk", flat=True
            )
        )
        assert found == expected, (start, end)
    # Several spans in one condition (the import's look-up): every case one of them
    # overlaps, and only the agency's cases of those spans' months and years besides.
    from enforcement.models import overlapping_any

    found = set(
        Case.objects.filter(overlapping_any(agency, spans[:2] + spans[3:])).values_list(
            "pk", flat=True
        )
    )
    overlapped = {
        c.pk
        for c in made
        for start, end in spans[:2] + spans[3:]
        if c.decided_on <= end and c.decided_end >= start
    }
    assert overlapped <= found
    assert found <= {
        c.pk
        for c in made
        if datetime.date(2019, 1, 1) <= c.decided_on <= datetime.date(2020, 3, 1)
    }
