"""Text rules both apps share: how a text is flattened to be compared or searched
(`folded`, `without_spaces`, `compact`), and the characters no stored text may hold.
How two verbatim texts are compared is lawtracker.readings."""

import re
import unicodedata

from django.utils.translation import gettext as _


def folded(text: object) -> str:
    """`text` with full-width forms (ＡＢ１, the ideographic space) folded to the usual
    ones (NFKC)."""
    return unicodedata.normalize("NFKC", str(text or ""))


def spaced(text: object) -> str:
    """`text` with each run of whitespace one space, none at either end."""
    return " ".join(str(text or "").split())


def without_spaces(text: object) -> str:
    """`text` with every whitespace removed (the review's text breaks words with spaces)."""
    return "".join(str(text or "").split())


def compact(text: object) -> str:
    """`text` with full-width forms folded (NFKC) and every whitespace removed."""
    return without_spaces(folded(text))


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
