"""Reading the instruments a case cites: 《网络安全法》第二十一条、第六十四条 in its legal
basis, and 《中华人民共和国网络安全法》第六十四条第一款 in its facts or penalty text — full and
short titles, the 中华人民共和国 prefix, articles in Chinese or Arabic numerals."""

import re
from dataclasses import dataclass

from instruments.models import Instrument
from instruments.titles import base_title
from lawtracker.numbers import parse_chinese_number
from lawtracker.text import compact

NUMERAL = r"[0-9零〇一二两三四五六七八九十百千]+"
ARTICLE = re.compile(rf"第(?P<n>{NUMERAL})条(?:第{NUMERAL}款)?(?:第{NUMERAL}项)?")
CITED = re.compile(
    rf"《(?P<title>[^《》]{{2,80}})》(?P<articles>(?:{ARTICLE.pattern}[、,，和及与]?)*)"
)
# A title an instrument has (not an app's, a book's or a programme's).
INSTRUMENT_ENDING = re.compile(
    r"(?:法|条例|规定|办法|决定|解释|细则|规则|意见|通知|标准|规范|指南|指引|要求|准则|公告)"
    r"(?:[（(][^（）()]*[）)])?$"
)


@dataclass(frozen=True)
class ParsedCitation:
    title: str  # with its 《》, as cited
    article: str = ""  # 第六十四条第一款, as cited
    article_number: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What is cited, whatever the title's spelling: 《网络安全法》第二十一条 and
        《中华人民共和国网络安全法》第二十一条 are one citation."""
        return base_title(self.title), self.article


def read_citations(text: str) -> list[ParsedCitation]:
    """The instruments and articles a text cites, in order, each once."""
    found: list[ParsedCitation] = []
    for match in CITED.finditer(compact(text)):
        title = match["title"]
        if not INSTRUMENT_ENDING.search(title):
            continue
        articles = list(ARTICLE.finditer(match["articles"]))
        for article in articles or [None]:
            citation = ParsedCitation(
                title=f"《{title}》",
                article=article.group() if article else "",
                article_number=int(parse_chinese_number(article["n"])) if article else None,
            )
            if all(citation.key != other.key for other in found):
                found.append(citation)
    return found


def cited_instruments(citations: list[ParsedCitation]) -> dict[str, Instrument]:
    """The tracker's instrument each cited title means (one query): the adopted version of
    the same base title, the latest one."""
    keys = {base_title(citation.title) for citation in citations}
    if not keys:
        return {}
    held = Instrument.objects.filter(version_key__in=keys, is_draft=False).order_by(
        "version_key", "-published_on", "-id"
    )
    by_key: dict[str, Instrument] = {}
    for instrument in held:
        by_key.setdefault(instrument.version_key, instrument)
    return by_key
