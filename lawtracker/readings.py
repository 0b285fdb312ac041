"""How verbatim source text is compared, never how it is kept.

A verbatim text is stored as given. To tell whether two texts say the same thing — a row
re-typed by an associate, a record found again — they are compared as `reading()`s:
full-width forms folded, letter case, whitespace and punctuation ignored (the review's
text breaks words with spaces; a re-typed copy drops a 。 or types "" for “”), and every
number written in digits (伍万元, 5万元, 50,000元 and 人民币五万元整 read the same).
"""

import re
import sys
import unicodedata
from functools import cache, lru_cache

from lawtracker.numbers import NUMERALS, parse_chinese_number
from lawtracker.text import compact

# A run of digits and numerals, maybe with the group commas and decimal point of a figure.
NUMBER_RUN = re.compile(rf"[0-9{NUMERALS}](?:[0-9.,点{NUMERALS}]*[0-9{NUMERALS}])?")
# Currency words around a figure that say nothing more than 元 does (元整: "exactly").
CURRENCY_BEFORE = re.compile(r"(?:人民币|rmb|cny|¥)(?=[0-9" + NUMERALS + r"])")
CURRENCY_AFTER = re.compile(r"元整")


def reading(text: object) -> str:
    """What a text says, for comparison only (see the module's docstring)."""
    return _reading(str(text or ""))


@lru_cache(maxsize=256)  # a row's texts are read more than once (its fingerprint, its cells)
def _reading(text: str) -> str:
    flat = CURRENCY_BEFORE.sub("", compact(text).lower())
    flat = CURRENCY_AFTER.sub("元", NUMBER_RUN.sub(_plain_number, flat))
    return flat.translate(punctuation())


@cache
def punctuation() -> dict[int, None]:
    """A `str.translate` table deleting every punctuation character (categories P*)."""
    return {
        code: None
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)).startswith("P")
    }


def _plain_number(match: re.Match) -> str:
    written = match.group()
    try:
        value = parse_chinese_number(written)
    except ValueError:
        return written  # not a number after all (a numeral inside a word, a list "1,2")
    if value != value.to_integral_value():
        return format(value.normalize(), "f")
    return str(int(value))


# Brackets a 文号 is typed with: 国发〔2020〕13号, 国发[2020]13号, 国发（2020）13号.
OPENING = str.maketrans({c: "〔" for c in "[［【(（"} | {c: "〕" for c in "]］】)）"})


def number_reading(text: object) -> str:
    """A document number (发文字号) for comparison: `compact`, any bracket folded to 〔〕."""
    return compact(text).translate(OPENING)
