"""Reads an instrument's level (效力级别) from its title and issuers, for tables without one."""

import json
import re
from functools import cache
from pathlib import Path

from instruments.models import InstrumentLevel as Level
from lawtracker.text import compact, folded

# Each matched against one whole issuer name: 国务院 is not 国务院办公厅 nor 国务院国资委.
ISSUERS = [
    ("npc", re.compile(r"(?:中华人民共和国)?全国人(?:民代表大会|大)(?:常务委员会|常委会)?")),
    ("state_council", re.compile(r"(?:中华人民共和国)?国务院")),
    ("general_office", re.compile(r"(?:国务院|中共中央)办公厅")),
    ("court", re.compile(r"最高人民(?:法院|检察院)|最高(?:法|检)")),
    ("standards_body", re.compile(r"国家标准化管理委员会|国家标准委")),
]
# A province, city or special zone opening an issuer's name or a title; not 国家市场监督…,
# 网络市场…, 智慧城市….
PLACE = re.compile(
    r"(?!国家|全国|中国|中华)[\u4e00-\u9fff]{2,5}?(?:省|(?<!城)市(?!场)|自治区|经济特区)"
)
TITLE_ISSUER = re.compile(r"^([^《》]{2,60}?)关于")
SEPARATORS = re.compile(r"[、，,；;/\s]+")
TRIAL = re.compile(r"试行|暂行")
BRACKETS = str.maketrans(
    {"(": "（", ")": "）", "〈": "《", "〉": "》", "【": "（", "】": "）", "[": "（", "]": "）"}
)
# A call for comment and an amending decision carry the level of the instrument they name.
CARRIERS = [
    re.compile(
        r"关于(?=.*征求)(?:公开)?(?:征求)?(?:对)?《(?P<inner>[^《》]+)》.*意见的(?:通知|公告|函)$"
    ),
    re.compile(r"关于(?:修改|废止)《(?P<inner>[^《》]+)》.*的决定$"),
]
# What follows the name: （试行）（2020年版）（修订草案征求意见稿）（十一）（国发〔2020〕13号）,
# and, in a cell typed without 《》, an order's number (主席令第五十三号), a document number,
# the status a database adds (【现行有效】) or 征求意见.
SUFFIX = re.compile(
    r"(?:（[^（）]*）|(?:修订|修正)?草案(?:[一二三四五六七八九十]次审议稿)?|征求意见稿|送审稿"
    r"|(?:公开)?征求意见|(?:主席|国务院|[部委局署办])?令第?[0-9零〇一二三四五六七八九十百]+号"
    r"|[\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号|现行有效|已废止|已失效|失效|已被修改|部分失效|尚未生效)+$"
)

RULE_FORMS = r"(?:规定|办法|细则|规则)$"
GUIDE_FORMS = r"(?:指南|指引|规范|要求|准则|方法)$"
SECTORS = r"(?:金融|银行|证券|期货|保险|广播电视|电信|通信)"
INDUSTRY_CODE = r"(?<![A-Za-z/])[A-Z]{2,4}(?:/[TZ]\d|\d+(?:\.\d+)?[-—–]\d{4})"

# Cases the practice's tables leave open, and why they read as they do:
# - a bare 《…规定》《…办法》《…细则》《…规则》 is a departmental rule: ministries issue most,
#   and a State Council, provincial or court one is named in the title or the issuer column;
# - a 规范, 要求, 准则 or 方法 with neither a standard's series (信息安全技术…) nor its code
#   reads as a 指南 does: a practice guide, or an industry standard when it names a sector
#   with its own standard code (金融 JR/T, 广播电视 GY/T, 通信 YD/T …); marked 试行/暂行 it
#   is an authority's normative document, as standards are never issued on trial;
# - 认定方法, 认证规则, 清单, 目录, 范围(规定) and 标准体系建设指南 are normative documents:
#   authorities publish them by 公告 or 通知, not by 令;
# - 团体标准 (T/…) are practice guides, voluntary as TC260's guides are; a local standard
#   (DB…) reads None, as no level here is honestly nearest;
# - a court's 决定 is a judicial interpretation, as are its 解释, 规定, 规则 and 批复
#   (最高人民法院关于司法解释工作的规定 第六条), while its 意见 and 通知 are normative
#   documents; a 解释 or 批复 naming no issuer is a court's, as others name themselves;
# - a call for comment (关于《X》征求意见的通知) and an amending decision (关于修改《X》的决定)
#   have X's level, but 关于印发《X》的通知 is a normative document; of several titles in
#   one cell (《A》《B》) the first is read.
#
# (fact or None for any, pattern searched in the name, level). The first match wins, so
# the order carries the law: the NPC outranks form (its 决定 is a law, the State Council's
# is not); a standard's series or code outranks the last word (信息安全技术…指南 is a
# standard); who issued a 规定 outranks its form (a court's is a judicial interpretation, a
# city's a local regulation, the State Council's an administrative regulation); a longer
# ending outranks the shorter inside it (认定方法 before 方法, 建设指南 before 指南).
RULES = [
    (fact, re.compile(pattern), level)
    for fact, pattern, level in [
        ("npc", r"", Level.LAW),
        (None, r"^网络安全标准实践指南", Level.PRACTICE_GUIDE),
        (None, r"^(?:信息安全技术|网络安全技术|数据安全技术|信息技术)", Level.NATIONAL_STANDARD),
        (None, r"(?<![A-Za-z])GB(?:/[TZ])?\d", Level.NATIONAL_STANDARD),
        (None, r"(?<![A-Za-z])T/[A-Z]+\d", Level.PRACTICE_GUIDE),
        (None, r"(?<![A-Za-z])DB\d{2}", None),
        (None, INDUSTRY_CODE, Level.INDUSTRY_STANDARD),
        (None, r"(?<![办方做算用写手技疗说看想语文执司章])法$|法典$|修正案$", Level.LAW),
        ("court", r"(?:解释|规定|规则|批复|决定)$", Level.JUDICIAL_INTERPRETATION),
        ("unnamed", r"(?:解释|批复)$|(?:适用|应用)法律.*规定$", Level.JUDICIAL_INTERPRETATION),
        ("local", r"(?:条例|规定|办法|细则|规则)$", Level.LOCAL_REGULATION),
        (None, r"条例$", Level.ADMINISTRATIVE_REGULATION),
        ("state_council", RULE_FORMS, Level.ADMINISTRATIVE_REGULATION),
        ("general_office", RULE_FORMS, Level.NORMATIVE_DOCUMENT),
        # An amending decision has the rank of what it amends (a 国务院令, a 部门令).
        (None, r"(?:修改|废止).*行政法规的决定$", Level.ADMINISTRATIVE_REGULATION),
        (None, r"(?:修改|废止).*规章的决定$", Level.DEPARTMENTAL_RULE),
        # The foreign-investment negative lists are NDRC/MOFCOM orders (2020: 令第32号); the
        # 市场准入负面清单 is not one, hence 特别管理措施 and not 负面清单.
        (None, r"外商投资准入特别管理措施$", Level.DEPARTMENTAL_RULE),
        (None, r"(?:认定方法|认证(?:实施)?规则|建设指南|范围规定)$", Level.NORMATIVE_DOCUMENT),
        (None, RULE_FORMS, Level.DEPARTMENTAL_RULE),
        (
            None,
            r"(?:决定|通知|意见|公告|通告|方案|措施|要点|提示|批复|函|纪要|计划|规划|纲要"
            r"|清单|目录|名录|范围)$",
            Level.NORMATIVE_DOCUMENT,
        ),
        ("standards_body", GUIDE_FORMS, Level.NATIONAL_STANDARD),
        ("trial", GUIDE_FORMS, Level.NORMATIVE_DOCUMENT),
        (None, SECTORS + ".*" + GUIDE_FORMS, Level.INDUSTRY_STANDARD),
        (None, GUIDE_FORMS, Level.PRACTICE_GUIDE),
    ]
]


# A standard's code anywhere in the cell, even after the title: 《…》（GB/T 35273—2020）.
CODES = [rule for rule in RULES if rule[1].pattern.startswith("(?<![A-Za-z")]


def infer_level(title: str, issuers: str = "") -> str | None:
    """The level (an InstrumentLevel value) the title and issuers tell, or None."""
    cell = compact(title).translate(BRACKETS)
    text = _first_title(cell)
    # 关于修改《X》的决定（征求意见稿）: the call or decision is read without its suffix too.
    for carried in dict.fromkeys([text, SUFFIX.sub("", text)]):
        for carrier in CARRIERS:
            if match := carrier.search(carried):
                named = "、".join(filter(None, [issuers, carried[: match.start()]]))
                return infer_level(match["inner"], named)
    for _fact, pattern, level in CODES:
        if pattern.search(cell):
            return level
    name = SUFFIX.sub("", text)
    known = {None, *_issuer_facts(name, issuers), *(["trial"] if TRIAL.search(cell) else [])}
    levels = (level for fact, pattern, level in RULES if fact in known and pattern.search(name))
    return next(levels, None)


def _first_title(text: str) -> str:
    """The first 《…》 when the cell opens with one: 《A》《B》, 《A》（征求意见稿）."""
    if not text.startswith("《"):
        return text
    depth = 0
    for end, char in enumerate(text):
        depth += (char == "《") - (char == "》")
        if depth == 0:
            return text[1:end]
    return text[1:]


def _issuer_facts(name: str, issuers: str) -> set[str]:
    """Who issued it, from the issuer column and the title's own 《X关于…》 prefix."""
    named = [part for part in SEPARATORS.split(folded(issuers)) if part]
    if match := TITLE_ISSUER.match(name):
        named += SEPARATORS.split(match.group(1))
    found = {fact for part in named for fact, pattern in ISSUERS if pattern.fullmatch(part)}
    if any(PLACE.match(part) for part in [*named, name]) or name.startswith(place_names()):
        found.add("local")
    return found if named else found | {"unnamed"}


@cache
def place_names() -> tuple[str, ...]:
    """The provinces' and prefecture-level cities' names, full and short (杭州城市大脑…条例,
    河北雄安新区条例, 海南自由贸易港…条例 are local), from the reference fixtures."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    names = set()
    for region in json.loads((fixtures / "regions.json").read_text(encoding="utf-8")):
        names |= {region["name"], region["short_name"]}
    for city in json.loads((fixtures / "cities.json").read_text(encoding="utf-8")):
        if city["level"] == "prefecture":
            names |= {city["name"], city["short_name"]}
    return tuple(sorted(names, key=len, reverse=True))


# How a 效力级别 cell writes a level beyond the nine labels the importer reads already.
# Left out, with no honest nearest level: 党内法规, 军事法规规章, 团体规定 (人民团体), 地方标准,
# 企业标准, 国际条约, and the ambiguous 法律法规 and 标准.
LEVEL_ALIASES = {
    "宪法": Level.LAW,  # above every law, but nearer a law than anything else here
    "法律解释": Level.LAW,
    "有关法律问题的决定": Level.LAW,
    "有关法律问题和重大问题的决定": Level.LAW,
    "法规": Level.ADMINISTRATIVE_REGULATION,  # as the importer has always read it
    "国务院行政法规": Level.ADMINISTRATIVE_REGULATION,
    "规章": Level.DEPARTMENTAL_RULE,
    "部委规章": Level.DEPARTMENTAL_RULE,
    "国务院部门规章": Level.DEPARTMENTAL_RULE,
    "行政规章": Level.DEPARTMENTAL_RULE,  # a ministry's, the common case; a city's says 地方
    "部门规范性文件": Level.NORMATIVE_DOCUMENT,
    "部门工作文件": Level.NORMATIVE_DOCUMENT,
    "行政规范性文件": Level.NORMATIVE_DOCUMENT,
    "国务院规范性文件": Level.NORMATIVE_DOCUMENT,
    "地方规范性文件": Level.NORMATIVE_DOCUMENT,
    "地方工作文件": Level.NORMATIVE_DOCUMENT,
    "行政许可批复": Level.NORMATIVE_DOCUMENT,
    # The practice files a court's 指导意见 as a normative document (review_2020).
    "司法指导性文件": Level.NORMATIVE_DOCUMENT,
    "司法解释性质文件": Level.NORMATIVE_DOCUMENT,
    "地方法规": Level.LOCAL_REGULATION,
    "省级地方性法规": Level.LOCAL_REGULATION,
    "设区的市地方性法规": Level.LOCAL_REGULATION,
    # The model has no level for a city's own rules; a local regulation is nearest.
    "地方政府规章": Level.LOCAL_REGULATION,
    "地方规章": Level.LOCAL_REGULATION,
    "自治条例": Level.LOCAL_REGULATION,
    "单行条例": Level.LOCAL_REGULATION,
    "经济特区法规": Level.LOCAL_REGULATION,
    "国标": Level.NATIONAL_STANDARD,
    "推荐性国家标准": Level.NATIONAL_STANDARD,
    "强制性国家标准": Level.NATIONAL_STANDARD,
    "国家标准（推荐性）": Level.NATIONAL_STANDARD,
    "国家标准（强制性）": Level.NATIONAL_STANDARD,
    "国家标准化指导性技术文件": Level.NATIONAL_STANDARD,
    "行标": Level.INDUSTRY_STANDARD,
    "推荐性行业标准": Level.INDUSTRY_STANDARD,
    "强制性行业标准": Level.INDUSTRY_STANDARD,
    "行业标准（推荐性）": Level.INDUSTRY_STANDARD,
    "行业标准（强制性）": Level.INDUSTRY_STANDARD,
    "指南": Level.PRACTICE_GUIDE,
    "指引": Level.PRACTICE_GUIDE,
    "行业指引": Level.PRACTICE_GUIDE,
    "行业指南": Level.PRACTICE_GUIDE,
    "网络安全标准实践指南": Level.PRACTICE_GUIDE,
    # Voluntary and an association's, like a practice guide; not a ministry's 规章.
    "团体标准": Level.PRACTICE_GUIDE,
    "行业规定": Level.PRACTICE_GUIDE,
}
