"""The overview: a handful of aggregate queries, whatever the data's size, laid out for its
charts and map."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from enforcement.models import Case
from enforcement.selectors import money_by_family
from instruments.models import UPCOMING_DAYS, Instrument, Region, RegulatorFamily
from instruments.selectors import upcoming_window
from lawtracker.charts import Bar, columns, horizontal_bars
from lawtracker.dates import Precision
from lawtracker.templatetags.tracker import MONTHS_EN, english, partial_date, short
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


def cases_url(**params) -> str:
    return reverse("enforcement:case-list") + "?" + urlencode(params, doseq=True)


def by_family(cases) -> dict:
    rows = {
        row["family"]: row for row in cases.values("family").annotate(n=Count("id")).order_by()
    }
    money = money_by_family()
    bars = []
    for family in RegulatorFamily:
        n = rows.get(family.value, {}).get("n", 0)
        fines = money[family.value]
        known = Decimal(fines["org_fines"]) + Decimal(fines["individual_fines"])
        bars.append(
            Bar(
                label=short(family.label),
                value=n,
                shown=str(n),
                url=cases_url(family=family.value),
                title=_("%(family)s: %(n)d cases, known fines %(fines)s")
                % {"family": family.label, "n": n, "fines": show_yuan(known)},
                css=f"fam-{family.value}",
            )
        )
    return {"chart": horizontal_bars(bars), "money": money}


def by_month(cases) -> dict:
    """Cases per month; a case known only to the year has no month and is counted apart."""
    rows = (
        cases.exclude(decided_precision=Precision.YEAR)
        .annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    counts = {row["month"]: row["n"] for row in rows}
    bars = []
    if counts:
        month, last = min(counts), max(counts)
        while month <= last:
            n = counts.get(month, 0)
            end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            bars.append(
                Bar(
                    label=partial_date(month, Precision.MONTH),
                    value=n,
                    shown=str(n),
                    url=cases_url(date_from=month.isoformat(), date_to=end.isoformat()),
                    short=short_month(month),
                    title=_("%(month)s: %(n)d cases")
                    % {"month": partial_date(month, Precision.MONTH), "n": n},
                )
            )
            month = end + datetime.timedelta(days=1)
    year_only = cases.filter(decided_precision=Precision.YEAR).count()
    span = f"{bars[0].label} – {bars[-1].label}" if bars else ""
    return {"chart": columns(bars), "year_only": year_only, "span": span}


def short_month(month: datetime.date) -> str:
    return MONTHS_EN[month.month - 1] if english() else f"{month.month}月"


def by_province(cases) -> dict:
    """A tile a province, and the national cases and those of no known region apart
    (one query for the counts, one for the regions)."""
    grouped = cases.values("province", "national").annotate(n=Count("id")).order_by()
    rows = {row["province"]: row for row in grouped if row["province"] is not None}
    apart = {row["national"]: row["n"] for row in grouped if row["province"] is None}
    top = max((row["n"] for row in rows.values()), default=0) or 1
    tiles = []
    for region in Region.objects.all():
        n = rows.get(region.pk, {}).get("n", 0)
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
                "url": cases_url(province=region.code),
            }
        )
    return {
        "tiles": tiles,
        "national": apart.get(True, 0),
        "national_url": cases_url(province="national"),
        "unplaced": apart.get(False, 0),
    }


def overview() -> dict:
    """Everything the overview shows (about a dozen queries)."""
    cases = Case.objects.all()
    return {
        "case_count": cases.count(),
        "family": by_family(cases),
        "month": by_month(cases),
        "map": by_province(cases),
        "largest": Case.objects.largest_fines()[:10],
        "upcoming": Instrument.objects.with_status().taking_effect_within(UPCOMING_DAYS)[:10],
        "upcoming_window": upcoming_window(),
        "pending_drafts": Instrument.objects.with_status()
        .pending_drafts()
        .order_by("-published_on", "-id")[:10],
        "pending_draft_count": Instrument.objects.pending_drafts().count(),
        "upcoming_days": UPCOMING_DAYS,
    }
