"""Import and export of instruments in the review's table layout: 名称 发布时间 生效时间."""

import re
from typing import Any

from django.utils.translation import gettext as _
from import_export.fields import Field

from instruments.models import Instrument
from lawtracker.importing import ReviewResource, RowError, check_length, clean_text

DOC_NUMBER = re.compile(r"[（(]([^（）()]*〔\d{4}〕[^（）()]*号)[）)]")
DRAFT_WORDS = re.compile(r"征求意见稿|草案|送审稿|征求.{0,60}意见")

LEVEL_ALIASES = {
    "法规": Instrument.Level.ADMINISTRATIVE_REGULATION,
    "规章": Instrument.Level.DEPARTMENTAL_RULE,
    "国标": Instrument.Level.NATIONAL_STANDARD,
    "行标": Instrument.Level.INDUSTRY_STANDARD,
    "指南": Instrument.Level.PRACTICE_GUIDE,
    "指引": Instrument.Level.PRACTICE_GUIDE,
}


def title_key(title: str) -> str:
    """Titles match whatever their spacing."""
    return "".join(title.split())


class InstrumentResource(ReviewResource):
    """Options: `level` — the level for rows without a 效力级别 column (the review's law
    table, say)."""

    COLUMNS = {
        "名称": ("title", "标题", "文件名称"),
        "发布时间": ("published", "publication date", "发布日期"),
        "生效时间": ("effective", "effective date", "施行时间", "实施时间", "施行日期"),
        "效力级别": ("level", "级别"),
        "英文名称": ("english title", "title (english)", "title_en"),
        "发文字号": ("document number", "doc number", "文号"),
        "废止时间": ("repealed", "repeal date", "失效时间"),
        "来源链接": ("source", "source url", "来源"),
    }
    REQUIRED = ("名称", "发布时间", "生效时间")
    DATE_GROUPS = {
        "published_on": ("published_text", "published_precision", "published_note"),
        "effective_on": ("effective_text", "effective_precision"),
    }

    title = Field(attribute="title", column_name="名称")
    published_text = Field(attribute="published_text", column_name="发布时间")
    effective_text = Field(attribute="effective_text", column_name="生效时间")
    level = Field(attribute="get_level_display", column_name="效力级别")
    title_en = Field(attribute="title_en", column_name="英文名称")
    doc_number = Field(attribute="doc_number", column_name="发文字号")
    repealed_on = Field(attribute="repealed_on", column_name="废止时间")
    source_url = Field(attribute="source_url", column_name="来源链接")

    class Meta:
        model = Instrument
        fields = (
            "title",
            "published_text",
            "effective_text",
            "level",
            "title_en",
            "doc_number",
            "repealed_on",
            "source_url",
        )

    def parse_row(self, row: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        title = clean_text(row.get("名称"))
        if not title:
            errors.setdefault("名称", []).append(_("must not be empty"))
        else:
            check_length(errors, "名称", title, 500)
        published_text, published = self.read_date(errors, row, "发布时间")
        effective_text, effective = self.read_date(errors, row, "生效时间")
        repealed_text, repealed = self.read_date(errors, row, "废止时间")
        if published and effective and effective.value < published.value:
            errors.setdefault("生效时间", []).append(
                _("takes effect before it is published (%(effective)s < %(published)s)")
                % {"effective": effective_text, "published": published_text}
            )
        if published and repealed and repealed.value < published.value:
            errors.setdefault("废止时间", []).append(
                _("is repealed before it is published (%(repealed)s < %(published)s)")
                % {"repealed": repealed_text, "published": published_text}
            )
        level_text = clean_text(row.get("效力级别"))
        level = self.options.get("level")
        if level_text:
            level = self.collect(
                errors,
                "效力级别",
                self.choice_from_text,
                level_text,
                Instrument.Level.choices,
                LEVEL_ALIASES,
            )
        elif not level:
            errors.setdefault("效力级别", []).append(
                _("no level: add a 效力级别 column or choose a level for the whole file")
            )
        source_url = self.read_url(errors, row, "来源链接")
        if errors:
            raise RowError(errors)
        doc_number = clean_text(row.get("发文字号"))
        if not doc_number and (match := DOC_NUMBER.search(title)):
            doc_number = match.group(1)
        return {
            "title": title,
            "title_en": clean_text(row.get("英文名称")),
            "doc_number": doc_number,
            "level": level,
            "is_draft": bool(DRAFT_WORDS.search(title)),
            "published_text": published_text,
            "published_on": published.value if published else None,
            "published_precision": published.precision if published else "",
            "published_note": published.note if published else "",
            "effective_text": effective_text,
            "effective_on": effective.value if effective else None,
            "effective_precision": effective.precision if effective else "",
            "repealed_on": repealed.value if repealed else None,
            "source_url": source_url,
        }

    def identity(self, parsed: dict[str, Any]) -> tuple:
        return title_key(parsed["title"]), parsed["published_on"]

    def find_existing(self, parsed: dict[str, Any]) -> Instrument | None:
        """The instrument with this title (whatever its spacing) and publication date."""
        key = title_key(parsed["title"])
        same_day = Instrument.objects.filter(published_on=parsed["published_on"])
        return next((i for i in same_day if title_key(i.title) == key), None)

    def apply(self, instance: Instrument, parsed: dict[str, Any]) -> None:
        for name, value in parsed.items():
            setattr(instance, name, value)
