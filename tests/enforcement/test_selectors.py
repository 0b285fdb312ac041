"""Money totals are exact to the fen on both databases and keep organizations and
individuals apart."""

from decimal import Decimal

import pytest

from enforcement.selectors import money_by_family
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_totals_are_exact_to_the_fen_where_float_addition_is_not():
    # Summed as floats (SQLite's SUM on a DecimalField, read back at 15 digits) these
    # come to 12345678901234.60; the fen add up to 12345678901234.63.
    amounts = ["12345678901234.56"] + ["0.01"] * 7
    for amount in amounts:
        make_case(family="miit", penalties=[("fine", "organization", amount)])
    assert money_by_family()["miit"]["org_fines"] == "12345678901234.63"


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
