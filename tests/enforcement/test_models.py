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
