"""Writes on cases that touch several rows, and the readings they rely on."""

from decimal import Decimal

from django.db import connection, transaction

from enforcement.models import Case, CaseSearchGram, Penalty, ViolationCategory
from enforcement.penalties import ParsedPenalty, PenaltyKind, PenaltyTarget, parse_penalties
from instruments.services import resolve_authorities
from lawtracker import history, search

# The writes below are each atomic on their own, and take no savepoint of their own inside
# a caller's transaction (an import's row has one already): an error still undoes all.


@transaction.atomic(savepoint=False)
def replace_penalties(
    *, case: Case, parsed: list[ParsedPenalty], new: bool = False
) -> list[Penalty]:
    """Make the case's penalty rows exactly `parsed` (three queries; one for a new case),
    each row's coming and going in the history (written with the batch it joins)."""
    if not new:
        case.penalties.all().delete()  # each row's history says it went
    penalties = Penalty.objects.bulk_create(
        Penalty(
            case=case,
            position=position,
            kind=item.kind,
            target=item.target,
            person=item.person,
            amount=item.amount,
            days=item.days,
            text=item.text,
        )
        for position, item in enumerate(parsed)
    )
    history.record(penalties, "+")
    return penalties


def matching_categories(
    facts: str, categories: list[ViolationCategory]
) -> list[ViolationCategory]:
    """The categories whose keywords occur in the facts (whitespace ignored, as the
    review's text breaks words with spaces)."""
    compact = "".join(facts.split())
    return [
        category
        for category in categories
        if any(
            "".join(word.split()) in compact
            for word in category.keywords.splitlines()
            if word.strip()
        )
    ]


@transaction.atomic(savepoint=False)
def fill_case_from_texts(
    *,
    case: Case,
    family_hint: str | None = None,
    categories: list[ViolationCategory] | None = None,
    renew_authorities: bool = False,
    renew_penalties: bool = False,
    fill_empty: bool = True,
    new: bool = False,
) -> None:
    """Derive what the case's verbatim texts tell: authorities from 执法机构, penalties
    from 处罚结果, violation categories from 违法事实. Each is derived anew when asked
    (its text changed), otherwise only when still empty and `fill_empty`, so nothing set
    by hand is lost — not even a list emptied on purpose. `new`: the case was created just
    now and holds none of them yet, so nothing is looked up or cleared first."""
    if new or renew_authorities or (fill_empty and not case.authorities.exists()):
        authorities = resolve_authorities(
            agency_text=case.agency_text,
            province=case.province,
            family_hint=family_hint or case.family,
        )
        if new:
            case.authorities.add(*authorities)
        else:
            case.authorities.set(authorities)
    penalties = None
    if new or renew_penalties or (fill_empty and not case.penalties.exists()):
        penalties = replace_penalties(
            case=case,
            parsed=parse_penalties(
                case.penalty_text,
                subject_is_person=case.subject_kind == Case.SubjectKind.INDIVIDUAL,
            ),
            new=new,
        )
    if new or (fill_empty and not case.violation_categories.exists()):
        if categories is None:
            categories = list(ViolationCategory.objects.exclude(keywords=""))
        matching = matching_categories(case.facts, categories)
        if new:
            case.violation_categories.add(*matching)
        else:
            case.violation_categories.set(matching)
    refresh_case_index(case=case, penalties=penalties, new=new)


GRAMS_PER_INSERT = 5000  # 10,000 parameters: under SQLite's and PostgreSQL's limits


@transaction.atomic(savepoint=False)
def refresh_case_index(
    *, case: Case, penalties: list[Penalty] | None = None, new: bool = False
) -> None:
    """Recompute what lists filter, sort and search on: the fine totals from the penalty
    rows (`penalties` when the caller has just written them), and the search text and its
    grams from the verbatim texts (four queries; two for a new case with its penalties)."""
    if penalties is None:
        penalties = list(case.penalties.all())
    org = individual = Decimal(0)
    unknown = 0
    for penalty in penalties:
        if penalty.kind != PenaltyKind.FINE:
            continue
        if penalty.amount is None:
            unknown += 1
        elif penalty.target == PenaltyTarget.ORGANIZATION:
            org += penalty.amount
        else:
            individual += penalty.amount
    case.org_fines, case.individual_fines, case.fines_unknown = org, individual, unknown
    case.search_text = search.document(
        case.subject, case.agency_text, case.facts, case.penalty_text
    )
    case.save(update_fields=["org_fines", "individual_fines", "fines_unknown", "search_text"])
    if not new:
        case.search_grams.all().delete()
    # A case has some two hundred grams: one INSERT of plain values, not two hundred model
    # instances through bulk_create, nor two hundred statements through executemany
    # (measured: each was most of an import's time, on SQLite and on PostgreSQL).
    # A very long text has more grams than a statement takes parameters: in batches.
    grams = sorted(search.grams(case.search_text))
    table = connection.ops.quote_name(CaseSearchGram._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(grams), GRAMS_PER_INSERT):
            batch = grams[start : start + GRAMS_PER_INSERT]
            values = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (record_id, gram) VALUES {values}",
                [value for gram in batch for value in (case.pk, gram)],
            )
