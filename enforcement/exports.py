"""A case list as a spreadsheet: one row per case with its fines, dates as precisely as
known, Chinese intact in Excel, and no cell that Excel would run as a formula."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from enforcement.models import Case
from instruments.models import RegulatorFamily
from lawtracker.dates import format_partial_date
from lawtracker.export_formats import neutralise


def case_rows(cases):
    """The header row, then one row per case (two queries: cases, penalties)."""
    yield [
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
        _("Campaign"),
        _("Source"),
    ]
    for case in cases.select_related("province", "campaign").prefetch_related("penalties"):
        yield [
            format_partial_date(case.decided_on, case.decided_precision),
            str(RegulatorFamily(case.family).label),
            _("National") if case.national else case.province.short_name if case.province else "",
            case.city,
            case.subject,
            str(Case.SubjectKind(case.subject_kind).label),
            case.agency_text,
            case.facts,
            case.penalty_text,
            case.org_fines,
            case.individual_fines,
            case.fines_unknown,
            "、".join(dict.fromkeys(p.get_kind_display() for p in case.penalties.all())),
            str(case.campaign) if case.campaign else "",
            case.source_url,
        ]


FORMATS = ("csv", "xlsx")


def case_export_response(cases, file_format: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = ([neutralise(value) for value in row] for row in case_rows(cases))
    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(
            buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Cases"))
        for row in rows:
            # Excel cannot hold control characters (a PDF's form feed, say): the workbook
            # drops them, the CSV keeps every character.
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="lawtracker-cases-{stamp}.{file_format}"'
    )
    return response
