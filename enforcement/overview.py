"""The overview: a handful of aggregate queries, whatever the data's size, laid out for its
charts and map."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement import tallies
from enforcement.models import Campaign, Case, CaseTally
from enforcement.money import from_fen
from instruments.models import UPCOMING_DAYS, Instrument, Region, RegulatorFamily
from instruments.selectors import upcoming_window
from lawtracker import verification
from lawtracker.charts import Bar, columns, horizontal_bars
from lawtracker.dates import Precision
from lawtracker.languages import english
from lawtracker.templatetags.tracker import MONTHS_EN, partial_date
from lawtracker.templatetags.tracker import yuan as show_yuan

# Where each province sits on the tile map: (row, column) on an 8-column grid.
TILES = {
    "黑龙江": (1, 7),
    "内蒙古": (2, 5),
    "吉林": (2, 7),
    "北京": (3, 5),
    "天津": (3, 6),
    "辽宁": (3, 7),
    "新疆": (4, 1),
    "宁夏": (4, 3),
    "山西": (4, 4),
    "河北": (4, 5),
    "山东": (4, 6),
    "青海": (5, 2),
    "甘肃": (5, 3),
    "陕西": (5, 4),
    "河南": (5, 5),
    "江苏": (5, 6),
    "上海": (5, 7),
    "西藏": (6, 1),
    "四川": (6, 2),
    "重庆": (6, 3),
    "湖北": (6, 4),
    "安徽": (6, 5),
    "浙江": (6, 6),
    "云南": (7, 2),
    "贵州": (7, 3),
    "湖南": (7, 4),
    "江西": (7, 5),
    "福建": (7, 6),
    "台湾": (7, 7),
    "广西": (8, 3),
    "广东": (8, 4),
    "海南": (9, 3),
    "澳门": (9, 4),
    "香港": (9, 5),
}


class OverviewForm(forms.Form):
    """The overview's selection, in the URL: a year of the tallies and a family (either
    may be left at all)."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )
    family = forms.ChoiceField(label=gettext_lazy("Regulator family"), required=False)

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["family"].choices = [("", _("All families")), *RegulatorFamily.choices]


@dataclass(frozen=True)
class Selection:
    """What the overview is of: a year and a family, or all of either; how its figures
    link to their lists."""

    year: int | None = None
    family: str | None = None

    def list_params(self, **params) -> dict:
        """A case list's parameters for a figure of the selection (`params` narrow it)."""
        chosen = {}
        if self.family and "family" not in params:
            chosen["family"] = self.family
        if self.year and "date_from" not in params:
            chosen |= {"date_from": str(self.year), "date_to": str(self.year)}
        return {**chosen, **params}

    def cases_url(self, **params) -> str:
        return cases_url(**self.list_params(**params))

    def tallies(self, counted, *, family: bool = True):
        """The tally rows of the selection (`family` false: of every family, the year's)."""
        if self.year:
            counted = counted.filter(
                month__gte=datetime.date(self.year, 1, 1),
                month__lte=datetime.date(self.year, 12, 31),
            )
        return counted.filter(family=self.family) if self.family and family else counted

    def cases(self, cases):
        if self.year:
            cases = cases.filter(
                decided_on__gte=datetime.date(self.year, 1, 1),
                decided_on__lte=datetime.date(self.year, 12, 31),
            )
        return cases.filter(family=self.family) if self.family else cases


def cases_url(**params) -> str:
    return reverse("enforcement:case-list") + "?" + urlencode(params, doseq=True)


def by_family(counted, selection: Selection) -> dict:
    """Cases and money per family, from the tallies (one query)."""
    rows = {
        row["family"]: row
        for row in counted.values("family")
        .annotate(
            n=Sum("cases"),
            org=Sum("org_fines_fen"),
            individual=Sum("individual_fines_fen"),
            confiscated=Sum("confiscations_fen"),
            unknown=Sum("fines_unknown"),
        )
        .order_by()
    }
    money = {}
    bars = []
    for family in RegulatorFamily:
        row = rows.get(family.value, {})
        n = row.get("n") or 0
        money[family.value] = {
            "org_fines": str(from_fen(row.get("org"))),
            "individual_fines": str(from_fen(row.get("individual"))),
            "confiscations": str(from_fen(row.get("confiscated"))),
            "fines_amount_unknown": row.get("unknown") or 0,
        }
        known = from_fen(row.get("org")) + from_fen(row.get("individual"))
        bars.append(
            Bar(
                label=str(family.label),
                value=n,
                shown=str(n),
                url=selection.cases_url(family=family.value),
                title=_("%(family)s: %(n)d cases, known fines %(fines)s")
                % {"family": family.label, "n": n, "fines": show_yuan(known)},
                css=f"fam-{family.value}",
            )
        )
    # The money table's rows, each family's name a link to its list.
    table = [
        {"code": code, "url": selection.cases_url(family=code), **figures}
        for code, figures in money.items()
    ]
    return {
        "chart": horizontal_bars(bars),
        "money": money,
        "table": table,
        "cases": sum(b.value for b in bars),
    }


def by_month(counted, selection: Selection) -> dict:
    """Cases and known fines per month; a case known only to the year has no month and is
    counted apart (one query on the tallies)."""
    rows = (
        counted.values("month", "precision")
        .annotate(n=Sum("cases"), org=Sum("org_fines_fen"), individual=Sum("individual_fines_fen"))
        .order_by()
    )
    counts: dict[datetime.date, int] = {}
    fines: dict[datetime.date, Decimal] = {}
    year_only = 0
    for row in rows:
        if row["precision"] == Precision.YEAR:
            year_only += row["n"] or 0
        elif row["n"]:
            counts[row["month"]] = counts.get(row["month"], 0) + row["n"]
            known = from_fen(row["org"]) + from_fen(row["individual"])
            fines[row["month"]] = fines.get(row["month"], Decimal(0)) + known
    bars, money = [], []
    if counts:
        month, last = min(counts), max(counts)
        while month <= last:
            n, fined = counts.get(month, 0), fines.get(month, Decimal(0))
            end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            label = partial_date(month, Precision.MONTH)
            url = selection.cases_url(date_from=month.isoformat(), date_to=end.isoformat())
            bars.append(
                Bar(
                    label=label,
                    value=n,
                    shown=str(n),
                    url=url,
                    short=short_month(month),
                    title=_("%(month)s: %(n)d cases") % {"month": label, "n": n},
                )
            )
            money.append(
                Bar(
                    label=label,
                    value=float(fined),
                    shown=short_yuan(fined),
                    url=url,
                    short=short_month(month),
                    title=_("%(month)s: known fines %(fines)s")
                    % {"month": label, "fines": show_yuan(fined)},
                )
            )
            month = end + datetime.timedelta(days=1)
    span = f"{bars[0].label} – {bars[-1].label}" if bars else ""
    return {
        "chart": columns(bars),
        "fines_chart": columns(money) if any(bar.value for bar in money) else {"bars": []},
        "year_only": year_only,
        "span": span,
    }


def short_yuan(amount: Decimal) -> str:
    """A column's label: 12万 / 1.2亿 in Chinese, 120k / 120m in English (the exact sum is
    in its tooltip)."""
    if not amount:
        return ""
    if english():
        for size, unit in ((10**9, "bn"), (10**6, "m"), (10**3, "k")):
            if amount >= size:
                return f"{amount / size:.3g}{unit}"
        return f"{amount:.0f}"
    for size, unit in ((10**8, "亿"), (10**4, "万")):
        if amount >= size:
            return f"{amount / size:.3g}{unit}"
    return f"{amount:.0f}"


def short_month(month: datetime.date) -> str:
    return MONTHS_EN[month.month - 1] if english() else f"{month.month}月"


def by_province(counted, selection: Selection) -> dict:
    """A tile a province, and the national cases and those of no known region apart
    (one query on the tallies, one for the regions)."""
    grouped = counted.values("province_code", "national").annotate(n=Sum("cases")).order_by()
    rows = {row["province_code"]: row for row in grouped if row["province_code"]}
    apart = {row["national"]: row["n"] for row in grouped if not row["province_code"]}
    top = max((row["n"] for row in rows.values()), default=0) or 1
    tiles = []
    for region in Region.objects.all():
        n = rows.get(region.code, {}).get("n", 0)
        # A region added later without a place on the map gets one below it.
        row, column = TILES.get(region.short_name, (10, 1 + len(tiles) % 8))
        # Lighter for fewer cases: lightness 96% (none) down to 45% (the most).
        lightness = 96 - 51 * (n / top) if n else 97
        tiles.append(
            {
                "region": region,
                "n": n,
                "row": row,
                "column": column,
                "lightness": round(lightness),
                "ink": "#fff" if lightness < 65 else "#1d2433",
                "url": selection.cases_url(province=region.code),
            }
        )
    return {
        "tiles": tiles,
        "national": apart.get(True, 0),
        "national_url": selection.cases_url(province="national"),
        "unplaced": apart.get(False, 0),
    }


def overview(params=None) -> dict:
    """Everything the overview shows, for the year and family `params` select (about a
    dozen queries, on the tallies and on indexes: none reads every case)."""
    counted = CaseTally.objects.filter(kind=tallies.ALL_CASES)
    years = sorted({day.year for day in counted.dates("month", "year")}, reverse=True)
    form = OverviewForm(params or {}, years=years)
    selection = Selection()
    if form.is_valid():
        selection = Selection(
            year=form.cleaned_data["year"], family=form.cleaned_data["family"] or None
        )
    family = by_family(selection.tallies(counted, family=False), selection)
    counted = selection.tallies(counted)
    case_count = sum(
        bar.value
        for bar in family["chart"]["bars"]
        if not selection.family or bar.css == f"fam-{selection.family}"
    )
    return {
        "form": form,
        "selection": selection,
        "all_cases_url": selection.cases_url(),
        "case_count": case_count,
        "family": family,
        "month": by_month(counted, selection),
        "map": by_province(counted, selection),
        "largest": selection.cases(Case.objects.largest_fines())[:10],
        "upcoming": Instrument.objects.with_status().taking_effect_within(UPCOMING_DAYS)[:10],
        "upcoming_window": upcoming_window(),
        "pending_drafts": Instrument.objects.with_status()
        .pending_drafts()
        .order_by("-published_on", "-id")[:10],
        "pending_draft_count": Instrument.objects.pending_drafts().count(),
        "upcoming_days": UPCOMING_DAYS,
        # How much is checked against its sources (two queries a kind, on the states'
        # indexes; the cases' total from the tallies).
        "verified": [
            {
                "label": _("Cases"),
                **verification.tally(selection.cases(Case.objects), total=case_count),
            },
            {"label": _("Instruments"), **verification.tally(Instrument.objects)},
            {"label": _("Campaigns"), **verification.tally(campaigns_of(selection))},
        ],
    }


def campaigns_of(selection: Selection):
    """The selection's campaigns: of its family, begun in its year."""
    campaigns = Campaign.objects.all()
    if selection.year:
        campaigns = campaigns.started_between(
            datetime.date(selection.year, 1, 1), datetime.date(selection.year, 12, 31)
        )
    return campaigns.filter(family=selection.family) if selection.family else campaigns
