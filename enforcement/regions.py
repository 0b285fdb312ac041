"""Reading where a case was decided: its region cell (地区), or its agencies' names.

The rule, as the README states it:
- 全国, 中央, 国家, 中国, national (any case) — a case decided by a central body: national,
  no province.
- A province in any form (广东, 广东省, Guangdong), maybe followed by cities (河北 唐山,
  广东省深圳市, 江苏盐城、宿迁): that province, the rest kept as the city text.
- A city alone (深圳, 南宁市, 瑞安): the province it belongs to (fixtures/cities.json).
- Several provinces (北京、上海): the first one named; the verbatim text keeps them all.
- Empty (or --, 无): read from the enforcing agency's name where it names a place
  (广东省通信管理局, 南宁市公安局); national where every body it names is a central one;
  else a province named inside a name (…江苏监管局); otherwise the region is not known.
Anything else is refused, with what is accepted.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from instruments.models import Region
from instruments.places import is_national, place_at_start, regions
from lawtracker.text import compact

NATIONAL_WORDS = {
    "全国",
    "中央",
    "国家",
    "中国",
    "中华人民共和国",
    "national",
    "nationwide",
    "china",
}

# 全国范围, 全国各地, 全国性, 国家级: still the whole country.
NATIONAL_SUFFIXES = ("范围内", "范围", "各地", "性", "层面", "级")
NO_REGION = {"", "-", "--", "—", "——", "/", "无", "空"}
# A region the source does not give: the case is kept with no province.
UNKNOWN_WORDS = {"不详", "未知", "不明", "未公开", "unknown", "n/a", "多地", "多省", "多个省份"}
# Between the places of one cell: 江苏盐城、宿迁 · 河北 唐山 · 杭州（浙江） · 浙江/杭州.
PLACE_BREAK = re.compile(r"[\s、，,；;/|·\-－—()（）\[\]【】]+")


@dataclass(frozen=True)
class Place:
    """Where a case was decided: a province (and city text), national, or not known."""

    province: Region | None
    city: str = ""
    national: bool = False

    @property
    def key(self) -> str:
        """The place, whatever its spelling: part of what identifies a case."""
        if self.national:
            return "national"
        code = self.province.code if self.province else ""
        return f"{code}|{'、'.join(part.removesuffix('市') for part in self.city.split('、'))}"


def is_national_word(text: str) -> bool:
    word = text.lower()
    for suffix in NATIONAL_SUFFIXES:
        word = word.removesuffix(suffix)
    return word in NATIONAL_WORDS


def read_region(text: str, agency_names: list[str] = ()) -> Place:
    """The place a region cell names; for an empty one, what the agency names tell
    (`agency_names`: the bodies of the 执法机构 cell). Raises ValueError saying what is
    accepted. Reads no database row after the first call in a process."""
    whole = compact(text)
    if whole in NO_REGION:
        return place_of_agencies(agency_names)
    if whole.lower() in UNKNOWN_WORDS:
        return Place(province=None)
    if is_national_word(whole):
        return Place(province=None, national=True)
    if (found := place_at_start(whole)) and found.length == len(whole) and not found.city:
        return Place(province=found.region)  # a province alone, however spaced
    province, cities_named = None, []
    for part in (compact(part) for part in PLACE_BREAK.split(str(text).strip()) if part):
        found = place_at_start(part)
        if found is None:
            if province is None:
                raise ValueError(not_a_region(text))
            cities_named.append(part)  # 江苏盐城、宿迁: a city of the province named
            continue
        if province is None:
            province = found.region
        elif found.region != province:
            break  # another province: the first one named is the case's
        rest = part if found.city else part[found.length :]
        if rest:
            cities_named.append(rest)
    return Place(province=province, city="、".join(cities_named))


def not_a_region(text: str) -> str:
    return (
        _(
            "“%s” is not a region the tracker reads: give a province (广东, 广东省, Guangdong), "
            "a province and its cities (广东深圳, 江苏盐城、宿迁), a city (深圳), or 全国 "
            "(national) for a case decided by a central body"
        )
        % str(text).strip()
    )


def place_of_agencies(names: list[str]) -> Place:
    """Where the bodies of an 执法机构 cell are: the first place one names at its start
    (广东省通信管理局, 南宁市公安局青秀分局), else national when every one is a central
    body, else a province named inside one (…江苏监管局), else not known."""
    for name in names:
        if found := place_at_start(compact(name)):
            return Place(province=found.region, city=found.city)
    if names and all(is_national(name) for name in names):
        return Place(province=None, national=True)
    for name in names:
        # 中国银行保险监督管理委员会江苏监管局: a central body's office in a province.
        flat = compact(name)
        named = [(flat.find(r.short_name), r) for r in regions() if r.short_name in flat]
        if named:
            return Place(province=min(named, key=lambda pair: pair[0])[1])
    return Place(province=None)
