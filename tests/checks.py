"""Assertions several test modules share."""

from django.db import IntegrityError, transaction
from django.urls import reverse


def rejects(build) -> bool:
    """Whether the database refuses what `build` writes (a constraint holds)."""
    try:
        with transaction.atomic():
            build()
    except IntegrityError:
        return True
    return False


def assert_constant_queries(test, url_name: str, grow, expected: int) -> None:
    """The page at `url_name` runs `expected` queries with few rows and with ten times as
    many (`grow(count, start)` adds rows)."""
    grow(3, 0)
    with test.assertNumQueries(expected):
        test.client.get(reverse(url_name))
    grow(30, 3)
    with test.assertNumQueries(expected):
        response = test.client.get(reverse(url_name))
    test.assertEqual(response.status_code, 200)
