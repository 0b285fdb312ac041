"""The domain's terms in Chinese and English, on one page. The interface's labels (an
English label with its Chinese in the catalogue: "Warning", 警告) are these terms: each
app registers its choices from its AppConfig.ready(), so the glossary and the labels
cannot drift apart; the terms no choice holds are listed here."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lawtracker.dates import Precision
from lawtracker.languages import CHINESE, ENGLISH, in_language


@dataclass(frozen=True)
class Term:
    chinese: str
    english: str


# Words of the review, the regulators and the tracker that no list of choices holds.
GENERAL = [
    Term("专项行动", "campaign (special enforcement campaign)"),
    Term("执法案例", "enforcement case"),
    Term("被处罚主体", "penalized party"),
    Term("执法机构", "enforcing agency"),
    Term("违法事实", "facts (of the violation)"),
    Term("处罚结果", "penalty (as decided)"),
    Term("处罚决定书", "penalty decision"),
    Term("法律依据", "legal basis"),
    Term("监管部门", "regulator family"),
    Term("监管重点", "focus (of a campaign)"),
    Term("效力级别", "level (of an instrument)"),
    Term("发布机关", "issuing authority"),
    Term("发文字号", "document number"),
    Term("发布时间", "published"),
    Term("生效时间", "effective"),
    Term("废止", "repeal"),
    Term("修订", "revision"),
    Term("修正", "amendment"),
    Term("征求意见稿", "draft for comment"),
    Term("草案", "draft (of a law)"),
    Term("正式版本", "final version"),
    Term("直接负责的主管人员", "person directly in charge"),
    Term("法定代表人", "legal representative"),
    Term("没收违法所得", "confiscation of illegal gains"),
    Term("双公示", "double publicity (of licences and penalties)"),
    Term("网信办", "cyberspace administration (CAC and its local offices)"),
    Term("通信管理局", "communications administration (MIIT's provincial offices)"),
]

_SECTIONS: list[tuple[Promise | str, list[Term]]] = [(_("Terms"), GENERAL)]


def terms_of(choices: type[models.TextChoices]) -> list[Term]:
    """A choices class's labels, in each language, as terms."""
    return [
        Term(in_language(label, CHINESE), in_language(label, ENGLISH))
        for _value, label in choices.choices
    ]


def register(heading: Promise | str, choices: type[models.TextChoices]) -> None:
    """List a choices class's labels under `heading` (once; again is a no-op)."""
    if all(entries is not choices for _heading, entries in _SECTIONS):
        _SECTIONS.append((heading, choices))


register(_("Date precision"), Precision)


def sections() -> list[tuple[str, list[Term]]]:
    """Every section's heading and terms, in the order registered (read in the request's
    language)."""
    return [
        (str(heading), entries if isinstance(entries, list) else terms_of(entries))
        for heading, entries in _SECTIONS
    ]
