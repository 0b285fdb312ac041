"""Reading the place a source names: a case's region cell (地区), or an agency's name.

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

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from instruments.models import Region
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
# What a province's short name may be followed by before its cities: 广东省深圳市,
# 广西壮族自治区. Not 市: 吉林市 is a city, and a municipality's full name (北京市) is read
# before its short one.
PROVINCE_WORD = re.compile(r"^(?:省|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)")
ENGLISH_NAMES = {"xizang": "540000", "macau": "820000", "inner mongolia": "150000"}


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


@dataclass(frozen=True)
class Start:
    """The place a text starts with: its province, the city named (its short name, or ""
    for the province itself), and how many characters name it."""

    region: Region
    city: str
    length: int


_reference: list[Region] | None = None


def regions() -> list[Region]:
    """The 34 regions, longest names first (read once per process: reference data)."""
    return _reference if _reference is not None else _regions()


@cache
def _regions() -> list[Region]:
    return sorted(Region.objects.all(), key=lambda r: -len(r.short_name))


@contextmanager
def reference_regions(given):
    """Read places against these regions (a migration's own Region rows) meanwhile."""
    global _reference
    _reference = sorted(given, key=lambda r: -len(r.short_name))
    try:
        yield
    finally:
        _reference = None


@cache
def cities() -> list[tuple[str, str, str]]:
    """(name as written, its short name, province code) for every city's full and short
    name, longest first (fixtures/cities.json)."""
    path = Path(settings.BASE_DIR) / "fixtures" / "cities.json"
    names = set()
    for city in json.loads(path.read_text(encoding="utf-8")):
        names |= {
            (city["name"], city["short_name"], city["province"]),
            (city["short_name"], city["short_name"], city["province"]),
        }
    return sorted(names, key=lambda entry: -len(entry[0]))


@cache
def cities_by_first_character() -> dict[str, list[tuple[str, str, str]]]:
    """`cities()` by their first character, so a lookup reads a handful, not 1,400."""
    index: dict[str, list[tuple[str, str, str]]] = {}
    for entry in cities():
        index.setdefault(entry[0][0], []).append(entry)
    return index


@cache
def region_names(given: tuple[Region, ...]) -> tuple[list[tuple[str, Region]], ...]:
    """The regions' Chinese names (full and short) and their English names (compact and
    lower-cased: Inner Mongolia as innermongolia), worked out once for a set of regions."""
    chinese = [(name, region) for region in given for name in (region.name, region.short_name)]
    english = [
        (compact(name).lower(), region)
        for region in given
        for name in (region.name_en, *_english_aliases(region))
    ]
    return chinese, english


def place_at_start(text: str) -> Start | None:
    """The province or city `text` (compact) starts with; the longer name wins, so that
    吉林市 is the city and 海南藏族自治州 the prefecture of 青海, not the provinces."""
    found = []
    chinese, english = region_names(tuple(regions()))
    for name, region in chinese:
        # 北京市场监管局 is 北京's 市场监管局, not 北京市's 场监管局.
        if text.startswith(name) and not (name[-1] == "市" and text[len(name) :][:1] == "场"):
            rest = text[len(name) :]
            found.append(Start(region, "", len(text) - len(PROVINCE_WORD.sub("", rest))))
    lowered = text.lower()
    found += [Start(region, "", len(name)) for name, region in english if lowered.startswith(name)]
    for name, short, code in cities_by_first_character().get(text[:1], ()):
        if text.startswith(name):
            region = next(r for r in regions() if r.code == code)
            found.append(Start(region, short, len(name)))
            break
    # Longest first; between equals the province (吉林 is the province, 吉林市 the city).
    return max(found, key=lambda start: (start.length, not start.city), default=None)


def _english_aliases(region: Region) -> list[str]:
    return [name for name, code in ENGLISH_NAMES.items() if code == region.code]


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


# A body whose name starts with one of these is a central one, unless it names a province
# too (中国人民银行上海分行, 国家税务总局广东省税务局).
NATIONAL_PREFIXES = (
    "国家",
    "中央",
    "全国",
    "国务院",
    "最高人民",
    "中共中央",
    "中华人民共和国",
    "工业和信息化部",
    "工信部",
    "公安部",
    "教育部",
    "商务部",
    "财政部",
    "司法部",
    "交通运输部",
    "文化和旅游部",
    "网络安全审查办公室",
    "市场监管总局",
    "海关总署",
    "中国人民银行",
    "人民银行",
    "中国银保监会",
    "中国银行保险监督管理委员会",
    "银保监会",
    "中国证监会",
    "中国证券监督管理委员会",
    "证监会",
    # Central bodies by their short names (instruments.names.CENTRAL_BODIES).
    "央行",
    "最高法",
    "最高检",
    "国办",
    "信通院",
    "中国信通院",
    "信安标委",
    "网安标委",
    "外汇局",
    "税务总局",
    "金融监管总局",
    "文旅部",
    "广电总局",
    # The State Council's ministries and agencies not named 国家… or 中国….
    "外交部",
    "国防部",
    "科学技术部",
    "科技部",
    "民政部",
    "人力资源和社会保障部",
    "人力资源社会保障部",
    "人社部",
    "自然资源部",
    "生态环境部",
    "住房和城乡建设部",
    "住建部",
    "水利部",
    "农业农村部",
    "退役军人事务部",
    "应急管理部",
    "审计署",
    "中国民用航空局",
    "民航局",
    "中国气象局",
)


def is_national(name: str) -> bool:
    """Whether a body's name is a central one's (国家网信办, 工业和信息化部, 公安部 …)."""
    flat = compact(name)
    return flat.startswith(NATIONAL_PREFIXES) and not any(
        region.short_name in flat for region in regions()
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
