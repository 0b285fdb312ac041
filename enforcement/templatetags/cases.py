"""How a case is shown in the partners' pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def place(case, full: bool = False) -> str:
    """Where a case was decided: 全国 for a national one, the province (its full name on
    the case's page) and city, else the region as printed, muted. Reads the province the
    list has already joined."""
    if case.national:
        return _("National")
    if case.province_id:
        province = case.province.name if full else case.province.short_name
        return f"{province} {case.city}".strip()
    return format_html('<span class="muted">{}</span>', case.region_text or "—")
