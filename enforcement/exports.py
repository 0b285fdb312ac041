"""A case list as a spreadsheet ready for a memo: the import's columns (so it imports back
unchanged), then what the tracker read from them — a date cell to its precision, the
fines in ¥, the kinds of penalty, a link to each case's page; a frozen, filterable
header, sized columns, and a second sheet saying which filters made it, when, and how
current the data was. Chinese intact in Excel, no cell that Excel would run as a formula."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from enforcement.models import Campaign, Case, Penalty, PenaltyKind
from instruments.models import RegulatorFamily
from instruments.places import regions
from lawtracker.export_formats import (
    EXCEL_ROWS,
    FORMATS,  # noqa: F401 (the formats a case list exports in, as its routes take them)
    Day,
    Link,
    Money,
)
from lawtracker.iterables import batched
from lawtracker.languages import english
from lawtracker.public_ids import ID_COLUMN

EXPORT_CHUNK = 2000


# The import's columns (enforcement.resources.CaseResource.COLUMNS), headed in the
# interface's language: an exported file imports back unchanged. Verbatim texts, as
# the sources print them.
IMPORT_HEADERS = {
    ID_COLUMN: "Tracker ID",
    "时间": "Date",
    "地区": "Region",
    "被处罚主体": "Penalized party",
    "执法机构": "Enforcing agency",
    "违法事实": "Facts",
    "处罚结果": "Penalty",
    "监管部门": "Regulator family",
    "主体类型": "Kind of party",
    "法律依据": "Legal basis",
    "专项行动": "Campaign",
    "处罚决定书文号": "Decision number",
    "来源链接": "Source URL",
    "备注": "Notes",
}
# What the tracker read from them, after (an import passes these columns by when a file
# holds all of them: CaseResource.ignored).
READ_HEADERS = [
    ("日期值", "Date value"),
    ("省级行政区", "Province (read)"),
    ("城市", "City"),
    ("单位罚款（元）", "Fines on the organization (CNY)"),
    ("个人罚款（元）", "Fines on individuals (CNY)"),
    ("金额不详的罚款", "Fines of unknown amount"),
    ("处罚种类", "Kinds of penalty"),
    ("链接", "Link"),
]
# Column widths, in characters, in the order above.
WIDTHS = [14, 12, 14, 28, 24, 60, 40, 12, 10, 30, 20, 22, 30, 20]
WIDTHS += [11, 10, 10, 14, 14, 8, 16, 36]


def header_row() -> list[str]:
    """The header in the interface's language (the import reads either)."""
    if english():
        return [*IMPORT_HEADERS.values(), *(en for _zh, en in READ_HEADERS)]
    return [*IMPORT_HEADERS, *(zh for zh, _en in READ_HEADERS)]


def penalty_kinds(ids: list[int]) -> dict[int, list[str]]:
    """The kinds of these cases' penalties, in their order, by case (one query)."""
    kinds: dict[int, list[str]] = {}
    for case_id, kind in (
        Penalty.objects.filter(case_id__in=ids)
        .order_by("case_id", "position", "id")
        .values_list("case_id", "kind")
    ):
        kinds.setdefault(case_id, []).append(kind)
    return kinds


def case_rows(cases, *, link: Callable[[int], str] | None = None):
    """The header row, then one row per case, read as plain values (for each chunk of
    EXPORT_CHUNK cases at most three queries: the cases, their penalties and campaigns;
    the cases are never all in memory at once). `link` gives a case's page's address."""
    yield header_row()
    # Labels read once, not a translation lookup a cell.
    kinds = {kind.value: str(kind.label) for kind in PenaltyKind}
    families = {family.value: str(family.label) for family in RegulatorFamily}
    parties = {kind.value: str(kind.label) for kind in Case.SubjectKind}
    national = _("National")
    separator = ", " if english() else "、"
    provinces = {region.pk: region.short_label for region in regions()}
    rows = cases.values_list(*CASE_COLUMNS, named=True).iterator(chunk_size=EXPORT_CHUNK)
    for chunk in batched(rows, EXPORT_CHUNK):
        penalties = {
            case_id: [kinds[kind] for kind in of_case]
            for case_id, of_case in penalty_kinds([case.pk for case in chunk]).items()
        }
        campaign_ids = {case.campaign_id for case in chunk if case.campaign_id is not None}
        campaigns = {c.pk: str(c) for c in Campaign.objects.filter(pk__in=campaign_ids)}
        for case in chunk:
            yield [
                case.public_id or "",
                case.decided_text,
                case.region_text,
                case.subject,
                case.agency_text,
                case.facts,
                case.penalty_text,
                families[case.family],
                parties[case.subject_kind],
                case.legal_basis_text,
                campaigns.get(case.campaign_id, ""),
                case.decision_number,
                case.source_url,
                case.notes,
                Day(case.decided_on, case.decided_precision),
                national if case.national else provinces.get(case.province_id, ""),
                case.city,
                Money(case.org_fines),
                Money(case.individual_fines),
                case.fines_unknown,
                separator.join(dict.fromkeys(penalties.get(case.pk, ()))),
                Link(link(case.pk)) if link else "",
            ]


# What a row is made of, read as plain values (no record is built for a row).
CASE_COLUMNS = (
    "pk",
    "public_id",
    "decided_text",
    "decided_on",
    "decided_precision",
    "region_text",
    "family",
    "national",
    "province_id",
    "city",
    "subject",
    "subject_kind",
    "agency_text",
    "facts",
    "penalty_text",
    "legal_basis_text",
    "org_fines",
    "individual_fines",
    "fines_unknown",
    "decision_number",
    "source_url",
    "notes",
    "campaign_id",
)


def too_many_for_a_sheet(cases) -> bool:
    """Whether the cases are more than a sheet's rows below its header (a count that
    stops there)."""
    return cases.order_by()[:EXCEL_ROWS].count() >= EXCEL_ROWS
