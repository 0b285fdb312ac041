"""The annual review laid out from the data: part two's three instrument tables, part
three's campaigns and cases of each regulator family, and the year's figures — read live
from the records of a year, or from an edition frozen at a cut-off. One layout (`blocks`)
serves the page, the Word document (enforcement.review_docx) and `manage.py annual_review`.

A year's review holds the instruments published or taking effect in it, the campaigns
begun in it and the cases decided in it. Instruments stand in each table in the order
they came into the tracker (an imported table keeps its rows' order), campaigns newest
first by their number, cases newest first (a day before its month's undated cases)."""

import dataclasses
import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from enforcement.models import Campaign, Case, ReviewEdition, ReviewEntry
from instruments.models import Instrument, RegulatorFamily
from instruments.places import regions
from lawtracker.dates import format_partial_date
from lawtracker.languages import english
from lawtracker.templatetags.tracker import partial_date, yuan

# A moment as the review names it (a cut-off), the same in both languages.
MOMENT = "Y-m-d H:i"
# How many of the year's largest fines the figures list.
LARGEST = 10
NO_DATE = "--"


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@dataclasses.dataclass(frozen=True)
class InstrumentRow:
    record_id: int
    public_id: str
    title: str
    title_en: str
    level: str
    published_on: datetime.date | None
    published_precision: str
    published_note: str
    effective_on: datetime.date | None
    effective_precision: str
    verification: str = ""

    @property
    def section(self) -> str:
        return Instrument.SECTION_OF_LEVEL[self.level]


@dataclasses.dataclass(frozen=True)
class CampaignRow:
    record_id: int
    family: str
    number: int | None
    name: str
    started_on: datetime.date
    started_precision: str
    focus: str
    verification: str = ""


@dataclasses.dataclass(frozen=True)
class CaseRow:
    record_id: int
    public_id: str
    family: str
    decided_on: datetime.date
    decided_precision: str
    region_text: str
    national: bool
    province: str  # Region.code, "" for none
    city: str
    subject: str
    agency_text: str
    facts: str
    penalty_text: str
    org_fines: Decimal
    individual_fines: Decimal
    fines_unknown: int
    verification: str = ""

    @property
    def fines(self) -> Decimal:
        return self.org_fines + self.individual_fines


ROW_OF_KIND = {
    ReviewEntry.Kind.INSTRUMENT: InstrumentRow,
    ReviewEntry.Kind.CAMPAIGN: CampaignRow,
    ReviewEntry.Kind.CASE: CaseRow,
}
DATES = {"published_on", "effective_on", "started_on", "decided_on"}
MONEY = {"org_fines", "individual_fines"}


def row_data(row) -> dict:
    """A row as an edition keeps it (JSON: dates as ISO days, money as exact strings)."""
    data = dataclasses.asdict(row)
    for name in DATES & data.keys():
        data[name] = data[name].isoformat() if data[name] else None
    for name in MONEY & data.keys():
        data[name] = str(data[name])
    return data


def row_from_data(kind: str, data: dict):
    """The row an edition kept (row_data read back)."""
    values = dict(data)
    for name in DATES & values.keys():
        values[name] = day(values[name])
    for name in MONEY & values.keys():
        values[name] = Decimal(values[name])
    return ROW_OF_KIND[kind](**values)


@dataclasses.dataclass
class Rows:
    """A review's records, in its order."""

    instruments: list[InstrumentRow]
    campaigns: list[CampaignRow]
    cases: list[CaseRow]


# The column a row's field is read from, where it is not the field's own name.
COLUMNS = {"record_id": "id", "province": "province_id"}


def fields_of(row_class) -> list[str]:
    """The columns a row reads."""
    return [COLUMNS.get(field.name, field.name) for field in dataclasses.fields(row_class)]


def row_of(row_class, values: dict, province_codes: dict[int, str]):
    """A row from its record's columns (`values()` of the records or of their history)."""
    data = {
        field.name: values[COLUMNS.get(field.name, field.name)]
        for field in dataclasses.fields(row_class)
    }
    if "province" in data:
        data["province"] = province_codes.get(data["province"], "")
    if "public_id" in data:
        data["public_id"] = data["public_id"] or ""
    return row_class(**data)


def rows_of(instruments, campaigns, cases) -> Rows:
    """The review's rows from records (current ones, or history's as of a cut-off), put
    in the review's order; read as plain values (a year may hold thousands)."""
    codes = {region.pk: region.code for region in regions()}

    def read(row_class, records):
        return [
            row_of(row_class, values, codes) for values in records.values(*fields_of(row_class))
        ]

    return Rows(
        instruments=sorted(read(InstrumentRow, instruments), key=lambda r: r.record_id),
        campaigns=sorted(
            read(CampaignRow, campaigns),
            key=lambda r: (-r.started_on.toordinal(), r.number or 0, r.record_id),
        ),
        cases=sorted(read(CaseRow, cases), key=lambda r: (-r.decided_on.toordinal(), r.record_id)),
    )


def of_year(year: int, instruments, campaigns, cases) -> tuple:
    """The year's records among these querysets (current or historical)."""
    first, last = year_span(year)
    return (
        instruments.filter(
            Q(published_on__gte=first, published_on__lte=last)
            | Q(effective_on__gte=first, effective_on__lte=last)
        ),
        campaigns.filter(started_on__gte=first, started_on__lte=last),
        cases.filter(decided_on__gte=first, decided_on__lte=last),
    )


def live_rows(year: int) -> Rows:
    """The year's records as they are now (three queries, after the regions' once)."""
    return rows_of(*of_year(year, Instrument.objects, Campaign.objects, Case.objects))


def rows_as_of(year: int, cut_off: datetime.datetime) -> Rows:
    """The year's records as they stood at `cut_off`, read from their history (a record
    created later is not there; one deleted since is, as it was)."""
    return rows_of(
        *of_year(
            year,
            Instrument.history.as_of(cut_off),
            Campaign.history.as_of(cut_off),
            Case.history.as_of(cut_off),
        )
    )


def edition_rows(edition: ReviewEdition) -> Rows:
    """What a frozen edition holds (one query)."""
    rows = Rows([], [], [])
    lists = {
        ReviewEntry.Kind.INSTRUMENT: rows.instruments,
        ReviewEntry.Kind.CAMPAIGN: rows.campaigns,
        ReviewEntry.Kind.CASE: rows.cases,
    }
    for entry in edition.entries.order_by("kind", "position"):
        lists[entry.kind].append(row_from_data(entry.kind, entry.data))
    return rows


# The layout: headings, paragraphs and tables, in the interface's language.


@dataclasses.dataclass(frozen=True)
class Cell:
    """A table's cell: its text, and for a record's own cell on a live review its page
    and its verification state (the page marks one not verified)."""

    text: str
    url: str = ""
    verification: str = ""


@dataclasses.dataclass(frozen=True)
class Block:
    """A heading (`level` 1–3), a paragraph (`level` 0) or a table (`headers`, `rows`;
    `kind` says which of the review's tables, `widths` its columns' shares)."""

    text: str = ""
    level: int = 0
    kind: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    widths: tuple[int, ...] = ()
    # Rows left out where a table is cut short (the page), and the list holding them all.
    more: int = 0
    more_url: str = ""

    @property
    def is_table(self) -> bool:
        return bool(self.headers)


def heading(level: int, text: str) -> Block:
    return Block(text=text, level=level)


def paragraph(text: str) -> Block:
    return Block(text=text)


def table(kind: str, headers, rows, widths) -> Block:
    return Block(
        kind=kind,
        headers=tuple(headers),
        rows=tuple(tuple(row) for row in rows),
        widths=tuple(widths),
    )


def review_date(value: datetime.date | None, precision: str) -> str:
    """A date as precisely as known: the review's 2020.05.28 / 2020.08 in Chinese, 28 May
    2020 / Aug 2020 in English; -- for none."""
    if value is None or not precision:
        return NO_DATE
    return partial_date(value, precision) if english() else format_partial_date(value, precision)


def publication_note(note: str) -> str:
    """A publication's note as the review prints it (修订), in English where it is one of
    the usual ones."""
    if not english():
        return note
    usual = {"修订": pgettext("review", "revised"), "修正": pgettext("review", "amended")}
    return usual.get(note, note)


def family_heading(family: str) -> str:
    return {
        RegulatorFamily.CYBERSPACE: pgettext("review", "Cyberspace regulators"),
        RegulatorFamily.PUBLIC_SECURITY: pgettext("review", "Public security"),
        RegulatorFamily.MIIT: pgettext("review", "Industry and IT regulators"),
        RegulatorFamily.OTHER: pgettext("review", "Other regulators"),
    }[family]


def section_heading(section: str) -> str:
    return {
        Instrument.Section.LAWS: pgettext("review", "(1) Laws"),
        Instrument.Section.REGULATIONS: pgettext(
            "review",
            "(2) Regulations, rules, normative documents and judicial interpretations",
        ),
        Instrument.Section.STANDARDS: pgettext(
            "review", "(3) National and industry standards, guidelines and guides"
        ),
    }[section]


def record_cell(text: str, name: str, row, live: bool) -> Cell:
    """The cell naming a record: on a live review, linked to the record's page and
    carrying its verification (an edition's record may have changed or gone since)."""
    if not live:
        return Cell(text)
    return Cell(text, reverse(name, args=[row.record_id]), row.verification)


def id_cell(public_id: str) -> list[Cell]:
    return [Cell(public_id)]


def instrument_table(rows: list[InstrumentRow], *, live: bool, ids: bool) -> Block:
    headers = [
        pgettext("review", "Title"),
        pgettext("review", "Published"),
        pgettext("review", "Effective"),
    ]
    cells = []
    for row in rows:
        published = review_date(row.published_on, row.published_precision)
        if row.published_note and row.published_on:
            published = f"{published} {publication_note(row.published_note)}"
        title = row.title_en if english() and row.title_en else row.title
        cells.append(
            [
                record_cell(title, "instruments:instrument-detail", row, live),
                Cell(published),
                Cell(review_date(row.effective_on, row.effective_precision)),
                *(id_cell(row.public_id) if ids else []),
            ]
        )
    return table(
        "instruments", headers + ids_header(ids), cells, [60, 14, 14] + ([14] if ids else [])
    )


def campaign_table(rows: list[CampaignRow], *, live: bool) -> Block:
    headers = [
        pgettext("review", "No."),
        pgettext("review", "Date"),
        pgettext("review", "Regulatory focus"),
    ]
    cells = [
        [
            Cell(str(number)),
            record_cell(
                review_date(row.started_on, row.started_precision),
                "enforcement:campaign-detail",
                row,
                live,
            ),
            Cell(row.focus),
        ]
        for number, row in enumerate(rows, start=1)
    ]
    return table("campaigns", headers, cells, [6, 14, 80])


def region(row: CaseRow, by_code: dict) -> str:
    """Where, as the review writes it (its own words in Chinese); in English the
    province's English name (`by_code`: the regions by code) and the city as given."""
    if not english():
        return row.region_text
    if row.national:
        return _("National")
    place = by_code[row.province].label if row.province in by_code else row.region_text
    return f"{place} {row.city}".strip()


def case_table(rows: list[CaseRow], *, live: bool, ids: bool) -> Block:
    headers = [
        pgettext("review", "Date"),
        pgettext("review", "Region"),
        pgettext("review", "Penalized party"),
        pgettext("review", "Enforcing agency"),
        pgettext("review", "Facts"),
        pgettext("review", "Penalty"),
    ]
    by_code = {r.code: r for r in regions()}
    cells = [
        [
            Cell(review_date(row.decided_on, row.decided_precision)),
            Cell(region(row, by_code)),
            record_cell(row.subject, "enforcement:case-detail", row, live),
            Cell(row.agency_text),
            Cell(row.facts),
            Cell(row.penalty_text),
            *(id_cell(row.public_id) if ids else []),
        ]
        for row in rows
    ]
    widths = [11, 8, 13, 13, 33, 22] if not ids else [11, 8, 12, 12, 28, 17, 12]
    return table("cases", headers + ids_header(ids), cells, widths)


def ids_header(ids: bool) -> list[str]:
    return [_("Tracker ID")] if ids else []


def figure_blocks(rows: Rows, year: int) -> list[Block]:
    """The year's figures: cases and fines by family, and the largest fines."""
    by_family = []
    for family, label in RegulatorFamily.choices:
        cases = [row for row in rows.cases if row.family == family]
        by_family.append(
            [
                Cell(str(label)),
                Cell(str(len(cases))),
                Cell(yuan(sum((row.fines for row in cases), Decimal(0)))),
                Cell(str(sum(row.fines_unknown for row in cases))),
            ]
        )
    by_family.append(
        [
            Cell(pgettext("review", "Total")),
            Cell(str(len(rows.cases))),
            Cell(yuan(sum((row.fines for row in rows.cases), Decimal(0)))),
            Cell(str(sum(row.fines_unknown for row in rows.cases))),
        ]
    )
    largest = sorted(
        (row for row in rows.cases if row.fines > 0),
        key=lambda r: (-r.fines, -r.decided_on.toordinal(), r.record_id),
    )[:LARGEST]
    blocks = [
        heading(1, _("Appendix: %(year)s in figures") % {"year": year}),
        heading(2, _("Cases and fines by regulator family")),
        table(
            "families",
            [
                _("Regulator family"),
                _("Cases"),
                _("Known fines"),
                _("Fines of unknown amount"),
            ],
            by_family,
            [40, 15, 25, 20],
        ),
        heading(2, _("Largest fines")),
    ]
    if not largest:
        return [*blocks, paragraph(_("No fine of a known amount this year."))]
    return [
        *blocks,
        table(
            "largest",
            [
                pgettext("review", "Date"),
                pgettext("review", "Penalized party"),
                pgettext("review", "Enforcing agency"),
                _("Known fines"),
                _("Tracker ID"),
            ],
            [
                [
                    Cell(review_date(row.decided_on, row.decided_precision)),
                    Cell(row.subject),
                    Cell(row.agency_text),
                    Cell(yuan(row.fines)),
                    Cell(row.public_id),
                ]
                for row in largest
            ],
            [11, 30, 30, 15, 14],
        ),
    ]


@dataclasses.dataclass
class Review:
    """A year's review, live or frozen, laid out."""

    year: int
    edition: ReviewEdition | None
    rows: Rows
    ids: bool = False

    @property
    def title(self) -> str:
        return _("China cyber and data law: annual review %(year)s") % {"year": self.year}

    @property
    def counts(self) -> dict[str, int]:
        return {
            "instruments": len(self.rows.instruments),
            "campaigns": len(self.rows.campaigns),
            "cases": len(self.rows.cases),
        }

    def provenance(self) -> str:
        """Where the review's records come from: a frozen edition, or the tracker now."""
        if self.edition:
            return _(
                "Edition %(number)s of %(year)s, frozen with the records as they stood at "
                "%(cut_off)s."
            ) % {
                "number": self.edition.number,
                "year": self.year,
                "cut_off": date_format(timezone.localtime(self.edition.cut_off), MOMENT),
            }
        return _(
            "Laid out from the tracker's records as they stood at %(now)s: %(instruments)s "
            "instruments, %(campaigns)s campaigns, %(cases)s cases."
        ) % {"now": date_format(timezone.localtime(), MOMENT), **self.counts}

    def blocks(self, most: int | None = None) -> list[Block]:
        """The review's headings, tables and figures, in the interface's language; a
        table of more than `most` rows shows its first `most` (the page), saying how many
        more and where they are listed."""
        live = self.edition is None
        shown = Shown(most)
        year = {"year": self.year}
        blocks = [heading(1, _("Part two: legislation and standards in %(year)s") % year)]
        for section in Instrument.Section.values:
            rows = [row for row in self.rows.instruments if row.section == section]
            blocks += [
                heading(2, section_heading(section)),
                shown.cut(instrument_table(shown.first(rows), live=live, ids=self.ids), rows),
            ]
        blocks.append(
            heading(1, _("Part three: regulation, campaigns and cases in %(year)s") % year)
        )
        for number, family in enumerate(RegulatorFamily.values, start=1):
            campaigns = [row for row in self.rows.campaigns if row.family == family]
            cases = [row for row in self.rows.cases if row.family == family]
            blocks += [
                heading(2, f"{number}. {family_heading(family)}"),
                heading(3, f"{number}.1. " + pgettext("review", "Special campaigns")),
                shown.cut(campaign_table(shown.first(campaigns), live=live), campaigns),
                heading(3, f"{number}.2. " + pgettext("review", "Enforcement cases")),
                shown.cut(
                    case_table(shown.first(cases), live=live, ids=self.ids),
                    cases,
                    more_url=cases_url(family, self.year),
                ),
            ]
        return blocks + figure_blocks(self.rows, self.year)


@dataclasses.dataclass(frozen=True)
class Shown:
    """How many rows a table shows (None: all), and the table cut to them."""

    most: int | None

    def first(self, rows: list) -> list:
        return rows if self.most is None else rows[: self.most]

    def cut(self, block: Block, rows: list, more_url: str = "") -> Block:
        more = len(rows) - len(block.rows)
        if not more:
            return block
        return dataclasses.replace(block, more=more, more_url=more_url)


def cases_url(family: str, year: int) -> str:
    """The case list of a family's cases of a year."""
    query = urlencode({"family": family, "date_from": year, "date_to": year})
    return reverse("enforcement:case-list") + "?" + query


def review(year: int, *, edition: ReviewEdition | None = None, ids: bool = False) -> Review:
    """The year's review from the records now, or what `edition` froze (a few queries)."""
    rows = edition_rows(edition) if edition else live_rows(year)
    return Review(year=year, edition=edition, rows=rows, ids=ids)


def review_years() -> list[int]:
    """The years a review can be laid out for, newest first: from the earliest record's
    to the latest's (a query for each end of each kind's dates, each an index read)."""
    known = []
    for model, name in (
        (Case, "decided_on"),
        (Campaign, "started_on"),
        (Instrument, "published_on"),
        (Instrument, "effective_on"),
    ):
        dated = model.objects.filter(**{f"{name}__isnull": False}).values_list(name, flat=True)
        known += [
            d.year for d in (dated.order_by(name).first(), dated.order_by(f"-{name}").first()) if d
        ]
    return list(range(max(known), min(known) - 1, -1)) if known else []


class ReviewForm(forms.Form):
    """Which review the URL asks for: a year, one of its frozen editions or the records
    now, and whether the tables carry tracker IDs."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    edition = forms.TypedChoiceField(
        label=gettext_lazy("Edition"), coerce=int, required=False, empty_value=None
    )
    ids = forms.BooleanField(label=gettext_lazy("With tracker IDs"), required=False)

    def __init__(self, data, *, years: list[int], editions: list[ReviewEdition]):
        super().__init__(data)
        self.years = years
        self.editions = {edition.number: edition for edition in editions}
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["edition"].choices = [("", _("The records now"))] + [
            (edition.number, edition_label(edition)) for edition in editions
        ]

    def chosen_edition(self) -> ReviewEdition | None:
        return self.editions.get(self.cleaned_data["edition"])


def edition_label(edition: ReviewEdition) -> str:
    """How an edition is offered: its number, title and cut-off."""
    cut_off = date_format(timezone.localtime(edition.cut_off), MOMENT)
    label = _("Edition %(number)s, as of %(cut_off)s") % {
        "number": edition.number,
        "cut_off": cut_off,
    }
    return f"{label} · {edition.title}" if edition.title else label


class FreezeForm(forms.Form):
    """Freeze a year's review: at the end of a day past, or now."""

    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1900, max_value=2999)
    cut_off = forms.DateField(
        label=gettext_lazy("Cut-off day"),
        required=False,
        help_text=gettext_lazy("The records as they stood at the end of this day; empty: now."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)

    def cut_off_moment(self) -> datetime.datetime:
        day = self.cleaned_data["cut_off"]
        return timezone.now() if day is None else end_of_day(day)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of a day in the tracker's time zone (a cut-off given as a day)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
