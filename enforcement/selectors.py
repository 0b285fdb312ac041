"""Reads on enforcement data."""

from django.db.models import Count, F, Q, QuerySet, Sum

from enforcement import tallies
from enforcement.filters import CampaignFilter, CaseFilter
from enforcement.models import Campaign, Case, Citation, Penalty, PenaltyKind, PenaltyTarget
from enforcement.money import case_money, from_fen, sum_in_fen
from instruments.models import RegulatorFamily
from lawtracker.views import COUNT_CAP


def counts_by_family(queryset: QuerySet) -> dict[str, int]:
    """Rows per regulator family, every family listed (one query)."""
    counts = dict(queryset.values_list("family").annotate(n=Count("id")).order_by())
    return {family: counts.get(family, 0) for family in RegulatorFamily.values}


def money_by_family(penalties: QuerySet | None = None) -> dict[str, dict[str, object]]:
    """Fines on organizations, fines on individuals (named persons and responsible
    persons), confiscations, and fines of unknown amount, per family (one query)."""
    penalties = Penalty.objects.all() if penalties is None else penalties
    fine = Q(kind=PenaltyKind.FINE)
    on_org = Q(target=PenaltyTarget.ORGANIZATION)
    rows = (
        penalties.values(family=F("case__family"))
        .annotate(
            org_fines=sum_in_fen(F("amount"), fine & on_org),
            individual_fines=sum_in_fen(F("amount"), fine & ~on_org),
            confiscations=sum_in_fen(F("amount"), Q(kind=PenaltyKind.CONFISCATION)),
            fines_amount_unknown=Count("id", filter=fine & Q(amount__isnull=True)),
        )
        .order_by()
    )
    by_family = {row["family"]: row for row in rows}
    return {
        family: {
            "org_fines": str(from_fen(by_family.get(family, {}).get("org_fines"))),
            "individual_fines": str(from_fen(by_family.get(family, {}).get("individual_fines"))),
            "confiscations": str(from_fen(by_family.get(family, {}).get("confiscations"))),
            "fines_amount_unknown": by_family.get(family, {}).get("fines_amount_unknown", 0),
        }
        for family in RegulatorFamily.values
    }


def enforcement_summary() -> dict[str, object]:
    """Counts of campaigns and cases by family, and money by family (three queries)."""
    campaigns = counts_by_family(Campaign.objects.all())
    cases = counts_by_family(Case.objects.all())
    return {
        "campaigns": {"total": sum(campaigns.values()), "by_family": campaigns},
        "cases": {"total": sum(cases.values()), "by_family": cases, **case_links()},
        "money": money_by_family(),
    }


def case_links() -> dict[str, int]:
    """How complete the cases are: citing an instrument, the citations, in a campaign,
    with a source link (two queries)."""
    counts = Case.objects.aggregate(
        with_citation=Count("id", filter=Q(citations__isnull=False), distinct=True),
        with_campaign=Count("id", filter=Q(campaign__isnull=False), distinct=True),
        with_source=Count("id", filter=~Q(source_url=""), distinct=True),
    )
    return counts | {"citations": Citation.objects.count()}


def filtered_cases(params) -> CaseFilter:
    """The case list's FilterSet over the cases, with the joins the list needs."""
    return CaseFilter(params, queryset=Case.objects.for_list())


def filtered_campaigns(params) -> CampaignFilter:
    """The campaign list's FilterSet, each campaign with the number of its cases."""
    return CampaignFilter(params, queryset=Campaign.objects.for_list())


def case_totals(cases: QuerySet) -> dict[str, object]:
    """How many cases, and their known fines (organizations and individuals apart) and
    fines of unknown amount, exact to the fen (one query)."""
    totals = cases.order_by().aggregate(
        count=Count("id"),
        org=sum_in_fen(F("org_fines")),
        individual=sum_in_fen(F("individual_fines")),
        unknown=Sum("fines_unknown"),
    )
    return case_money(totals["count"], totals["org"], totals["individual"], totals["unknown"])


def list_totals(filterset: CaseFilter, rows: QuerySet) -> dict[str, object]:
    """The count and money of a filtered case list: from the tallies when its filters are
    ones they answer (one to three queries), else from its rows, at most COUNT_CAP of them
    (one query); `capped` when there are more."""
    if filterset.is_valid():
        totals = tallies.tallied_totals(filterset.form.cleaned_data, rows)
        if totals is not None:
            return totals
    return capped_totals(rows)


def capped_totals(cases: QuerySet) -> dict[str, object]:
    """`case_totals` of the first COUNT_CAP + 1 of these cases (one query, however many
    there are); `capped` when there are more than COUNT_CAP."""
    first = Case.objects.filter(pk__in=cases.order_by().values("pk")[: COUNT_CAP + 1])
    totals = case_totals(first)
    return {**totals, "capped": totals["count"] > COUNT_CAP}
