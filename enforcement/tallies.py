"""The case tallies (CaseTally): counts and money per month, family, place and penalty
kind, kept current on every write, so that the overview and the case list's totals read
a few thousand tally rows instead of every case.

Every writer of cases calls `touched` with the months it changed (a case's
`months_touched`: the month it is counted under now and the one it was counted under
before), inside its transaction; an import defers the recount to its end (`deferred`).
`rebuild` recounts everything (`manage.py refresh_tallies`; a test checks that every
write path leaves the tallies as a rebuild would).
"""

import contextlib
import datetime
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from enforcement.filters import NATIONAL
from enforcement.models import Case, CaseTally, PenaltyKind
from enforcement.money import case_money, sum_in_fen
from instruments.places import regions
from lawtracker.dates import Precision
from lawtracker.filters import date_bound

# A bit for each penalty kind in Case.penalty_kinds. Stored: never renumber a kind.
KIND_BITS = {
    PenaltyKind.WARNING: 1 << 0,
    PenaltyKind.FINE: 1 << 1,
    PenaltyKind.CONFISCATION: 1 << 2,
    PenaltyKind.RECTIFY: 1 << 3,
    PenaltyKind.SUSPENSION: 1 << 4,
    PenaltyKind.INTERVIEW: 1 << 5,
    PenaltyKind.CLOSURE: 1 << 6,
    PenaltyKind.ICP_CANCEL: 1 << 7,
    PenaltyKind.DETENTION: 1 << 8,
    PenaltyKind.TAKEDOWN: 1 << 9,
    PenaltyKind.APOLOGY: 1 << 10,
    PenaltyKind.OTHER: 1 << 11,
}

ALL_CASES = ""  # the tally rows of every case, whatever its penalties


def kinds_mask(kinds: Iterable[str]) -> int:
    mask = 0
    for kind in kinds:
        mask |= KIND_BITS[kind]
    return mask


def kinds_of(mask: int) -> list[str]:
    return [kind for kind, bit in KIND_BITS.items() if mask & bit]


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_touched(case: Case) -> set[datetime.date]:
    """The months a write of this case changes: the one its date is in now, and the one
    it was counted under before (`tallied_on`)."""
    return {month_of(day) for day in (case.decided_on, case.tallied_on) if day is not None}


_pending: ContextVar[set | None] = ContextVar("tally_months", default=None)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """The months touched inside are recounted once, at the end (an import's many rows);
    nothing is recounted if the block raises. Inside another, joins it."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set(set())
    try:
        yield
        months = _pending.get()
    finally:
        _pending.reset(token)
    refresh_months(months)


def touched(months: Iterable[datetime.date]) -> None:
    """Recount these months now, or at the end of the `deferred` block around."""
    pending = _pending.get()
    if pending is None:
        refresh_months(months)
    else:
        pending.update(month_of(m) for m in months)


def added(cases: Iterable[Case]) -> None:
    """Count these new cases in, none of them counted before (each already carries its
    DERIVED_FIELDS): their sums are added to the tally rows they fall in, in the
    database and in the caller's transaction, instead of recounting their months — the
    same rows a recount would give (a test compares them with `rebuild`). A recount of
    their months later in the same transaction (`deferred`) finds them all the same."""
    codes = {region.pk: region.code for region in regions()}  # reference data, read once
    sums: dict[tuple, list[int]] = {}
    for case in cases:
        group = (
            month_of(case.decided_on),
            case.decided_precision,
            case.family,
            codes.get(case.province_id, ""),
            case.national,
        )
        amounts = (
            1,
            in_fen(case.org_fines),
            in_fen(case.individual_fines),
            in_fen(case.confiscations),
            case.fines_unknown,
        )
        for kind in [ALL_CASES, *kinds_of(case.penalty_kinds)]:
            total = sums.setdefault((*group, kind), [0] * len(amounts))
            for n, amount in enumerate(amounts):
                total[n] += amount
    add_sums(sums)


def in_fen(amount: Decimal | None) -> int:
    """An amount in whole fen, rounded as the databases' ROUND is (half away from 0)."""
    return int((Decimal(amount or 0) * 100).to_integral_value(ROUND_HALF_UP))


# A tally row's key, and what it sums.
KEY = ("month", "precision", "family", "province_code", "national", "kind")
SUMMED = ("cases", "org_fines_fen", "individual_fines_fen", "confiscations_fen", "fines_unknown")


def empty_row(key: tuple) -> CaseTally:
    return CaseTally(**dict(zip(KEY, key, strict=True)), **dict.fromkeys(SUMMED, 0))


# Rows added to at once: eleven parameters a row, well under either database's limit.
ADD_ROWS = 500


def add_sums(sums: dict[tuple, list[int]]) -> None:
    """Add these sums, keyed as KEY, to their tally rows, making the rows not there yet:
    one upsert per ADD_ROWS rows, each row's addition done by the database itself (two
    imports at once both count; a recount meanwhile is waited for)."""
    table = CaseTally._meta.db_table
    columns = [CaseTally._meta.get_field(name).column for name in (*KEY, *SUMMED)]
    keys = columns[: len(KEY)]
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns[len(KEY) :])
    items = list(sums.items())
    with connection.cursor() as cursor:
        for first in range(0, len(items), ADD_ROWS):
            batch = items[first : first + ADD_ROWS]
            row = "(" + ", ".join(["%s"] * len(columns)) + ")"
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES {', '.join([row] * len(batch))} "
                f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}",
                [value for key, amounts in batch for value in (*key, *amounts)],
            )


@transaction.atomic(savepoint=False)
def refresh_months(months: Iterable[datetime.date]) -> None:
    """Recount these months from the cases (two queries a month)."""
    for month in sorted({month_of(m) for m in months}):
        in_month = Case.objects.filter(decided_on__gte=month, decided_on__lt=next_month(month))
        CaseTally.objects.filter(month=month).delete()
        CaseTally.objects.bulk_create(tally_rows(in_month))


@transaction.atomic
def rebuild() -> int:
    """Recount every month from the cases (a few queries, over every case), each case
    counted under its date; the number of tally rows."""
    CaseTally.objects.all().delete()
    rows = CaseTally.objects.bulk_create(tally_rows(Case.objects.all()), batch_size=2000)
    # Not Case.objects: no record changes its version for being counted.
    stale = Case._base_manager.exclude(tallied_on=F("decided_on"))
    stale.update(tallied_on=F("decided_on"))
    return len(rows)


def tally_rows(cases: QuerySet) -> list[CaseTally]:
    """The tally rows of these cases (one query): a row for all of a group's cases and one
    for each kind of penalty some of them include."""
    groups = (
        cases.annotate(month=TruncMonth("decided_on"))
        .values(
            "month",
            "decided_precision",
            "family",
            "province__code",
            "national",
            "penalty_kinds",
        )
        .annotate(
            n=Count("id"),
            org=sum_in_fen(F("org_fines")),
            individual=sum_in_fen(F("individual_fines")),
            confiscated=sum_in_fen(F("confiscations")),
            unknown=Sum("fines_unknown"),
        )
        .order_by()
    )
    rows: dict[tuple, CaseTally] = {}
    for group in groups:
        month = group["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        for kind in [ALL_CASES, *kinds_of(group["penalty_kinds"])]:
            key = (
                month,
                group["decided_precision"],
                group["family"],
                group["province__code"] or "",
                group["national"],
                kind,
            )
            row = rows.get(key)
            if row is None:
                row = rows[key] = empty_row(key)
            row.cases += group["n"]
            row.org_fines_fen += int(group["org"] or 0)
            row.individual_fines_fen += int(group["individual"] or 0)
            row.confiscations_fen += int(group["confiscated"] or 0)
            row.fines_unknown += group["unknown"] or 0
    return list(rows.values())


# -- reading the tallies for a filtered list -----------------------------------------------

# The filters the tallies answer; a list filtered by anything else is counted on its rows.
TALLIED_FILTERS = frozenset({"family", "province", "date_from", "date_to", "penalty"})
# Filters that only order or page the rows.
NEUTRAL_FILTERS = frozenset({"sort", "page"})


@dataclass
class Span:
    """What of a date range the tallies answer (whole months from `first` to `last`,
    cases known to the year only up to `year_only_until`) and the partial months at its
    ends, counted on the cases themselves."""

    first: datetime.date | None = None
    last: datetime.date | None = None
    year_only_until: datetime.date | None = None
    edges: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)


def span_of(date_from: str, date_to: str) -> Span:
    """The date range typed (either bound may be empty) as tallied months and edges."""
    span = Span()
    start = date_bound(date_from, end=False) if date_from else None
    end = date_bound(date_to, end=True) if date_to else None
    if start is not None:
        span.first = month_of(start)
        if start.day != 1:
            following = next_month(start)
            span.edges.append((start, following))
            span.first = following
    if end is not None:
        span.last = month_of(end)
        if next_month(end) != end + datetime.timedelta(days=1):  # not a month's last day
            span.edges.append((month_of(end), end + datetime.timedelta(days=1)))
            span.last = previous_month(month_of(end))
        # A case known to the year counts when its whole year is in the range.
        last_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
        span.year_only_until = datetime.date(last_year, 1, 1)
    if len(span.edges) == 2 and span.edges[0][0] >= span.edges[1][0]:
        span.edges = [(span.edges[0][0], span.edges[1][1])]  # one partial month
    return span


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def tallied(data: dict, *, by_kind: bool = False) -> tuple[QuerySet, Span] | None:
    """The tally rows of a case list filtered as `data` (its form's cleaned data), with
    what of its date range they answer; None when a filter is one they do not answer.
    `by_kind`: the rows of each kind of penalty instead of those of all cases."""
    used = {name for name, value in data.items() if value not in (None, "", [], ())}
    if used - TALLIED_FILTERS - NEUTRAL_FILTERS:
        return None
    kinds = data.get("penalty") or []
    if len(kinds) > 1:
        return None  # a case with two of them would count twice
    if by_kind:
        rows = CaseTally.objects.exclude(kind=ALL_CASES)
    else:
        rows = CaseTally.objects.filter(kind=kinds[0] if kinds else ALL_CASES)
    if families := data.get("family"):
        rows = rows.filter(family__in=families)
    if places := data.get("province"):
        chosen = Q(province_code__in=[code for code in places if code != NATIONAL])
        if NATIONAL in places:
            chosen |= Q(national=True)
        rows = rows.filter(chosen)
    try:
        span = span_of(data.get("date_from") or "", data.get("date_to") or "")
    except OverflowError:  # a bound at the calendar's very end: counted on the rows
        return None
    if span.first is not None:
        rows = rows.filter(month__gte=span.first)
    if span.last is not None:
        rows = rows.filter(month__lte=span.last)
    if span.year_only_until is not None:
        rows = rows.filter(~Q(precision=Precision.YEAR) | Q(month__lte=span.year_only_until))
    return rows, span


def tallied_totals(data: dict, cases: QuerySet) -> dict[str, object] | None:
    """The count and money of a case list filtered as `data`, from the tallies and the
    partial months at its range's ends (one to three queries); None when a filter is one
    the tallies do not answer. `cases` is the filtered list."""
    found = tallied(data)
    if found is None:
        return None
    rows, span = found
    totals = rows.aggregate(
        count=Sum("cases"),
        org=Sum("org_fines_fen"),
        individual=Sum("individual_fines_fen"),
        unknown=Sum("fines_unknown"),
    )
    fen = {key: int(totals[key] or 0) for key in totals}
    for start, end in span.edges:
        edge = (
            cases.order_by()
            .filter(decided_on__gte=start, decided_on__lt=end)
            .aggregate(
                count=Count("id"),
                org=sum_in_fen(F("org_fines")),
                individual=sum_in_fen(F("individual_fines")),
                unknown=Sum("fines_unknown"),
            )
        )
        for key in fen:
            fen[key] += int(edge[key] or 0)
    return in_yuan(fen)


def facets(data: dict) -> dict[str, dict[str, int]] | None:
    """How many cases of the list filtered as `data` each regulator family and each kind of
    penalty would leave, the list's other filters kept (two queries on the tallies); None
    where that is not cheap: a filter the tallies do not answer, or a date range ending
    inside a month (its cases would have to be read)."""
    counts: dict[str, dict[str, int]] = {}
    for name, column in (("family", "family"), ("penalty", "kind")):
        found = tallied({**data, name: []}, by_kind=name == "penalty")
        if found is None or found[1].edges:
            return None
        rows, _span = found
        counts[name] = {
            row[column]: int(row["n"] or 0)
            for row in rows.values(column).annotate(n=Sum("cases")).order_by()
            if row["n"]
        }
    return counts


# Pages that start this deep in a list in its default order are found by month.
SEEK_FROM = 2_000
DEFAULT_SORTS = (None, "", "-date")


def seeker(data: dict, cases: QuerySet) -> Callable[[int, int], QuerySet] | None:
    """For a list in its default order (newest first) whose filters the tallies answer
    and whose range ends on month boundaries: a way to a deep page without reading the
    rows before it. Given the page's first row's offset and its size, it finds the month
    that row is in from the tallies (one query) and reads on from the month's end, by
    case_decided_idx. None when the list does not allow it (an offset is used)."""
    if data.get("sort") not in DEFAULT_SORTS:
        return None
    found = tallied(data)
    if found is None or found[1].edges:
        return None
    rows = found[0]

    def seek(offset: int, size: int) -> QuerySet:
        if offset < SEEK_FROM:
            return cases[offset : offset + size]
        later = 0  # rows in the months after the one looked at
        by_month = rows.values("month").annotate(n=Sum("cases")).order_by("-month")
        for group in by_month:
            if later + group["n"] > offset:
                within = cases.filter(decided_on__lt=next_month(group["month"]))
                return within[offset - later : offset - later + size]
            later += group["n"]
        return cases.none()

    return seek


def in_yuan(fen: dict[str, int]) -> dict[str, object]:
    return {
        **case_money(fen["count"], fen["org"], fen["individual"], fen["unknown"]),
        "capped": False,
    }
