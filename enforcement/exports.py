"""A case list as a spreadsheet: one row per case with its fines, dates as precisely as
known, Chinese intact in Excel, and no cell that Excel would run as a formula."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import Campaign, Case, Citation, Penalty, PenaltyKind
from instruments.models import RegulatorFamily
from instruments.places import regions
from lawtracker.dates import format_partial_date
from lawtracker.export_formats import EXCEL_ROWS, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from lawtracker.iterables import batched

EXPORT_CHUNK = 2000


def case_rows(cases):
    """The header row, then one row per case, read as plain values (for each chunk of
    EXPORT_CHUNK cases at most four queries: the cases, their penalties, citations and
    campaigns; the cases are never all in memory at once)."""
    yield [
        _("Tracker ID"),
        _("Date"),
        _("Regulator family"),
        _("Province"),
        _("City"),
        _("Penalized party"),
        _("Kind of party"),
        _("Enforcing agency"),
        _("Facts"),
        _("Penalty (verbatim)"),
        _("Fines on the organization (¥)"),
        _("Fines on individuals (¥)"),
        _("Fines of unknown amount"),
        _("Penalties"),
        _("Legal basis"),
        _("Decision number"),
        _("Campaign"),
        _("Source"),
    ]
    # Labels read once, not a translation lookup a cell.
    kinds = {kind.value: str(kind.label) for kind in PenaltyKind}
    families = {family.value: str(family.label) for family in RegulatorFamily}
    parties = {kind.value: str(kind.label) for kind in Case.SubjectKind}
    national = _("National")
    provinces = {region.pk: region.short_name for region in regions()}
    rows = cases.values_list(*CASE_COLUMNS, named=True).iterator(chunk_size=EXPORT_CHUNK)
    for chunk in batched(rows, EXPORT_CHUNK):
        ids = [case.pk for case in chunk]
        penalties: dict[int, list[str]] = {}
        for case_id, kind in (
            Penalty.objects.filter(case_id__in=ids)
            .order_by("case_id", "position", "id")
            .values_list("case_id", "kind")
        ):
            penalties.setdefault(case_id, []).append(kinds[kind])
        citations: dict[int, list[str]] = {}
        for case_id, title, article in (
            Citation.objects.filter(case_id__in=ids)
            .order_by("case_id", "position", "id")
            .values_list("case_id", "title", "article")
        ):
            citations.setdefault(case_id, []).append(f"{title}{article}")
        campaign_ids = {case.campaign_id for case in chunk if case.campaign_id is not None}
        campaigns = {c.pk: str(c) for c in Campaign.objects.filter(pk__in=campaign_ids)}
        for case in chunk:
            yield [
                case.public_id or "",
                format_partial_date(case.decided_on, case.decided_precision),
                families[case.family],
                national if case.national else provinces.get(case.province_id, ""),
                case.city,
                case.subject,
                parties[case.subject_kind],
                case.agency_text,
                case.facts,
                case.penalty_text,
                case.org_fines,
                case.individual_fines,
                case.fines_unknown,
                "、".join(dict.fromkeys(penalties.get(case.pk, ()))),
                "、".join(citations.get(case.pk, ())),
                case.decision_number,
                campaigns.get(case.campaign_id, ""),
                case.source_url,
            ]


# What a row is made of, read as plain values (no record is built for a row).
CASE_COLUMNS = (
    "pk",
    "public_id",
    "decided_on",
    "decided_precision",
    "family",
    "national",
    "province_id",
    "city",
    "subject",
    "subject_kind",
    "agency_text",
    "facts",
    "penalty_text",
    "org_fines",
    "individual_fines",
    "fines_unknown",
    "decision_number",
    "source_url",
    "campaign_id",
)


FORMATS = ("csv", "xlsx")


def too_many_for_a_sheet(cases) -> bool:
    """Whether the cases are more than a sheet's rows below its header (a count that
    stops there)."""
    return cases.order_by()[:EXCEL_ROWS].count() >= EXCEL_ROWS


def case_export_response(cases, file_format: str) -> HttpResponse:
    """The cases as a CSV or XLSX download (see lawtracker.export_formats)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        response = HttpResponse(
            csv_bytes(case_rows(cases)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            xlsx_bytes(_("Cases"), case_rows(cases)), content_type=XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = (
        f'attachment; filename="lawtracker-cases-{stamp}.{file_format}"'
    )
    return response
