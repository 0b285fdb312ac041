"""Made-up cases at scale (manage.py make_cases, enforcement.synthetic): read and derived
exactly as an import of the same texts derives them, spread like real cases, with tracker
IDs from the one counter, deterministic for a seed, and made again beside existing data
without a collision."""

import csv
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from enforcement import tallies
from enforcement.models import Case, CaseSearch, CaseTally, Penalty
from enforcement.penalties import unreadable_amounts
from enforcement.synthetic import REASON, CaseMaker
from instruments.titles import base_title
from lawtracker.imports.run import import_file
from lawtracker.models import PublicIdCounter
from lawtracker.public_ids import PUBLIC_ID
from tests.factories import make_instrument

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parents[1] / "samples"

IMPORT_COLUMNS = {
    "时间": "decided_text",
    "地区": "region_text",
    "被处罚主体": "subject",
    "执法机构": "agency_text",
    "违法事实": "facts",
    "处罚结果": "penalty_text",
    "监管部门": "family",
    "法律依据": "legal_basis_text",
    "处罚决定书文号": "decision_number",
}


def make(cases: int, seed: int, *args: str) -> str:
    out = StringIO()
    call_command("make_cases", *args, cases=cases, seed=seed, stdout=out)
    return out.getvalue()


def derived(case: Case) -> tuple:
    """Everything the tracker reads from a case's texts, by value (a re-made case's rows
    have other ids)."""
    return (
        case.family,
        case.decided_on,
        case.decided_precision,
        case.decided_end,
        case.national,
        case.province_id,
        case.city,
        case.subject_kind,
        case.org_fines,
        case.individual_fines,
        case.fines_unknown,
        case.fines_total,
        case.confiscations,
        case.penalty_kinds,
        case.tallied_on,
        case.search_text,
        case.search_entry.tokens,
        tuple(
            case.penalties.order_by("position").values_list(
                "position", "kind", "target", "person", "amount", "days", "text"
            )
        ),
        tuple(case.authorities.order_by("pk").values_list("pk", flat=True)),
        tuple(case.violation_categories.order_by("pk").values_list("pk", flat=True)),
        tuple(case.legal_basis.order_by("pk").values_list("pk", flat=True)),
        tuple(
            case.citations.order_by("position").values_list(
                "position", "source", "title", "article", "article_number", "instrument"
            )
        ),
    )


def tally_rows(*, recounted: bool = False) -> set[tuple]:
    """The tallies held, or as a recount from the cases gives them."""
    rows = tallies.tally_rows(Case.objects.all()) if recounted else CaseTally.objects.all()
    return {
        (row.month, row.precision, row.family, row.province_code, row.national, row.kind)
        + (row.cases, row.org_fines_fen, row.individual_fines_fen, row.confiscations_fen)
        + (row.fines_unknown,)
        for row in rows
    }


def all_derived() -> dict[str, tuple]:
    cases = Case.objects.select_related("search_entry").order_by("pk")
    return {case.fingerprint: derived(case) for case in cases}


def test_every_made_case_reads_exactly_as_an_import_of_its_texts(tmp_path):
    # Citations of the law link to it, as beside real data.
    make_instrument(title="《网络安全法》", version_key=base_title("《网络安全法》"))
    make(150, 3)
    made = all_derived()
    path = tmp_path / "made.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(IMPORT_COLUMNS)
        for case in Case.objects.order_by("pk"):
            writer.writerow(getattr(case, name) for name in IMPORT_COLUMNS.values())
    assert all(
        not unreadable_amounts(text)
        for text in Case.objects.values_list("penalty_text", flat=True)
    )
    Case.objects.all().delete()  # the authorities stay, so the import resolves the same ones
    tallies.rebuild()  # a delete around the app's writers, which would have recounted

    report = import_file(path=path, kind="cases", options={"allow_similar": True})

    assert (report.errors, report.records_created) == ([], 150)
    assert all_derived() == made
    assert tally_rows() == tally_rows(recounted=True)
    assert any(basis for *_, basis, _citations in made.values())  # some link an instrument


def test_made_cases_spread_over_families_places_dates_and_penalties():
    make(300, 1)
    cases = list(Case.objects.all())
    assert len(cases) == 300
    families = Counter(case.family for case in cases)
    assert set(families) == {"cyberspace", "public_security", "miit", "other"}
    assert families["public_security"] > families["other"]
    assert len({case.province_id for case in cases if case.province_id}) >= 20
    assert any(case.national for case in cases)
    assert len({case.decided_on.year for case in cases}) >= 9
    months = sum(case.decided_precision == "month" for case in cases)
    assert 0.05 <= months / len(cases) <= 0.15
    assert len({case.subject for case in cases}) > 250
    assert len({case.penalty_text for case in cases}) > 100
    fined = [case for case in cases if case.org_fines or case.individual_fines]
    assert len({case.org_fines + case.individual_fines for case in fined}) > 20
    kinds = set(Penalty.objects.values_list("kind", flat=True))
    assert {"fine", "warning", "rectify", "detention"} <= kinds


def test_each_made_case_has_its_history_row_unless_told_not_to():
    make(40, 2)
    rows = Case.history.all()
    assert rows.count() == 40
    assert set(rows.values_list("history_type", "history_change_reason")) == {("+", REASON)}
    assert Penalty.history.count() == Penalty.objects.count()
    for row in rows:
        case = Case.objects.get(pk=row.id)
        assert {link.authority_id for link in row.authorities.all()} == set(
            case.authorities.values_list("pk", flat=True)
        )  # the links as they were written

    penalties = Penalty.history.count()

    make(40, 3, "--no-history")

    assert Case.objects.count() == 80
    assert (Case.history.count(), Penalty.history.count()) == (40, penalties)


def test_made_twice_beside_imported_cases_with_the_same_seed_nothing_collides():
    import_file(path=SAMPLES / "cases_2021_national.csv")  # real cases, with their IDs
    make(120, 5)
    output = make(120, 5)  # every case of this seed is in the tracker already

    assert Case.objects.count() == 12 + 240
    assert CaseSearch.objects.count() == 12 + 240
    assert tally_rows() == tally_rows(recounted=True)
    assert "120 made again" in output
    ids = list(Case.objects.values_list("public_id", "decided_on"))
    assert len({public_id for public_id, _day in ids}) == len(ids)
    for public_id, day in ids:
        found = PUBLIC_ID.match(public_id)
        assert found and (found[1], int(found[2])) == ("C", day.year)
    for counter in PublicIdCounter.objects.filter(prefix="C"):
        numbers = [int(p.rsplit("-", 1)[1]) for p, d in ids if d.year == counter.year]
        assert counter.last == max(numbers) == len(numbers)  # none skipped, none given twice


def test_the_same_seed_makes_the_same_texts_and_another_seed_others():
    def texts(seed: int) -> list:
        maker = CaseMaker(seed=seed)
        return [maker.texts() for _ in range(60)]

    assert texts(7) == texts(7)
    assert texts(7) != texts(8)


def test_month_dates_are_written_as_the_review_writes_them():
    maker = CaseMaker(seed=11)
    texts = [maker.texts().decided_text for _ in range(400)]
    month = [text for text in texts if re.fullmatch(r"\d{4}(\.\d{2}|年\d{1,2}月)", text)]
    assert 20 <= len(month) <= 60
