"""Labels of the choices instruments and authorities carry, for the partners' pages."""

from django import template

from instruments.models import Authority, Instrument, RegulatorFamily
from instruments.names import in_document_order
from lawtracker.templatetags.tracker import label

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    return label(Instrument.Status, value)


@register.filter
def family_label(value: str) -> str:
    return label(RegulatorFamily, value)


@register.filter
def issuers(instrument: Instrument) -> list[Authority]:
    """Its issuing authorities, lead issuer first (prefetched with their provinces)."""
    return in_document_order(instrument.authorities.all(), instrument.issuers_text)
