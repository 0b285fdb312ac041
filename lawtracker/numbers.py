"""Numbers and money amounts as Chinese documents write them: 1 万 5 千, 七万五千, 伍万, 3.5亿."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from lawtracker.text import compact

DIGITS = {
    char: value
    for value, chars in enumerate(
        ["零〇", "一壹", "二两贰", "三叁", "四肆", "五伍", "六陆", "七柒", "八捌", "九玖"]
    )
    for char in chars
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# Every character that writes a number or its unit, for patterns that find numbers in text.
UNITS = "".join([*SMALL_UNITS, *BIG_UNITS])
NUMERALS = "".join(DIGITS) + UNITS

ARABIC_DIGITS = "0123456789"
# An Arabic number, where a comma may only separate groups of three digits; else one character.
TOKEN = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?|.")

# What the review and spreadsheets write when a fine's amount was not published.
UNKNOWN_AMOUNT = re.compile(r"(?:金额)?(?:未公开|未公布|未披露|不详|未知|不明)|-{1,2}|—{1,2}|/")
FEN = Decimal("0.01")
CURRENCY = re.compile(r"^(?:人民币|rmb|cny|¥)", re.IGNORECASE)


# 八十点二六亿: a whole number, 点 (the decimal point), digits, and perhaps 万 or 亿.
DECIMAL_POINT = re.compile(
    r"(?P<whole>[^点]+)点(?P<fraction>[0-9零〇一二两三四五六七八九]+)(?P<unit>[万萬亿億]*)"
)


def parse_chinese_number(text: str) -> Decimal:
    """Read Arabic, Chinese and financial numerals and their mixtures (1 万 5 千, 贰拾万,
    八十点二六亿)."""
    flat = compact(text)
    if point := DECIMAL_POINT.fullmatch(flat):
        digits = "".join(str(DIGITS.get(char, char)) for char in point["fraction"])
        value = parse_chinese_number(point["whole"]) + Decimal(f"0.{digits}")
        for unit in point["unit"]:
            value *= BIG_UNITS[unit]
        return value
    tokens = TOKEN.findall(flat)
    if not tokens:
        raise _not_a_number(text)

    total = Decimal(0)  # what the 万 and 亿 read so far stand for
    section = Decimal(0)  # the part below 万 being read, e.g. 五千三百
    pending: Decimal | None = None  # a number still waiting for its unit
    last_small = last_big = 0
    unit_before = 0  # the unit right before `pending`, for 一万五 meaning 15,000
    previous_unit = 0
    for position, token in enumerate(tokens):
        unit = 0
        if DIGITS.get(token) == 0:
            # 零 only keeps a place, as in 一千零五.
            if pending is not None:
                raise _not_a_number(text)
        elif token in DIGITS or token[0] in ARABIC_DIGITS:
            if pending is not None:
                raise _not_a_number(text)
            pending = Decimal(DIGITS[token] if token in DIGITS else token.replace(",", ""))
            unit_before = previous_unit
        elif token in SMALL_UNITS:
            unit = SMALL_UNITS[token]
            if last_small and unit >= last_small:
                raise _not_a_number(text)
            if pending is None:
                # A leading 十, 百 or 千 counts one of itself: 十五, 百万.
                if position:
                    raise _not_a_number(text)
                pending = Decimal(1)
            section += pending * unit
            pending, last_small = None, unit
        elif token in BIG_UNITS:
            unit = BIG_UNITS[token]
            # A big unit needs a number before it, except 亿 straight after 万 (一万亿).
            stacked = previous_unit == BIG_UNITS["万"] and unit > previous_unit
            if unit == last_big or (pending is None and not section and not stacked):
                raise _not_a_number(text)
            value = section + (pending or 0)
            total = (total + value) * unit if unit > last_big else total + value * unit
            section, pending, last_small, last_big = Decimal(0), None, 0, unit
        else:
            raise _not_a_number(text)
        previous_unit = unit

    if pending is not None and unit_before >= 100 and pending == int(pending) and pending < 10:
        # A lone digit after 万, 千 or 百 is shorthand for the next unit down: 七万五, 三千五.
        pending *= unit_before // 10
    return total + section + (pending or 0)


def parse_amount(text: str | None) -> Decimal | None:
    """A CNY amount to the fen, e.g. 人民币 1 万 5 千元; None when the text says it is unknown."""
    flat = compact(text)
    if not flat or UNKNOWN_AMOUNT.fullmatch(flat):
        return None
    number = CURRENCY.sub("", flat).removesuffix("整")
    try:
        value = parse_chinese_number(number.removesuffix("元"))
    except ValueError:
        raise ValueError(
            gettext("Cannot read “%(text)s” as an amount of money.") % {"text": str(text).strip()}
        ) from None
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _not_a_number(text: object) -> ValueError:
    return ValueError(gettext("Cannot read “%(text)s” as a number.") % {"text": str(text).strip()})
