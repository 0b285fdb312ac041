"""Money totals are exact to the fen on both databases and keep organizations and
individuals apart."""

from decimal import Decimal

import pytest

from enforcement.selectors import money_by_family
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_totals_are_exact_to_the_fen_where_float_addition_is_not():
    amounts = ["9686613037.18", "0.10", "0.20", "0.07"]
    for amount in amounts:
        make_case(family="miit", penalties=[("fine", "organization", amount)])
    assert sum(float(amount) for amount in amounts) != 9686613037.55
    assert money_by_family()["miit"]["org_fines"] == "9686613037.55"


def test_totals_keep_organizations_individuals_and_unknown_amounts_apart():
    make_case(
        family="public_security",
        penalties=[
            ("fine", "organization", "10000"),
            ("fine", "responsible_person", "5000"),
            ("fine", "individual", "614"),
            ("fine", "organization", None),
            ("confiscation", "individual", "5287.68"),
            ("warning", "organization", None),
        ],
    )
    assert money_by_family()["public_security"] == {
        "org_fines": "10000.00",
        "individual_fines": "5614.00",
        "confiscations": "5287.68",
        "fines_amount_unknown": 1,
    }
    assert money_by_family()["other"]["org_fines"] == "0.00"
    assert Decimal(money_by_family()["cyberspace"]["individual_fines"]) == 0
