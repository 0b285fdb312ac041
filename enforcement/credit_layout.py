"""Cases in the official layout of published administrative penalties (行政处罚 双公示, as
the credit platforms take them): its columns in its order, what the tracker holds in
them — the party, decision number, violation types, facts, basis, kinds and contents of
the penalties, fines and confiscations in 万元 (converted exactly from the yuan held),
the decision's date as precisely as known, the deciding body — and the columns it does
not hold (credit codes, legal representatives, licence numbers, periods) left empty."""

from decimal import Decimal

from enforcement.exports import penalty_kinds
from enforcement.models import Case, PenaltyKind
from lawtracker.dates import Precision
from lawtracker.iterables import batched

CHUNK = 2000
HEADERS = (
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)
# The layout's kinds of party: a natural person, or an organization.
PERSON, ORGANIZATION = "自然人", "法人及非法人组织"
# The kinds of penalty as the layout names them (the Administrative Penalty Law's, art. 9).
KIND_NAMES = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATION: "没收违法所得",
    PenaltyKind.SUSPENSION: "责令停产停业",
    PenaltyKind.CLOSURE: "责令关闭",
    PenaltyKind.ICP_CANCEL: "吊销许可证件",
    PenaltyKind.DETENTION: "行政拘留",
}
OTHER_KIND = "其他"
TEN_THOUSAND = Decimal(10000)


def in_wan(yuan: Decimal) -> str:
    """Yuan as 万元, exactly, without trailing zeros: 50000.00 → 5, 614 → 0.0614."""
    value = (Decimal(yuan) / TEN_THOUSAND).normalize()
    return format(value, "f")


def decision_date(day, precision: str) -> str:
    """The layout's date (2020/08/12), as precisely as the tracker knows it (2020/08)."""
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    if precision == Precision.MONTH:
        return f"{day.year:04d}/{day.month:02d}"
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def kinds_of(kinds: list[str]) -> str:
    names = []
    for kind in kinds:
        name = KIND_NAMES.get(kind, OTHER_KIND)
        if name not in names:
            names.append(name)
    return "；".join(names)


def remarks(case) -> str:
    """备注: the tracker ID, and that fines of unknown amount are not in 罚款金额."""
    parts = [f"追踪编号：{case.public_id}"] if case.public_id else []
    if case.fines_unknown:
        parts.append(f"另有 {case.fines_unknown} 项罚款金额不详，未计入罚款金额")
    return "；".join(parts)


COLUMNS = (
    "pk",
    "public_id",
    "subject",
    "subject_kind",
    "decision_number",
    "facts",
    "legal_basis_text",
    "penalty_text",
    "org_fines",
    "individual_fines",
    "fines_unknown",
    "confiscations",
    "decided_on",
    "decided_precision",
    "agency_text",
)


def credit_rows(cases):
    """The header, then a row a case (for each chunk of CHUNK cases three queries: the
    cases, their penalties' kinds, their violation categories)."""
    yield list(HEADERS)
    rows = cases.values_list(*COLUMNS, named=True).iterator(chunk_size=CHUNK)
    for chunk in batched(rows, CHUNK):
        ids = [case.pk for case in chunk]
        kinds = penalty_kinds(ids)
        violations: dict[int, list[str]] = {}
        tagged = Case.violation_categories.through.objects.filter(case_id__in=ids)
        for case_id, name in tagged.order_by("case_id", "violationcategory__name").values_list(
            "case_id", "violationcategory__name"
        ):
            violations.setdefault(case_id, []).append(name)
        for case in chunk:
            fines = case.org_fines + case.individual_fines
            yield [
                case.subject,
                PERSON if case.subject_kind == Case.SubjectKind.INDIVIDUAL else ORGANIZATION,
                "",
                "",
                case.decision_number,
                "；".join(violations.get(case.pk, [])),
                case.facts,
                case.legal_basis_text,
                kinds_of(kinds.get(case.pk, [])),
                case.penalty_text,
                in_wan(fines) if fines else "",  # none, or of amounts not known
                in_wan(case.confiscations) if case.confiscations else "",
                "",
                decision_date(case.decided_on, case.decided_precision),
                "",
                "",
                case.agency_text,
                "",
                "",
                "",
                remarks(case),
            ]
