"""Writes on cases that touch several rows, and the readings they rely on."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement import review, tallies
from enforcement.citations import cited_instruments, read_citations
from enforcement.models import (
    Case,
    CaseSearch,
    Citation,
    Penalty,
    PenaltyKind,
    PenaltyTarget,
    ReviewEdition,
    ReviewEntry,
    SubjectKind,
    ViolationCategory,
)
from enforcement.penalties import ParsedPenalty, parse_penalties
from instruments.names import split_agency_text
from instruments.services import AuthorityCache, resolve_authorities
from instruments.titles import base_title
from lawtracker import bulk, history, search
from lawtracker.text import without_spaces

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
    flat = without_spaces(facts)
    return [
        category
        for category in categories
        if any(
            without_spaces(word) in flat for word in category.keywords.splitlines() if word.strip()
        )
    ]


# The fields of a case its links are read from: a change to one of them renews what it
# tells (unless the same edit set that by hand). A changed region is a changed province.
AUTHORITY_TEXTS = frozenset({"agency_text", "province"})
PENALTY_TEXTS = frozenset({"penalty_text", "subject_kind"})
CITATION_TEXTS = frozenset({"legal_basis_text", "facts", "penalty_text"})


@transaction.atomic(savepoint=False)
def derive_new_case(
    *,
    case: Case,
    family_hint: str | None = None,
    categories: list[ViolationCategory] | None = None,
) -> None:
    """Derive everything a case just created tells: authorities from 执法机构, penalties
    from 处罚结果, violation categories from 违法事实 (nothing is looked up or cleared
    first: it holds none yet), and what lists read."""
    case.authorities.add(*case_authorities(case, family_hint))
    penalties = replace_penalties(case=case, parsed=case_penalties(case), new=True)
    if categories is None:
        categories = all_categories()
    case.violation_categories.add(*matching_categories(case.facts, categories))
    replace_citations(case=case, new=True)
    refresh_case_index(case=case, penalties=penalties, new=True)


@dataclass
class NewCase:
    """A case to create (`create_cases`): its family for new authorities, and its penalty
    rows when already read from its penalty text."""

    case: Case
    family_hint: str | None = None
    penalties: list[ParsedPenalty] | None = None


@transaction.atomic(savepoint=False)
def create_cases(
    *,
    new: list[NewCase],
    categories: list[ViolationCategory] | None = None,
    authorities: AuthorityCache | None = None,
) -> list[Case]:
    """Create these cases, unsaved, with everything `derive_new_case` derives of one and
    their history rows (joining the batch around): a query for each table written, one
    for the instruments cited, and for the bodies named one, plus one for a body new to
    the tracker (none for one `authorities` has resolved in this import)."""
    cases = [item.case for item in new]
    if categories is None:
        categories = all_categories()
    if authorities is None:
        authorities = AuthorityCache()
    parsed = [
        item.penalties if item.penalties is not None else case_penalties(item.case) for item in new
    ]
    penalties = [
        [new_penalty(position, penalty) for position, penalty in enumerate(listed)]
        for listed in parsed
    ]
    for case, own in zip(cases, penalties, strict=True):
        set_index_fields(case, own)
    bulk.create(cases)
    for case, own in zip(cases, penalties, strict=True):
        for penalty in own:
            penalty.case = case
    written = bulk.create([penalty for own in penalties for penalty in own])
    history.record(written, "+")
    authorities.read_spellings(
        [(name, case.province) for case in cases for name in split_agency_text(case.agency_text)]
    )
    add_links(
        Case.authorities,
        {
            case.pk: case_authorities(case, item.family_hint, authorities)
            for case, item in zip(cases, new, strict=True)
        },
    )
    words = category_words(categories)
    add_links(
        Case.violation_categories,
        {case.pk: categories_of(case.facts, words) for case in cases},
    )
    create_citations(cases)
    write_search_index(cases, new=True)
    tallies.added(cases)
    history.record(cases, "+")
    return cases


def new_penalty(position: int, item: ParsedPenalty) -> Penalty:
    return Penalty(
        position=position,
        kind=item.kind,
        target=item.target,
        person=item.person,
        amount=item.amount,
        days=item.days,
        text=item.text,
    )


def add_links(relation, links: dict[int, list]) -> None:
    """Link each case (by id) to these records by a many-to-many relation of Case (one
    query): for cases that have none yet."""
    field = relation.field
    through = relation.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    bulk.insert(
        through,
        [source, target],
        ((pk, record.pk) for pk, records in links.items() for record in dict.fromkeys(records)),
    )


def category_words(categories: list[ViolationCategory]) -> list[tuple[ViolationCategory, list]]:
    """Each category with its keywords as `matching_categories` compares them."""
    return [
        (
            category,
            [without_spaces(word) for word in category.keywords.splitlines() if word.strip()],
        )
        for category in categories
    ]


def categories_of(facts: str, words: list[tuple[ViolationCategory, list]]) -> list:
    """As `matching_categories`, with the keywords read once (`category_words`)."""
    flat = without_spaces(facts)
    return [category for category, keywords in words if any(word in flat for word in keywords)]


def case_citations(case: Case) -> tuple[list, list]:
    """What a case cites: its legal basis as given, then what its facts and penalty text
    name that the basis does not."""
    given = read_citations(case.legal_basis_text)
    cited = {citation.key for citation in given}
    named = [
        citation
        for citation in read_citations(f"{case.facts}\n{case.penalty_text}")
        if citation.key not in cited
    ]
    return given, named


def citation_rows(case: Case, given: list, named: list, instruments: dict) -> list[Citation]:
    """The Citation rows of what a case cites, in order, linked to the instruments the
    tracker holds (`instruments`, by base title)."""
    return [
        Citation(
            case=case,
            instrument=instruments.get(base_title(parsed.title)),
            title=parsed.title[:300],
            article=parsed.article[:50],
            article_number=parsed.article_number,
            position=position,
            source=source,
        )
        for position, (source, parsed) in enumerate(
            [(Citation.Source.BASIS, c) for c in given]
            + [(Citation.Source.MENTION, c) for c in named]
        )
    ]


def create_citations(cases: list[Case]) -> None:
    """`replace_citations` for cases just created, together (three queries)."""
    read = [(case, *case_citations(case)) for case in cases]
    instruments = cited_instruments([c for _case, given, named in read for c in given + named])
    citations = Citation.objects.bulk_create(
        row
        for case, given, named in read
        for row in citation_rows(case, given, named, instruments)
    )
    linked: dict[int, list] = {}
    for citation in citations:
        if citation.instrument is not None:
            linked.setdefault(citation.case_id, []).append(citation.instrument)
    add_links(Case.legal_basis, linked)


@transaction.atomic(savepoint=False)
def rederive_case(*, case: Case, changed: Iterable[str], family_hint: str | None = None) -> None:
    """Derive anew what the `changed` fields' texts tell (AUTHORITY_TEXTS, PENALTY_TEXTS),
    and what lists read; everything else stays as associates left it."""
    changed = set(changed)
    if changed & AUTHORITY_TEXTS:
        case.authorities.set(case_authorities(case, family_hint))
    penalties = None
    if changed & PENALTY_TEXTS:
        penalties = replace_penalties(case=case, parsed=case_penalties(case))
    if changed & CITATION_TEXTS:
        replace_citations(case=case)
    refresh_case_index(case=case, penalties=penalties)


@transaction.atomic(savepoint=False)
def derive_missing(*, case: Case, changed: Iterable[str] = ()) -> None:
    """As `rederive_case`, and derive whatever of the case is still empty besides (a case
    saved by hand, or re-read on request): nothing set by hand is lost."""
    changed = set(changed)
    if not changed & AUTHORITY_TEXTS and not case.authorities.exists():
        changed |= AUTHORITY_TEXTS
    if not changed & PENALTY_TEXTS and not case.penalties.exists():
        changed |= PENALTY_TEXTS
    if not case.violation_categories.exists():
        case.violation_categories.set(matching_categories(case.facts, all_categories()))
    if not changed & CITATION_TEXTS and not case.citations.exists():
        changed |= CITATION_TEXTS
    rederive_case(case=case, changed=changed)


@transaction.atomic(savepoint=False)
def replace_citations(*, case: Case, new: bool = False) -> list[Citation]:
    """Read the case's citations anew: its legal basis as given, then what its facts and
    penalty text name (each once); the instruments the tracker holds are linked, and the
    case's legal basis is those instruments (three queries; two for a new case)."""
    given, named = case_citations(case)
    instruments = cited_instruments(given + named)
    if not new:
        case.citations.all().delete()
    citations = Citation.objects.bulk_create(citation_rows(case, given, named, instruments))
    linked = list(dict.fromkeys(c.instrument for c in citations if c.instrument is not None))
    if new:
        case.legal_basis.add(*linked)
    elif linked or case.legal_basis.exists():
        case.legal_basis.set(linked)
    return citations


def case_authorities(
    case: Case, family_hint: str | None, cache: AuthorityCache | None = None
) -> list:
    return resolve_authorities(
        names=split_agency_text(case.agency_text),
        province=case.province,
        family_hint=family_hint or case.family,
        cache=cache,
    )


def case_penalties(case: Case) -> list[ParsedPenalty]:
    return parse_penalties(
        case.penalty_text, subject_is_person=case.subject_kind == SubjectKind.INDIVIDUAL
    )


def all_categories() -> list[ViolationCategory]:
    """The categories that tag cases: those with keywords (one query)."""
    return list(ViolationCategory.objects.exclude(keywords=""))


# What refresh_case_index writes of a case.
DERIVED_FIELDS = [
    "org_fines",
    "individual_fines",
    "fines_unknown",
    "fines_total",
    "confiscations",
    "penalty_kinds",
    "tallied_on",
    "search_text",
]


@transaction.atomic(savepoint=False)
def refresh_case_index(
    *, case: Case, penalties: list[Penalty] | None = None, new: bool = False
) -> None:
    """Recompute what lists filter, sort, total and search on: the money and penalty kinds
    from the penalty rows (`penalties` when the caller has just written them), the search
    text and its tokens from the verbatim texts, and the tallies of the months the case
    is in and was in (four queries and the months' recount, deferred in an import; two
    and the recount for a new case with its penalties)."""
    if penalties is None:
        penalties = list(case.penalties.all())
    months = tallies.months_touched(case)
    set_index_fields(case, penalties)
    case.save(update_fields=DERIVED_FIELDS)
    tallies.touched(months)
    write_search_index([case], new=new)


def set_index_fields(case: Case, penalties: list[Penalty]) -> None:
    """Set the case's DERIVED_FIELDS from its penalty rows and texts (no query)."""
    case.org_fines, case.individual_fines, case.fines_unknown = fine_totals(penalties)
    case.fines_total = case.org_fines + case.individual_fines
    case.confiscations = sum(
        (p.amount or 0 for p in penalties if p.kind == PenaltyKind.CONFISCATION), Decimal(0)
    )
    case.penalty_kinds = tallies.kinds_mask(p.kind for p in penalties)
    case.tallied_on = case.decided_on
    case.search_text = case.search_document()


def fine_totals(penalties: Iterable[Penalty]) -> tuple[Decimal, Decimal, int]:
    """A case's known fines on the organization and on individuals, and its fines of
    unknown amount, from its penalty rows."""
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
    return org, individual, unknown


def write_search_index(cases: list[Case], *, new: bool = False) -> None:
    """Index these cases' search texts (`Case.search_text`, already saved) for the case
    search (two queries; one when `new`: none of them was indexed before). The one way
    every writer (a save, an import, make_cases) indexes cases."""
    if not new:
        CaseSearch.objects.filter(case__in=[case.pk for case in cases]).delete()
    bulk.insert(
        CaseSearch,
        ["case_id", "tokens"],
        ((case.pk, search.tokens(case.search_text)) for case in cases),
    )


class CannotFreeze(ValueError):
    """A review that cannot be frozen as asked; the message says why."""


class CutOffInFuture(CannotFreeze):
    """A review cannot be frozen as the records will stand later."""


class NothingToFreeze(CannotFreeze):
    """No record of the year was there at the cut-off (a cut-off before they came)."""


@transaction.atomic
def freeze_review(
    *, year: int, cut_off: datetime.datetime, user=None, title: str = ""
) -> ReviewEdition:
    """Keep the year's review as its records stood at `cut_off`, in its order, as the
    year's next edition (a few queries, and an INSERT per 2,000 records)."""
    if cut_off > timezone.now():
        raise CutOffInFuture(_("A review can be frozen only at a moment that has passed."))
    rows = review.rows_as_of(year, cut_off)
    if not (rows.instruments or rows.campaigns or rows.cases):
        raise NothingToFreeze(
            _("No record of %(year)s was in the tracker at that moment: nothing to freeze.")
            % {"year": year}
        )
    # Two freezing at once draw the same number: the year-and-number constraint refuses
    # the second, which is told to try again.
    last = ReviewEdition.objects.filter(year=year).aggregate(last=Max("number"))["last"]
    try:
        with transaction.atomic():
            edition = ReviewEdition.objects.create(
                year=year, number=(last or 0) + 1, title=title, cut_off=cut_off, frozen_by=user
            )
    except IntegrityError:
        raise CannotFreeze(
            _("Another edition of %(year)s was frozen at the same moment: try again.")
            % {"year": year}
        ) from None
    entries = [
        ReviewEntry(
            edition=edition,
            kind=kind,
            position=position,
            record_id=row.record_id,
            public_id=getattr(row, "public_id", ""),
            data=review.row_data(row),
        )
        for kind, kept in (
            (ReviewEntry.Kind.INSTRUMENT, rows.instruments),
            (ReviewEntry.Kind.CAMPAIGN, rows.campaigns),
            (ReviewEntry.Kind.CASE, rows.cases),
        )
        for position, row in enumerate(kept, start=1)
    ]
    ReviewEntry.objects.bulk_create(entries, batch_size=2000)
    return edition
