"""How a case is shown in the partners' pages."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from enforcement.models import PenaltyKind
from lawtracker.languages import both
from lawtracker.templatetags.tracker import label

register = template.Library()


@register.filter
def place(case, full: bool = False) -> str:
    """Where a case was decided: 全国 for a national one, the province (its full name on
    the case's page) and city, else the region as printed, muted. Reads the province the
    list has already joined."""
    if case.national:
        return _("National")
    if case.province_id:
        province = case.province.label if full else case.province.short_label
        return f"{province} {case.city}".strip()
    return format_html('<span class="muted">{}</span>', case.region_text or "—")


@register.simple_tag
def penalty_tags(case) -> str:
    """A tag for each kind of the case's penalties (prefetched), once each, in order."""
    labels = [
        label(PenaltyKind, kind) for kind in dict.fromkeys(p.kind for p in case.penalties.all())
    ]
    return format_html_join(
        "", '<span class="tag" title="{}">{}</span>', ((both(t), t) for t in labels)
    )
