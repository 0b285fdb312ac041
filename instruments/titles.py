"""Reading an instrument's title for its versions: the same instrument as a draft for
comment, as adopted, and as amended carries one title with different markers —
《个人信息保护法（草案）》, 《中华人民共和国个人信息保护法》; 《网络餐饮服务食品安全监督管理办法
（2020年修订版）》. `base_title` reads what stays the same; the markers say which version."""

import re

from lawtracker.readings import reading
from lawtracker.text import folded

# A bracketed part (full- or half-width) that says the text is a draft, or where it stands.
DRAFT_PART = re.compile(
    r"[（(〔\[【][^（）()〔〕\[\]【】]*(?:草案|征求意见|送审稿|审议稿)[^（）()〔〕\[\]【】]*[）)〕\]】]"
)
# The same words unbracketed at the end: 《…办法》征求意见稿.
DRAFT_END = re.compile(r"(?:修订|修正)?(?:草案)?(?:征求意见稿|送审稿|草案)$")
# A bracketed part that says the text is amended: （2020年修订）, （2020年修订版）, （修正）.
AMENDMENT_PART = re.compile(
    r"[（(〔\[【][^（）()〔〕\[\]【】]*(?:修订|修正|年版)[^（）()〔〕\[\]【】]*[）)〕\]】]"
)
AMENDMENT_END = re.compile(r"修正案$")
NATION = "中华人民共和国"


def is_draft_title(title: str) -> bool:
    text = folded(title)
    return bool(DRAFT_PART.search(text) or DRAFT_END.search(strip_quotes(text)))


def is_amendment_title(title: str) -> bool:
    text = folded(title)
    return bool(AMENDMENT_PART.search(text) or AMENDMENT_END.search(strip_quotes(text)))


def strip_quotes(text: str) -> str:
    return text.replace("《", "").replace("》", "").strip()


def base_title(title: str) -> str:
    """What a title says without its version: no draft or amendment marker, no 《》, no
    中华人民共和国 prefix, read as `reading` reads (spacing, full width, numerals)."""
    text = AMENDMENT_PART.sub("", DRAFT_PART.sub("", folded(title)))
    text = strip_quotes(text)
    text = AMENDMENT_END.sub("", DRAFT_END.sub("", text))
    return reading(text.removeprefix(NATION))
