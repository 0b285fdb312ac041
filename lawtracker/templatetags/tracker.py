"""Formatting for the partners' pages: dates as precisely as known, money, highlights,
choice labels, one language of a bilingual label."""

import datetime
import re
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from lawtracker.dates import Precision
from lawtracker.languages import english
from lawtracker.text import without_spaces
from lawtracker.verification import Verification

register = template.Library()

MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@register.filter
def partial_date(value: datetime.date | None, precision: str = Precision.DAY) -> str:
    """2020年8月 / Aug 2020: never a day that is not known."""
    if value is None:
        return "—"
    if english():
        month = MONTHS_EN[value.month - 1]
        return {
            Precision.YEAR: f"{value.year}",
            Precision.MONTH: f"{month} {value.year}",
        }.get(precision, f"{value.day} {month} {value.year}")
    return {
        Precision.YEAR: f"{value.year}年",
        Precision.MONTH: f"{value.year}年{value.month}月",
    }.get(precision, f"{value.year}年{value.month}月{value.day}日")


@register.filter
def age(value: datetime.date | None, today: datetime.date | None = None) -> str:
    """How long ago a date was, in the largest whole unit: 3 years, 5 months, 12 days."""
    if value is None:
        return ""
    today = today or timezone.localdate()
    months = (today.year - value.year) * 12 + today.month - value.month - (today.day < value.day)
    if months >= 12:
        return ngettext("%(n)d year", "%(n)d years", months // 12) % {"n": months // 12}
    if months >= 1:
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    days = max((today - value).days, 0)
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@register.filter
def yuan(value: Decimal | int | None) -> str:
    """1,000,000元 or 5,287.68元 in Chinese, ¥1,000,000 or ¥5,287.68 in English: fen
    shown only when there are any."""
    if value is None:
        return "—"
    value = Decimal(value)
    digits = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"¥{digits}" if english() else f"{digits}元"


def query_pattern(query: str) -> re.Pattern | None:
    """`query` as it occurs in verbatim text: across the line breaks the review's text
    puts inside words (收集使 用 matches 收集使用); None for an empty query."""
    chars = without_spaces(query)
    if not chars:
        return None
    return re.compile(r"\s*".join(re.escape(ch) for ch in chars), flags=re.IGNORECASE)


@register.filter
def highlight(text: str, query: str) -> str:
    """`text` escaped, with `query` marked where it occurs."""
    text = text or ""
    pattern = query_pattern(query)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


@register.filter
def excerpt(text: str, query: str, width: int = 40) -> str:
    """Where `query` first occurs in `text`, with some words either side, highlighted;
    empty when it does not occur."""
    pattern = query_pattern(query)
    match = pattern and pattern.search(text or "")
    if not match:
        return ""
    start, end = max(match.start() - width, 0), min(match.end() + width, len(text))
    shown = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return highlight(shown, query)


@register.filter
def safe_url(url: str) -> str:
    """A source link only when it is a web address; anything else is not linked."""
    return url if (url or "").lower().startswith(("http://", "https://")) else ""


@register.filter
def label(choices, value) -> str:
    """The label of a choice code, from a TextChoices class."""
    try:
        return choices(value).label
    except ValueError:
        return value


# Parameters a list's URL carries that are not filters: no chip for them.
NOT_FILTERS = {"sort", "page", "per_page"}


@register.inclusion_tag("lawtracker/active_filters.html", takes_context=True)
def active_filters(context, form) -> dict:
    """The filters a list is narrowed by, each value a chip that links to the list without
    it (read from the form's cleaned values: no query); none for a value the form could not
    read (its error shows at the filter)."""
    request = context["request"]
    chips = []
    for name, label, text, raw in described_filters(form):
        params = request.GET.copy()
        params.pop("page", None)
        kept = [v for v in params.getlist(name) if v != raw]
        if len(kept) == len(params.getlist(name)):
            kept = []  # a value read differently from how it was typed (1e4, 2020.08)
        params.setlist(name, kept)
        chips.append({"label": label, "value": text, "url": f"?{params.urlencode()}"})
    return {"chips": chips, "clear": request.path, "problems": context.get("problems", "")}


def described_filters(form) -> list[tuple[str, str, str, str]]:
    """Each value a list is filtered by, as (parameter, label, the value shown, the value
    as the address gives it), from the form's cleaned values (no query)."""
    cleaned = getattr(form, "cleaned_data", {})
    described = []
    for name, field in form.fields.items():
        if name in NOT_FILTERS or name in form.errors or name not in cleaned:
            continue
        value = cleaned[name]
        for one in list(value) if isinstance(value, list | tuple) else [value]:
            if one is None or one == "":
                continue
            raw = str(getattr(one, "pk", one))
            described.append((name, str(field.label), chip_text(field, one), raw))
    return described


def chip_text(field, value) -> str:
    """A filter's value as its choice list, or its type, shows it."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, Decimal):
        return yuan(value)
    choices = getattr(field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        return str(dict(choices).get(value, value))
    return str(value)


# A list of check boxes longer than this folds away, its summary naming what is chosen.
FOLDED_CHOICES = 8


@register.filter
def chosen(bound_field) -> dict:
    """A multiple-choice filter's boxes: how many, and the labels of those ticked."""
    boxes = list(bound_field)
    return {
        "folded": len(boxes) > FOLDED_CHOICES,
        "labels": "、".join(str(box.choice_label) for box in boxes if box.data["selected"]),
    }


@register.inclusion_tag("lawtracker/sort_header.html", takes_context=True)
def sort_header(context, label, key: str, *, both: bool = True, css: str = "") -> dict:
    """A column header that sorts the list by `key`: a first click largest or newest first
    ("-key"), the next the other way ("key"); a key sorted one way only (`both` false) is
    "key" alone. It says which way the list is sorted now (aria-sort); the list's default
    sort is its first (SORTS)."""
    request = context["request"]
    current = request.GET.get("sort") or context.get("default_sort", "-date")
    if not both:
        state, target = ("ascending" if current == key else "none"), key
    elif current == f"-{key}":
        state, target = "descending", key
    elif current == key:
        state, target = "ascending", f"-{key}"
    else:
        state, target = "none", f"-{key}"
    params = request.GET.copy()
    params.pop("page", None)
    params["sort"] = target
    return {"label": label, "state": state, "url": f"?{params.urlencode()}", "css": css}


@register.simple_tag
def verification_mark(state: str) -> str:
    """A mark beside a record not (or no longer) checked against its source; nothing for
    a verified one."""
    if not state or state == Verification.VERIFIED:
        return ""
    titles = {
        Verification.UNVERIFIED: gettext("Not yet checked against its source"),
        Verification.RECHECK: gettext("Edited since it was verified: check it again"),
    }
    return format_html(
        '<span class="tag verify verify-{}" title="{}">{}</span>',
        state,
        titles.get(state, ""),
        Verification(state).label,
    )


@register.inclusion_tag("lawtracker/verification_panel.html", takes_context=True)
def verification_panel(context, record, verify_url: str) -> dict:
    """A record's verification on its page: its state, who verified it when and against
    what, when its source was last checked; for those who may change the record, the
    one-click "verified against this source"."""
    request = context["request"]
    opts = record._meta
    return {
        "record": record,
        "verify_url": verify_url,
        "next": request.get_full_path(),
        "can_verify": request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"),
        "csrf_token": context.get("csrf_token"),
    }
