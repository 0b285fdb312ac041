"""Writes on reference data: resolving the agency names found in sources to authorities."""

import re
from dataclasses import dataclass

from django.db import transaction

from instruments.models import Authority, Region, RegulatorFamily

# Name fragments that tell the family on their own; checked in this order, so that
# 网信 wins over 公安 in "网信办 公安 联合" only when each name is resolved separately.
FAMILY_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (RegulatorFamily.CYBERSPACE, ("网信", "互联网信息办公室")),
    (
        RegulatorFamily.PUBLIC_SECURITY,
        ("公安", "网安", "网警", "派出所", "警方", "治安", "民警"),
    ),
    (RegulatorFamily.MIIT, ("通信管理局", "工业和信息化", "工信")),
    (
        RegulatorFamily.OTHER,
        (
            "市场监",
            "银保监",
            "银行保险",
            "人民银行",
            "证监",
            "文化",
            "旅游",
            "教育",
            "广电",
            "扫黄打非",
            "卫生",
            "交通",
            "密码",
        ),
    ),
]

# A name made of these is a national body, not one of the case's province.
NATIONAL_PREFIXES = (
    "国家",
    "中央",
    "全国",
    "国务院",
    "最高人民",
    "工业和信息化部",
    "公安部",
    "教育部",
    "文化和旅游部",
    "市场监管总局",
    "中国人民银行",
    "中国银保监会",
    "中国证监会",
)

# The last characters of a body's name; a whitespace-separated fragment without one
# is a name broken by the PDF's line wrap ("网络安全 民警") and is joined to the next.
AGENCY_SUFFIXES = (
    "办",
    "局",
    "厅",
    "队",
    "所",
    "部",
    "会",
    "委",
    "处",
    "院",
    "组",
    "中心",
    "公安",
    "网警",
    "网安",
    "机关",
    "部门",
    "警方",
    "监管",
    "民警",
)

SEPARATORS = re.compile(r"[、，,；;/]|联合")


def recognise_family(name: str) -> str | None:
    """The regulator family a body's name tells by itself, or None when it does not."""
    for family, keywords in FAMILY_KEYWORDS:
        if any(keyword in name for keyword in keywords):
            return family
    return None


def split_agency_text(text: str) -> list[str]:
    """The bodies named in an 执法机构 cell, in order, without repeats."""
    names: list[str] = []
    for piece in SEPARATORS.split(text):
        pending = ""
        for fragment in piece.split():
            pending += fragment
            if pending.endswith(AGENCY_SUFFIXES):
                names.append(pending)
                pending = ""
        if pending:
            names.append(pending)
    return list(dict.fromkeys(name for name in names if name))


def is_national(name: str) -> bool:
    return name.startswith(NATIONAL_PREFIXES) and not any(
        region.short_name in name for region in all_regions()
    )


_regions_cache: list[Region] | None = None


def all_regions() -> list[Region]:
    """The 34 regions, read once per process (reference data that does not change)."""
    global _regions_cache
    if _regions_cache is None:
        _regions_cache = list(Region.objects.all())
    return _regions_cache


@dataclass(frozen=True)
class ResolvedRegion:
    province: Region | None
    city: str


def resolve_region(text: str) -> ResolvedRegion | None:
    """The province (and city) a region text names, or None when none is recognised.

    Reads no database row after the first call in a process.
    """
    compact = "".join(text.split())
    if not compact:
        return ResolvedRegion(province=None, city="")
    for region in sorted(all_regions(), key=lambda r: -len(r.short_name)):
        for prefix in (region.name, region.short_name):
            if compact.startswith(prefix):
                rest = compact[len(prefix) :].lstrip("省市、，,")
                return ResolvedRegion(province=region, city=rest)
    return None


@transaction.atomic
def resolve_authorities(
    *, agency_text: str, province: Region | None, family_hint: str | None
) -> list[Authority]:
    """Find or create the authorities an agency text names.

    A new authority's family comes from its name; where the name does not tell,
    from `family_hint` (the file's or the row's family), else "other".
    """
    authorities = []
    for name in split_agency_text(agency_text):
        region = None if is_national(name) else province
        family = recognise_family(name) or family_hint or RegulatorFamily.OTHER
        authority, _created = Authority.objects.get_or_create(
            name=name, province=region, defaults={"family": family}
        )
        authorities.append(authority)
    return authorities
