"""Sums of money read exactly on both databases: in whole fen, then in yuan."""

from decimal import Decimal

from django.db.models import BigIntegerField, Q, Sum
from django.db.models.functions import Round

from lawtracker.numbers import FEN


def sum_in_fen(value, condition: Q | None = None) -> Sum:
    """Sum of amounts in whole fen: SQLite sums a DecimalField as a float
    (9686613037.18999) and Django reads it back at 15 digits, but a sum of rounded
    integers is exact on both databases up to 2**53 fen. Read it with `from_fen()`."""
    return Sum(Round(value * 100), filter=condition, output_field=BigIntegerField())


def from_fen(fen: Decimal | float | int | None) -> Decimal:
    """An amount in yuan, from a `sum_in_fen`."""
    return (Decimal(int(round(fen or 0))) / 100).quantize(FEN)


def case_money(count: int | None, org: object, individual: object, unknown: int | None) -> dict:
    """The totals a case list shows: how many cases, their known fines in yuan
    (organizations and individuals apart, and together) from sums in fen, and how many
    fines are of unknown amount."""
    org_fines, individual_fines = from_fen(org), from_fen(individual)
    return {
        "count": count or 0,
        "org_fines": org_fines,
        "individual_fines": individual_fines,
        "known_fines": org_fines + individual_fines,
        "fines_unknown": unknown or 0,
    }
