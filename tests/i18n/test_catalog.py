"""The Chinese catalog is complete and its compiled copy is current."""

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r'msgstr(?:\[0\])? ((?:".*"\n)+)',
    re.M,
)
# A label written in both languages at once: "Warning · 警告".
PAIRED = re.compile(r"[A-Za-z].* · .*[\u3400-\u9fff]|[\u3400-\u9fff].* · .*[A-Za-z]")


def unquote(block: str) -> str:
    return "".join(eval(line) for line in block.strip().splitlines())  # noqa: S307


def entries() -> dict[str, str]:
    """msgid → msgstr; a msgid with a context keyed as gettext keys it (context, EOT, msgid)."""
    text = (CATALOG / "django.po").read_text(encoding="utf-8")
    return {
        (f"{unquote(m[1])}\x04" if m[1] else "") + unquote(m[2]): unquote(m[3])
        for m in ENTRY.finditer(text)
        if unquote(m[2])
    }


def test_every_interface_string_has_a_chinese_translation():
    # The languages' own names stay as they are.
    missing = [
        msgid
        for msgid, msgstr in entries().items()
        if not msgstr and msgid not in {"English", "简体中文"}
    ]
    assert missing == []


def test_no_interface_string_is_written_in_both_languages():
    """One language at a time: an English msgid, its Chinese msgstr."""
    assert [msgid for msgid in entries() if PAIRED.search(msgid)] == []


def test_the_compiled_catalog_matches_its_source():
    with (CATALOG / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = [
        msgid
        for msgid, msgstr in entries().items()
        if msgstr and compiled._catalog.get(msgid, compiled._catalog.get((msgid, 0))) != msgstr
    ]
    assert stale == []
