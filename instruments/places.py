"""The places sources name: the 34 regions and their cities (reference data), the place a
text starts with, and whether a body's name is a central one's. A case's region cell is
read by enforcement.regions."""

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings

from instruments.models import Region
from lawtracker.text import compact

# What a province's short name may be followed by before its cities: 广东省深圳市,
# 广西壮族自治区. Not 市: 吉林市 is a city, and a municipality's full name (北京市) is read
# before its short one.
PROVINCE_WORD = re.compile(r"^(?:省|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)")
ENGLISH_NAMES = {"xizang": "540000", "macau": "820000", "inner mongolia": "150000"}


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
    吉林市 is the city and 海南藏族自治州 the prefecture of 青海, not the provinces.
    Remembered per text while the regions are the process's own (an import reads the
    same agencies row after row)."""
    if _reference is not None:
        return _place_at_start(text, tuple(_reference))
    return _remembered_place_at_start(text)


@lru_cache(maxsize=8192)
def _remembered_place_at_start(text: str) -> Start | None:
    return _place_at_start(text, tuple(regions()))


def _place_at_start(text: str, given: tuple[Region, ...]) -> Start | None:
    found = []
    chinese, english = region_names(given)
    for name, region in chinese:
        # 北京市场监管局 is 北京's 市场监管局, not 北京市's 场监管局.
        if text.startswith(name) and not (name[-1] == "市" and text[len(name) :][:1] == "场"):
            rest = text[len(name) :]
            found.append(Start(region, "", len(text) - len(PROVINCE_WORD.sub("", rest))))
    lowered = text.lower()
    found += [Start(region, "", len(name)) for name, region in english if lowered.startswith(name)]
    for name, short, code in cities_by_first_character().get(text[:1], ()):
        if text.startswith(name):
            region = next(r for r in given if r.code == code)
            found.append(Start(region, short, len(name)))
            break
    # Longest first; between equals the province (吉林 is the province, 吉林市 the city).
    return max(found, key=lambda start: (start.length, not start.city), default=None)


def _english_aliases(region: Region) -> list[str]:
    return [name for name, code in ENGLISH_NAMES.items() if code == region.code]


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
