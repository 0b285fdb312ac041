"""Text rules both apps share: how verbatim source text is compared, never how it is kept.

A verbatim text is stored as given. To tell whether two texts say the same thing — a row
re-typed by an associate, a record found again — they are compared as `reading()`s:
full-width forms folded, letter case, whitespace and punctuation ignored (the review's
text breaks words with spaces; a re-typed copy drops a 。 or types "" for “”), and every
number written in digits (伍万元, 5万元, 50,000元 and 人民币五万元整 read the same).
"""

import re
import unicodedata

from django.utils.translation import gettext as _

from lawtracker.numbers import BIG_UNITS, DIGITS, SMALL_UNITS, parse_chinese_number


def without_spaces(text: object) -> str:
    """`text` with every whitespace removed (the review's text breaks words with spaces)."""
    return "".join(str(text or "").split())


def compact(text: object) -> str:
    """`text` with full-width forms folded (NFKC) and every whitespace removed."""
    return without_spaces(unicodedata.normalize("NFKC", str(text or "")))


NUMERALS = "".join([*DIGITS, *SMALL_UNITS, *BIG_UNITS])
# A run of digits and numerals, maybe with the group commas and decimal point of a figure.
NUMBER_RUN = re.compile(rf"[0-9{NUMERALS}](?:[0-9.,点{NUMERALS}]*[0-9{NUMERALS}])?")
# Currency words around a figure that say nothing more than 元 does (元整: "exactly").
CURRENCY_BEFORE = re.compile(r"(?:人民币|rmb|cny|¥)(?=[0-9" + NUMERALS + r"])")
CURRENCY_AFTER = re.compile(r"元整")


def reading(text: object) -> str:
    """What a text says, for comparison only (see the module's docstring)."""
    flat = CURRENCY_BEFORE.sub("", compact(text).lower())
    flat = CURRENCY_AFTER.sub("元", NUMBER_RUN.sub(_plain_number, flat))
    return "".join(char for char in flat if not unicodedata.category(char).startswith("P"))


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


# Characters no text of ours holds and no spreadsheet can: the C0 controls but tab, line
# feed and carriage return (NUL among them, which PostgreSQL refuses), DEL, the C1
# controls, lone surrogates, and U+FFFE/U+FFFF (no XML, so no XLSX, may contain them).
# An import refuses them; an export leaves them out.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# How Excel writes a control character into a workbook's XML (which cannot hold one):
# _x0001_, its code between _x and _ (_x005F_ before it escapes the underscore instead).
ESCAPED_CONTROL = re.compile(
    r"(?<!_x005[fF])_x(000[0-8bBcCeEfF]|001[0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|[fF]{3}[eEfF])_"
)


def control_problem(text: str) -> str | None:
    """Why `text` cannot be kept as it is (its first control character, or one as Excel
    writes it, and where), or None when it can."""
    found = CONTROL_CHARACTERS.search(text)
    escaped = ESCAPED_CONTROL.search(text)
    if escaped and (found is None or escaped.start() < found.start()):
        code, position = int(escaped.group(1), 16), escaped.start() + 1
    elif found:
        code, position = ord(found.group()), found.start() + 1
    else:
        return None
    return _(
        "holds a control character (U+%(code)04X) at character %(position)d; "
        "delete it or retype the cell"
    ) % {"code": code, "position": position}


def visible(text: str) -> str:
    """`text` with each control character written as its code (U+0000), for a message that
    quotes a cell: the message can then be stored and shown anywhere."""
    return CONTROL_CHARACTERS.sub(lambda found: f"U+{ord(found.group()):04X}", text)


def without_controls(text: str) -> str:
    """`text` without the characters a spreadsheet cannot hold (CONTROL_CHARACTERS)."""
    return CONTROL_CHARACTERS.sub("", text)
