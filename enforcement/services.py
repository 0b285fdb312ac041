"""Writes on cases that touch several rows, and the readings they rely on."""

import re

from django.db import transaction

from enforcement.models import Case, Penalty
from enforcement.penalties import ParsedPenalty

# 李某, 姚某某, 何某珍 韦某南, 翟某某等人, 某市民: the review anonymises natural persons as a
# one-character surname, 某 or 某某, and at most one more character; 济南某酒店 is no person.
PERSON = re.compile(
    r"^(?:(?!某)[\u4e00-\u9fff]某{1,2}[\u4e00-\u9fff]?)+(?:等人?)?$|^某?市民$|^网民"
)

SUBJECT_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (Case.SubjectKind.HOSPITAL, ("医院", "卫生院", "诊所")),
    (Case.SubjectKind.SCHOOL, ("学校", "中学", "小学", "学院", "大学", "幼儿园")),
    (
        Case.SubjectKind.GOVERNMENT,
        ("局", "管理部门", "机关", "政府", "委员会", "直属单位", "文化馆"),
    ),
    (
        Case.SubjectKind.COMPANY,
        ("公司", "企业", "集团", "商行", "中心", "酒店", "超市", "店", "出版社", "检验站"),
    ),
    (
        Case.SubjectKind.PLATFORM,
        ("直播", "微博", "网校", "视频", "网站", "网", "APP", "App", "平台", "陪练"),
    ),
]


def guess_subject_kind(subject: str) -> str:
    """The kind of penalized party the review's wording suggests; "other" when unsure."""
    compact = "".join(subject.split())
    if PERSON.match(compact):
        return Case.SubjectKind.INDIVIDUAL
    for kind, keywords in SUBJECT_KEYWORDS:
        if any(keyword in compact for keyword in keywords):
            return kind
    return Case.SubjectKind.OTHER


@transaction.atomic
def replace_penalties(*, case: Case, parsed: list[ParsedPenalty]) -> list[Penalty]:
    """Make the case's penalty rows exactly `parsed` (two queries)."""
    case.penalties.all().delete()
    return Penalty.objects.bulk_create(
        Penalty(
            case=case,
            position=position,
            kind=item.kind,
            target=item.target,
            person=item.person,
            amount=item.amount,
            days=item.days,
            text=item.text,
        )
        for position, item in enumerate(parsed)
    )
