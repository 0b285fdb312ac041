"""A case list as a spreadsheet: one row per case with its fines, dates as precisely as
known, Chinese intact in Excel, and no cell that Excel would run as a formula."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import Case, Citation, Penalty, PenaltyKind
from instruments.models import RegulatorFamily
from lawtracker.dates import format_partial_date
from lawtracker.export_formats import XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes

EXPORT_CHUNK = 2000


def case_rows(cases):
    """The header row, then one row per case (three queries a chunk of EXPORT_CHUNK cases:
    cases, penalties, citations; the cases are never all in memory at once)."""
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
    cases = (
        cases.select_related("province", "campaign")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "penalties",
                Penalty.objects.only("case_id", "kind", "position"),
                to_attr="listed_penalties",  # lists: no queryset made a row
            ),
            Prefetch(
                "citations",
                Citation.objects.only("case_id", "title", "article"),
                to_attr="listed_citations",
            ),
        )
        .defer("search_text", "notes", "legal_basis_text", "fingerprint")
    )
    # Labels read once, not a translation lookup a cell.
    kinds = {kind.value: str(kind.label) for kind in PenaltyKind}
    families = {family.value: str(family.label) for family in RegulatorFamily}
    parties = {kind.value: str(kind.label) for kind in Case.SubjectKind}
    national = _("National")
    for case in cases.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            case.public_id or "",
            format_partial_date(case.decided_on, case.decided_precision),
            families[case.family],
            national if case.national else case.province.short_name if case.province else "",
            case.city,
            case.subject,
            parties[case.subject_kind],
            case.agency_text,
            case.facts,
            case.penalty_text,
            case.org_fines,
            case.individual_fines,
            case.fines_unknown,
            "、".join(dict.fromkeys(kinds[p.kind] for p in case.listed_penalties)),
            "、".join(str(citation) for citation in case.listed_citations),
            case.decision_number,
            str(case.campaign) if case.campaign else "",
            case.source_url,
        ]


FORMATS = ("csv", "xlsx")


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
