"""The interface's two languages: Chinese first, English available. A label is written in
one language at a time (an English msgid, its Chinese in the catalogue); where a partner
needs both — the glossary, a tooltip — `both` puts them side by side."""

from django.conf import settings
from django.utils import translation

CHINESE, ENGLISH = "zh-hans", "en"


def english() -> bool:
    """Whether the request's (or the command's) language is English."""
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("en")


def in_language(text: object, language: str) -> str:
    """A translatable text (a lazy label) as it reads in `language`."""
    with translation.override(language):
        return str(text)


def both(text: object) -> str:
    """A translatable text in both languages, the interface's first ("警告 · Warning",
    "Warning · 警告"); one text where both read the same."""
    chinese, english_text = in_language(text, CHINESE), in_language(text, ENGLISH)
    if chinese == english_text:
        return chinese
    return f"{english_text} · {chinese}" if english() else f"{chinese} · {english_text}"


def spellings(text: object) -> set[str]:
    """Every way a label is written: in each language of the interface."""
    return {in_language(text, code) for code, _name in settings.LANGUAGES}
