"""Labels of the choices instruments and authorities carry, for the partners' pages."""

from django import template

from instruments.models import Instrument, RegulatorFamily
from lawtracker.templatetags.tracker import label

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    return label(Instrument.Status, value)


@register.filter
def family_label(value: str) -> str:
    return label(RegulatorFamily, value)
