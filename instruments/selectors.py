"""Reads on instruments."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from instruments.filters import InstrumentFilter
from instruments.models import UPCOMING_DAYS, Instrument


def filtered_instruments(params) -> InstrumentFilter:
    """The instrument list's FilterSet, each instrument with its status and issuers."""
    return InstrumentFilter(params, queryset=Instrument.objects.for_list())


def upcoming_window() -> tuple[datetime.date, datetime.date]:
    """The days "takes effect soon" covers: today to UPCOMING_DAYS from now."""
    today = timezone.localdate()
    return today, today + datetime.timedelta(days=UPCOMING_DAYS)


def instrument_summary() -> dict[str, object]:
    """Instrument counts by level, by the review's section and by derived status (two queries)."""
    by_level_rows = dict(
        Instrument.objects.values_list("level").annotate(n=Count("id")).order_by()
    )
    by_level = {level: by_level_rows.get(level, 0) for level in Instrument.Level.values}
    by_section = {section: 0 for section in Instrument.Section.values}
    for level, count in by_level.items():
        by_section[Instrument.SECTION_OF_LEVEL[level]] += count
    status_rows = dict(
        Instrument.objects.with_status().values_list("status").annotate(n=Count("id")).order_by()
    )
    return {
        "total": sum(by_level.values()),
        "by_level": by_level,
        "by_section": by_section,
        "by_status": {status: status_rows.get(status, 0) for status in Instrument.Status.values},
        **instrument_links(),
    }


def instrument_links() -> dict[str, int]:
    """How complete the instruments are: with an issuer, with a source link, drafts linked
    to their finals, amendments linked to what they amend, drafts still pending (one
    query)."""
    return Instrument.objects.aggregate(
        with_issuer=Count("id", filter=Q(authorities__isnull=False), distinct=True),
        with_source=Count("id", filter=~Q(source_url=""), distinct=True),
        draft_final_links=Count("id", filter=Q(final_version__isnull=False), distinct=True),
        amendment_links=Count("id", filter=Q(amends__isnull=False), distinct=True),
        pending_drafts=Count(
            "id", filter=Q(is_draft=True, final_version__isnull=True), distinct=True
        ),
    )


@dataclass(frozen=True)
class Step:
    """One dated step of an instrument's life, and the version it belongs to."""

    day: datetime.date
    precision: str
    label: str
    version: Instrument


def timeline(instrument: Instrument) -> list[Step]:
    """An instrument's life in date order — drafts published, adopted, in force, amended,
    repealed — across its versions (the links prefetched by its page: no more queries)."""
    versions = [*instrument.drafts.all(), instrument, *instrument.amendments.all()]
    if instrument.final_version_id:
        versions.append(instrument.final_version)
    if instrument.amends_id:
        versions.insert(0, instrument.amends)
    today = timezone.localdate()
    steps = []
    for version in versions:
        if version.published_on:
            label = (
                _("Draft published")
                if version.is_draft
                else pgettext("timeline", "Amended")
                if version.amends_id
                else _("Adopted")
            )
            steps.append(Step(version.published_on, version.published_precision, label, version))
        if version.effective_on and not version.is_draft:
            label = (
                pgettext("timeline", "In force")
                if version.effective_on <= today
                else _("Takes effect")
            )
            steps.append(Step(version.effective_on, version.effective_precision, label, version))
        if version.repealed_on:
            steps.append(
                Step(version.repealed_on, "day", pgettext("timeline", "Repealed"), version)
            )
    return sorted(steps, key=lambda step: (step.day, step.version.pk))


def cited_articles(instrument: Instrument) -> list[dict[str, object]]:
    """How many cases cite the instrument, by article (the whole instrument first), through
    the reverse relation of the cases' citations (one query)."""
    return list(
        instrument.citations.values("article_number", "article")
        .annotate(cases=Count("case", distinct=True))
        .order_by(F("article_number").asc(nulls_first=True), "article")
    )
