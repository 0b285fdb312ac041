"""The Chinese catalog is complete and its compiled copy is current."""

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?msgstr(?:\[0\])? ((?:".*"\n)+)', re.M
)


def unquote(block: str) -> str:
    return "".join(eval(line) for line in block.strip().splitlines())  # noqa: S307


def entries() -> dict[str, str]:
    text = (CATALOG / "django.po").read_text(encoding="utf-8")
    return {unquote(m[1]): unquote(m[2]) for m in ENTRY.finditer(text) if unquote(m[1])}


def test_every_interface_string_has_a_chinese_translation():
    # Bilingual labels ("Law · 法律") stay as they are in both languages, as do the
    # languages' own names.
    missing = [
        msgid
        for msgid, msgstr in entries().items()
        if not msgstr and " · " not in msgid and msgid not in {"English", "简体中文"}
    ]
    assert missing == []


def test_the_compiled_catalog_matches_its_source():
    with (CATALOG / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = [
        msgid
        for msgid, msgstr in entries().items()
        if msgstr and compiled._catalog.get(msgid, compiled._catalog.get((msgid, 0))) != msgstr
    ]
    assert stale == []
