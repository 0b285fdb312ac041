"""The lists a search is saved of (cases, instruments): each one's filters, its pages,
and the line of context a feed or a digest gives a record of it."""

import dataclasses

from django.utils.translation import gettext as _

from enforcement.models import Case, SavedSearch
from enforcement.selectors import filtered_cases
from instruments.models import Instrument
from instruments.selectors import filtered_instruments
from lawtracker.templatetags.tracker import partial_date, yuan


def record_name(record) -> str:
    """A record as a feed or a digest names it: its tracker ID and its party or title."""
    name = getattr(record, "subject", None) or str(record)
    return f"{record.public_id} {name}" if record.public_id else name


def case_line(case) -> str:
    """A line of context for a case: its date, place, agency and fines."""
    parts = [partial_date(case.decided_on, case.decided_precision)]
    if case.region_text:
        parts.append(case.region_text)
    parts.append(case.agency_text)
    if case.fines_total:
        parts.append(yuan(case.fines_total))
    return " · ".join(parts)


def instrument_line(instrument) -> str:
    """A line of context for an instrument: its level and dates."""
    parts = [instrument.get_level_display()]
    if instrument.published_on:
        published = partial_date(instrument.published_on, instrument.published_precision)
        parts.append(_("published %(day)s") % {"day": published})
    if instrument.effective_on:
        effective = partial_date(instrument.effective_on, instrument.effective_precision)
        parts.append(_("effective %(day)s") % {"day": effective})
    return " · ".join(parts)


@dataclasses.dataclass(frozen=True)
class SavedList:
    """A list a search can be saved of: its filters, pages and a record's line."""

    filtered: object
    list_page: str
    record_page: str
    line: object
    model: object


LISTS = {
    SavedSearch.List.CASES: SavedList(
        filtered_cases, "enforcement:case-list", "enforcement:case-detail", case_line, Case
    ),
    SavedSearch.List.INSTRUMENTS: SavedList(
        filtered_instruments,
        "instruments:instrument-list",
        "instruments:instrument-detail",
        instrument_line,
        Instrument,
    ),
}
