"""Reads a case's verbatim penalty text (处罚结果) into one row per sanction."""

import re
from dataclasses import dataclass
from decimal import Decimal

from enforcement.models import PenaltyKind, PenaltyTarget
from enforcement.parties import ROLE, first_person
from lawtracker.numbers import NUMERALS, UNITS, parse_amount, parse_chinese_number
from lawtracker.text import compact


@dataclass(frozen=True)
class ParsedPenalty:
    """One sanction read from the penalty text; `text` is its span, whitespace removed."""

    kind: str
    target: str
    amount: Decimal | None = None
    days: int | None = None
    person: str = ""
    text: str = ""


NUMBER = rf"[0-9{NUMERALS}][0-9.,点{NUMERALS}]*"
CURRENCY = r"(?:人民币|RMB|rmb|CNY|cny|¥)"
# 罚款 5 万 or 罚款 50000 with 元 left out still names an amount; 罚款一次, 罚款3日内 do not.
MONEY = rf"{CURRENCY}?{NUMBER}(?:元|(?<=[{UNITS}])|(?<=[0-9])(?![0-9.,%个次日天年月人条项倍]))"
# What may stand between 罚款 and its amount: 罚款：5万元, 罚款金额5万元, 罚款共计人民币5万元.
AMOUNT_LEAD = r"(?:金额|数额|共计|合计|总计|计)?(?:为)?:?"
COUNT = r"[0-9一二两三四五六七八九十]+"

# One alternative per kind; each match is where a sanction is named.
SANCTION = re.compile(
    "|".join(
        rf"(?P<{kind.value}>{pattern})"
        for kind, pattern in [
            (
                PenaltyKind.FINE,
                # 罚没款 is a fine and confiscation in one sum: booked as a fine.
                rf"(?P<before>{MONEY})的?罚没?款|罚没?(?:款|金){AMOUNT_LEAD}(?P<after>{MONEY})?",
            ),
            (
                PenaltyKind.CONFISCATION,
                rf"没收(?:违法所得|非法所得|违法收入|非法财物)?(?P<gains>{MONEY})?",
            ),
            (PenaltyKind.DETENTION, rf"(?:行政)?拘留(?:(?P<detained>{COUNT})[日天])?"),
            (PenaltyKind.WARNING, r"警告(?:处罚)?"),
            # 整改期间 is when something else happens, not another order to rectify.
            (PenaltyKind.RECTIFY, r"(?:改正|整改)(?!期间)(?:到位)?"),
            (PenaltyKind.INTERVIEW, r"约谈"),
            (PenaltyKind.ICP_CANCEL, r"注销[^,;。、]{0,8}?备案号?"),
            (PenaltyKind.CLOSURE, r"关停|关闭"),
            (PenaltyKind.SUSPENSION, r"暂停|停更|停止更新|(?:停产)?停业"),
            (PenaltyKind.TAKEDOWN, r"下架"),
            (PenaltyKind.APOLOGY, r"(?:赔礼)?道歉|致歉(?:信|声明|函)?"),
            # Sanctions with no kind of their own, named so they are not lost among others;
            # 处理责任人 does not say how those persons were dealt with.
            (
                PenaltyKind.OTHER,
                r"(?:严肃)?(?:处理|追究)(?:相关)?责任人员?|通报批评|限制从业|降低资质等级"
                r"|(?:吊销|暂扣)[^,;。、]{0,10}?(?:许可证件?|执照|证书?)",
            ),
        ]
    )
)
# Kinds whose object follows the verb (暂停“推荐”频道, 关停网站): their span runs on to it.
VERB_FIRST = {PenaltyKind.SUSPENSION, PenaltyKind.CLOSURE, PenaltyKind.TAKEDOWN}
DURATION = re.compile(rf"(?P<count>{COUNT})个?(?P<unit>天|日|周|星期|月|年)")
DAYS_PER_UNIT = {"天": 1, "日": 1, "周": 7, "星期": 7}
CLAUSE_END = re.compile(r"[,;。、]")
PUNCTUATION = ",;。、:!?"
# Each fine, confiscation and detention is a row of its own; any other kind is one row per
# party however often the text repeats it (责令整改 整改期间…).
ONE_ROW_EACH = {PenaltyKind.FINE, PenaltyKind.CONFISCATION, PenaltyKind.DETENTION}

# 各 (or 分别) right before a sanction: each party named before it gets one (张三、李四各罚款…;
# 对该公司及其法定代表人各罚款…); 分别罚款1000元、2000元 gives each its own amount.
EACH = re.compile(r"(?:各|分别)(?:处以?|予以|给予|并处)?$")
PARTY_BREAK = re.compile(r"以及|及其|、|及|和|与")
ADDRESSED = re.compile(r"^(?:并)?(?:对于|对|给予)")
FURTHER_AMOUNT = re.compile(rf"[、,和](?P<amount>{MONEY})")
# 对其法定代表人罚款, 直接负责的主管人员罚款: a responsible person of the organization.
RESPONSIBLE = re.compile(ROLE)
ORGANIZATION = re.compile(r"公司|单位|企业")


def parse_penalties(text: str, *, subject_is_person: bool) -> list[ParsedPenalty]:
    """The sanctions named in a penalty text, in the order they appear."""
    # PDF dumps break words anywhere (行 政拘留, 负 责人), so whitespace means nothing.
    flat = compact(text)
    default = PenaltyTarget.INDIVIDUAL if subject_is_person else PenaltyTarget.ORGANIZATION
    matches = list(SANCTION.finditer(flat))
    if not matches:
        target, person = _target(flat, default)
        return [ParsedPenalty(PenaltyKind.OTHER, target, person=person, text=flat)] if flat else []

    penalties: list[ParsedPenalty] = []
    seen: set[tuple[str, str, str]] = set()
    group: list[tuple[str, str]] = []  # the parties of the last 各 sanction
    start = 0
    for index, match in enumerate(matches):
        kind = PenaltyKind(match.lastgroup)
        following = matches[index + 1].start() if index + 1 < len(matches) else len(flat)
        end, days = _span_end(flat, match, kind, following)
        lead = flat[start : match.start()]
        target, person = _whose(lead, match, penalties, default)
        span = flat[start:end].strip(PUNCTUATION)
        start = end
        amount, days = _amount_and_days(kind, match, days)

        if kind not in ONE_ROW_EACH:
            if (kind, target, person) in seen:
                continue
            seen.add((kind, target, person))
        else:
            # 对张三、李四各罚款2000元, and the 并处 that follows it: one row for each party.
            if EACH.search(lead):
                group = parties_of(lead)
            elif not (group and lead.startswith("并")):
                group = []
            if group:
                amounts = [amount] * len(group)
                if kind == PenaltyKind.FINE and (more := further_amounts(flat, match.end())):
                    if len(more) + 1 == len(group):
                        amounts = [amount, *more]  # 分别罚款1000元、2000元
                penalties += [
                    ParsedPenalty(kind, party_target, each, days, party, span)
                    for (party_target, party), each in zip(group, amounts, strict=True)
                ]
                continue
        penalties.append(ParsedPenalty(kind, target, amount, days, person, span))
    return penalties


def _whose(
    lead: str, match: re.Match, penalties: list[ParsedPenalty], default: str
) -> tuple[str, str]:
    """On whom a sanction falls (target, person): whom its clause names; else, right after
    another one, the same party ("陈某某予以行政拘留5日并处罚款1万元", "曹某罚款1万元，没收违法
    所得"); else the case's party."""
    target, person = _target(lead + match[0], None)
    if target is not None:
        return target, person
    if penalties and lead.startswith(("并", *PUNCTUATION)):
        return penalties[-1].target, penalties[-1].person
    return default, ""


def _amount_and_days(
    kind: str, match: re.Match, days: int | None
) -> tuple[Decimal | None, int | None]:
    """A sanction's amount of money, and its days (a detention's are in its own words)."""
    if kind == PenaltyKind.FINE:
        return _amount(match["before"] or match["after"]), days
    if kind == PenaltyKind.CONFISCATION:
        return _amount(match["gains"]), days
    if kind == PenaltyKind.DETENTION:
        return None, _count(match["detained"])
    return None, days


def parties_of(lead: str) -> list[tuple[str, str]]:
    """The parties a 各 or 分别 clause names, as (target, person): 对该公司及其法定代表人 is
    the organization and its responsible person; fewer than two is no list."""
    clause = re.split(r"[,;。]", lead)[-1]
    clause = EACH.sub("", ADDRESSED.sub("", clause))
    parties = []
    for part in PARTY_BREAK.split(clause):
        found = first_person(part)
        name = found[1] if found else ""
        if RESPONSIBLE.search(part):
            parties.append((PenaltyTarget.RESPONSIBLE_PERSON, name))
        elif name:
            parties.append((PenaltyTarget.INDIVIDUAL, name))
        elif ORGANIZATION.search(part):
            parties.append((PenaltyTarget.ORGANIZATION, ""))
    return parties if len(parties) > 1 else []


def further_amounts(flat: str, end: int) -> list[Decimal | None]:
    """The amounts listed after a fine's own: 罚款1000元、2000元."""
    amounts = []
    while found := FURTHER_AMOUNT.match(flat, end):
        amounts.append(_amount(found["amount"]))
        end = found.end()
    return amounts


def unreadable_amounts(text: str) -> list[str]:
    """The amounts of fines and confiscations a penalty text names that cannot be read
    (罚款1,0000元, 一万五千亿亿元): an import refuses them rather than keep an unknown."""
    flat = compact(text)
    written = [
        match["before"] or match["after"] or match["gains"]
        for match in SANCTION.finditer(flat)
        if match.lastgroup in (PenaltyKind.FINE, PenaltyKind.CONFISCATION)
    ]
    return [money for money in written if money and _amount(money) is None]


def _span_end(flat: str, match: re.Match, kind: str, following: int) -> tuple[int, int | None]:
    """Where a sanction's span ends, and the days a suspension lasts if the text says."""
    end, days = match.end(), None
    if kind in VERB_FIRST:
        # The object runs until the next sanction, the clause's end or the next party named
        # (公司网站 is an object, 负责人 and 对张三 are not).
        window = flat[end:following]
        stop = len(window)
        for found in (CLAUSE_END.search(window), RESPONSIBLE.search(window)):
            if found:
                stop = min(stop, found.start())
        if person := first_person(window, addressed_only=True):
            stop = min(stop, person[0])
        duration = DURATION.search(window, 0, stop)
        if duration:
            stop = duration.end()
            count = _count(duration["count"])
            if kind == PenaltyKind.SUSPENSION and count and duration["unit"] in DAYS_PER_UNIT:
                days = count * DAYS_PER_UNIT[duration["unit"]]
        end += stop
    # A closing quote belongs with its opening one: 发布“致歉信”.
    if flat[end : end + 1] in ("”", "」", "』", ")", "】"):
        end += 1
    return end, days


def _target(text: str, default: str | None) -> tuple[str | None, str]:
    """Whom the words name: a responsible person before a named person before the organization."""
    person = first_person(text)
    name = person[1] if person else ""
    if RESPONSIBLE.search(text):
        return PenaltyTarget.RESPONSIBLE_PERSON, name
    if name:
        return PenaltyTarget.INDIVIDUAL, name
    if ORGANIZATION.search(text):
        return PenaltyTarget.ORGANIZATION, ""
    return default, ""


def _count(text: str | None) -> int | None:
    """A whole number of days, weeks etc.; None when there is none or it cannot be read."""
    try:
        return int(parse_chinese_number(text)) if text else None
    except ValueError:
        return None


def _amount(text: str | None) -> Decimal | None:
    """An amount matched in the text; None when there is none or it cannot be read."""
    # The number pattern may have reached back over a stray Chinese numeral (统一5万元罚款),
    # never over a digit (罚款1,0000元 is unreadable, not 0).
    while text:
        try:
            return parse_amount(text)
        except ValueError:
            if text[0] not in NUMERALS:
                return None
            text = text[1:]
    return None
