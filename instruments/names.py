"""Reading the names of issuing and enforcing bodies: which bodies an agency cell names,
their regulator family, and what identifies one body however it is written.

One body is often written several ways (北京市网信办, 北京网信办, 北京市互联网信息办公室;
广东省通信管理局, 通信管理局 in a 广东 case): `name_key` gives every such spelling the same
key, and the tracker holds one authority per key (with the spellings as its aliases).
"""

import re
from collections.abc import Iterable

from instruments.models import Authority, Region, RegulatorFamily
from instruments.places import is_national, place_at_start, regions
from lawtracker.text import compact

# Name fragments that tell the family on their own; checked in this order, so that
# 网信 wins over 公安 in "网信办 公安 联合" only when each name is resolved separately.
FAMILY_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (
        RegulatorFamily.CYBERSPACE,
        ("网信", "互联网信息办公室", "网络安全和信息化", "网络安全审查"),
    ),
    (
        RegulatorFamily.PUBLIC_SECURITY,
        ("公安", "网安", "网警", "派出所", "警方", "治安", "民警"),
    ),
    (RegulatorFamily.MIIT, ("通信管理局", "通管局", "工业和信息化", "工信", "信息通信")),
    (
        RegulatorFamily.OTHER,
        (
            "市场监",
            "银保监",
            "银行保险",
            "金融监",
            "人民银行",
            "证监",
            "文化",
            "文旅",
            "旅游",
            "教育",
            "广电",
            "扫黄打非",
            "卫生",
            "卫健",
            "交通",
            "密码",
            "保密",
            "数据局",
        ),
    ),
]

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
    "署",
    "中心",
    "公安",
    "网警",
    "网安",
    "机关",
    "部门",
    "警方",
    "监管",
    "民警",
    "办公室",
)

SEPARATORS = re.compile(r"[、，,；;/]|联合")


def recognise_family(name: str) -> str | None:
    """The regulator family a body's name tells by itself, or None when it does not."""
    for family, keywords in FAMILY_KEYWORDS:
        if any(keyword in name for keyword in keywords):
            return family
    return None


def split_agency_text(text: str) -> list[str]:
    """The bodies named in an 执法机构 (or 发布机关) cell, in order, without repeats."""
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


# The central bodies by their official names, with the other ways they are written.
CENTRAL_BODIES: dict[str, tuple[str, ...]] = {
    "国家互联网信息办公室": (
        "国家网信办",
        "中央网信办",
        "中央网络安全和信息化委员会办公室",
        "国家互联网信息办",
    ),
    "工业和信息化部": ("工信部", "中华人民共和国工业和信息化部"),
    "工业和信息化部网络安全管理局": ("工信部网络安全管理局", "工信部网安局"),
    "公安部": ("中华人民共和国公安部",),
    "国家市场监督管理总局": ("市场监管总局", "国家市场监管总局"),
    "中国人民银行": ("人民银行", "央行"),
    "中国银行保险监督管理委员会": ("银保监会", "中国银保监会"),
    "国家金融监督管理总局": ("金融监管总局",),
    "中国证券监督管理委员会": ("证监会", "中国证监会"),
    "最高人民法院": ("最高法",),
    "最高人民检察院": ("最高检",),
    "全国人民代表大会常务委员会": ("全国人大常委会",),
    "全国人民代表大会": ("全国人大",),
    "国务院": ("中华人民共和国国务院",),
    "国务院办公厅": ("国办",),
    "国家标准化管理委员会": ("国家标准委",),
    # Renamed 全国网络安全标准化技术委员会 in 2023; the same committee (TC260).
    "全国信息安全标准化技术委员会": ("信安标委", "全国网络安全标准化技术委员会", "网安标委"),
    "国家计算机网络应急技术处理协调中心": ("国家互联网应急中心",),
    "中国信息通信研究院": ("信通院", "中国信通院"),
    "国家广播电视总局": ("广电总局",),
    "文化和旅游部": ("文旅部",),
    "国家卫生健康委员会": ("国家卫健委", "国家卫生健康委"),
    "国家发展和改革委员会": ("国家发展改革委", "国家发改委"),
    "国家密码管理局": ("国家密码局",),
    "国家外汇管理局": ("外汇局",),
    "国家税务总局": ("税务总局",),
}
CENTRAL_NAME = {
    compact(spelling): official
    for official, spellings in CENTRAL_BODIES.items()
    for spelling in (official, *spellings)
}

# Spellings of one kind of body, read to one: the longer form on the left.
SHORTER_FORMS = [
    ("网络安全和信息化委员会办公室", "网信办"),
    ("互联网信息办公室", "网信办"),
    ("委网信办", "网信办"),  # 省委网信办 is the province's 网信办 (one office, two names)
    ("市场监督管理总局", "市场监管总局"),
    ("市场监督管理局", "市场监管局"),
    ("网络安全保卫", "网安"),
    ("文化和旅游", "文旅"),
    ("通信管理局", "通管局"),
]
# 中国银行保险监督管理委员会江苏监管局, 中国银保监会江苏监管局: 江苏银保监局.
BANKING_OFFICE = re.compile(r"^(?:中国银行保险监督管理委员会|中国银保监会|银保监会)(.+?)监管局$")
# A body placed by a bracket after its name: 通信管理局（广东）.
PLACE_AFTER = re.compile(r"^(.+?)\((.+)\)$")
# Bodies that exist only once in a province, so that naming the kind names the body:
# 通信管理局 in a 广东 case is 广东省通信管理局; any 厅 is a provincial department.
PROVINCIAL_ONLY = ("通信管理局", "通管局", "银保监局", "证监局", "厅")


def body_province(name: str, province: Region | None) -> Region | None:
    """The province a body is in: none for a central one; the place its own name starts
    with (北京市网信办 is in 北京 whatever the case's region says); else the case's."""
    if is_central(name, province):
        return None
    if found := place_at_start(place_first(compact(name).removeprefix("中共"))):
        return found.region
    return province


def name_key(name: str, province: Region | None) -> str:
    """What identifies a body whatever its spelling, within `province` (its own, as
    `body_province` gives it): the province's code, P when the name places the body at
    the province's own level, and the name with the place and the usual long forms read
    out (深圳市网信办 and 深圳网信办 alike). Reads no database row after the first call."""
    flat = place_first(compact(name).removeprefix("中共"))
    if is_central(flat, province):
        return f"CN||{central_name(flat) or flat}"
    flat = BANKING_OFFICE.sub(r"\1银保监局", flat)
    provincial = False
    city_named = False
    if province is not None:
        start = place_at_start(flat)
        if start is not None and start.region == province:
            rest = flat[start.length :]
            if not start.city:
                flat, provincial = rest, True  # 广东省公安厅, 北京网信办
            elif start.city != province.short_name:
                flat, city_named = start.city + rest, True  # 深圳市网信办 as 深圳网信办
            else:
                city_named = True  # 吉林市网信办: the city, not the province of 吉林
        elif start is None and own_prefix(flat, province):
            flat, provincial = flat[1:], True  # 省公安厅 in a 广东 case
    for longer, shorter in SHORTER_FORMS:
        flat = flat.replace(longer, shorter)
    provincial = provincial or (not city_named and flat.endswith(PROVINCIAL_ONLY))
    code = province.code if province is not None else "CN"
    return f"{code}|{'P' if provincial else ''}|{flat}"


def place_first(flat: str) -> str:
    """通信管理局(广东) as 广东通信管理局: the place before the body, as names usually go."""
    if placed := PLACE_AFTER.match(flat):
        body, place = placed.groups()
        if any(place in (r.name, r.short_name) for r in regions()):
            return place + body
    return flat


def central_name(name: str) -> str | None:
    """The official name of a central body written any of its ways, or None."""
    return CENTRAL_NAME.get(compact(name).removeprefix("中共"))


def full_name(name: str, province: Region | None) -> str:
    """The name a new authority is given: a central body's official one; a provincial body
    named only by its kind (通信管理局, 省公安厅) with its province's name before it."""
    if (official := central_name(name)) is not None and is_central(name, province):
        return official
    if province is None:
        return name.strip()
    flat = compact(name)
    placed = place_first(flat)
    start = place_at_start(placed)
    if placed != flat and start and not start.city:
        return province.name + placed[start.length :]  # 通信管理局（广东）
    if start is not None:
        return name.strip()  # it names its place already
    if own_prefix(flat, province):
        return province.name + flat[1:]  # 省公安厅 in a 广东 case
    if flat.endswith(PROVINCIAL_ONLY):
        return province.name + flat  # 通信管理局 in a 广东 case
    return name.strip()


def own_prefix(flat: str, province: Region) -> bool:
    """Whether a name starts by naming the case's own province: 省公安厅 in a 广东 case,
    市公安局 in a 上海 one (but not 市场监管局, which starts with the word 市场)."""
    own = "市" if province.kind == Region.Kind.MUNICIPALITY else "省"
    return flat.startswith(own) and not flat.startswith(("市场", "省级", "市级"))


# Short names of central bodies that, in a case of a province, mean its local office
# (人民银行 in a 广东 case is the bank's 广东 branch).
AMBIGUOUS_CENTRAL = ("人民银行", "央行", "外汇局")


def is_central(name: str, province: Region | None = None) -> bool:
    """Whether a body is a central one (and so has no province) in a case of `province`."""
    flat = compact(name).removeprefix("中共")
    if province is not None and flat.startswith(AMBIGUOUS_CENTRAL):
        return False
    return central_name(flat) is not None or is_national(flat)


def in_document_order(authorities: Iterable[Authority], text: str) -> list[Authority]:
    """These authorities in the order `text` (an instrument's issuers as given) names
    them, lead issuer first, each found by any spelling its key reads the same; those it
    does not name follow, by name. Reads no database row."""
    places: dict[str, int] = {}
    for place, name in enumerate(split_agency_text(text)):
        places.setdefault(name_key(name, body_province(name, None)), place)
    return sorted(
        authorities,
        key=lambda a: (places.get(name_key(a.name, a.province), len(places)), a.name),
    )
