"""Import and export of instruments in the review's table layout: 名称 发布时间 生效时间."""

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from instruments.levels import LEVEL_ALIASES as MORE_LEVEL_ALIASES
from instruments.levels import infer_level
from instruments.models import AUTHORITY_NAME_MAX, Instrument
from instruments.names import body_province, name_key, split_agency_text
from instruments.services import alias_owners, link_versions, resolve_authorities, version_links
from instruments.titles import base_title
from lawtracker.imports.cells import (
    RowError,
    add_error,
    check_names,
    choice_from_text,
    collect,
    read_date,
    read_public_id,
    read_url,
    require,
)
from lawtracker.imports.files import clean_text
from lawtracker.imports.resources import FileOption, ReviewResource
from lawtracker.public_ids import ID_COLUMN, ID_COLUMN_VARIANTS
from lawtracker.readings import number_reading, reading
from lawtracker.text import spaced

DOC_NUMBER = re.compile(r"[（(]([^（）()]*〔\d{4}〕[^（）()]*号)[）)]")
DRAFT_WORDS = re.compile(r"征求意见稿|草案|送审稿|征求.{0,60}意见")

TITLE_MAX = Instrument._meta.get_field("title").max_length


def title_key(title: str) -> str:
    """Titles match however they are typed (spacing, full-width forms, numerals)."""
    return reading(title)


class InstrumentResource(ReviewResource):
    """Options: `level` — the level for rows whose 效力级别 is not given and whose title and
    issuer do not tell it (see instruments.levels)."""

    AS_OF_FIELD = "published_on"
    FILE_OPTIONS = {
        "level": FileOption(
            label=gettext_lazy("level for the whole file"),
            help_text=gettext_lazy(
                "Used for rows without a 效力级别 column (e.g. the review's law table)."
            ),
            command_help="instrument level for rows without a 效力级别 column",
            choices=Instrument.Level,
        )
    }

    COLUMNS = {
        ID_COLUMN: ID_COLUMN_VARIANTS,
        "名称": ("title", "标题", "文件名称", "法规名称"),
        "发布时间": ("published", "publication date", "发布日期", "公布日期", "公布时间"),
        "生效时间": (
            "effective",
            "effective date",
            "施行时间",
            "实施时间",
            "施行日期",
            "实施日期",
            "生效日期",
        ),
        "效力级别": ("level", "级别"),
        "英文名称": ("english title", "title (english)", "title_en"),
        "发文字号": ("document number", "doc number", "文号"),
        "废止时间": ("repealed", "repeal date", "失效时间"),
        "来源链接": ("source", "source url", "来源"),
        "发布机关": ("issuer", "issuers", "issuing authority", "发布部门", "发文机关", "制定机关"),
        "正式版本": ("final version", "草案/正式版本"),
        "修订对象": ("amends", "修订", "修改对象"),
        "备注": ("notes", "note", "remarks", "说明"),
    }
    REQUIRED = ("名称", "发布时间", "生效时间")
    # 核对来源: where a details file says each value was checked (kept in the file).
    IGNORED = ("序号", "no", "no.", "编号", "核对来源", "evidence")
    DATE_COLUMNS = ("发布时间", "生效时间", "废止时间")
    READINGS = {
        "title": reading,
        "title_en": spaced,
        "doc_number": number_reading,
        "issuers_text": reading,
    }
    DATE_GROUPS = {
        "published_on": ("published_text", "published_precision", "published_note"),
        "effective_on": ("effective_text", "effective_precision"),
    }

    public_id = Field(attribute="public_id", column_name=ID_COLUMN)
    title = Field(attribute="title", column_name="名称")
    published_text = Field(attribute="published_text", column_name="发布时间")
    effective_text = Field(attribute="effective_text", column_name="生效时间")
    level = Field(attribute="get_level_display", column_name="效力级别")
    title_en = Field(attribute="title_en", column_name="英文名称")
    doc_number = Field(attribute="doc_number", column_name="发文字号")
    repealed_on = Field(attribute="repealed_on", column_name="废止时间")
    source_url = Field(attribute="source_url", column_name="来源链接")
    issuers_text = Field(attribute="issuers_text", column_name="发布机关")
    final_version = Field(attribute="final_version", column_name="正式版本")
    amends = Field(attribute="amends", column_name="修订对象")
    notes = Field(attribute="notes", column_name="备注")

    class Meta:
        model = Instrument
        fields = (
            "public_id",
            "title",
            "published_text",
            "effective_text",
            "level",
            "title_en",
            "doc_number",
            "repealed_on",
            "source_url",
            "issuers_text",
            "final_version",
            "amends",
            "notes",
        )

    def parse_row(self, row: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        public_id = read_public_id(errors, row, ID_COLUMN)
        title = require(errors, row, "名称", TITLE_MAX)
        dates = read_dates(errors, row)
        issuers_text = clean_text(row.get("发布机关"))
        issuers = split_agency_text(issuers_text)
        check_names(errors, "发布机关", issuers, AUTHORITY_NAME_MAX)
        level, inferred = self.read_level(errors, row, title, issuers_text)
        source_url = read_url(errors, row, "来源链接")
        final_version = read_instrument(errors, row, "正式版本")
        amends = read_instrument(errors, row, "修订对象")
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
            "level_inferred": inferred,
            "is_draft": bool(DRAFT_WORDS.search(title)),
            "version_key": base_title(title),
            **dates,
            "source_url": source_url,
            "issuers_text": issuers_text,
            "notes": clean_text(row.get("备注")),
            "final_version": final_version,
            "amends": amends,
            "_public_id": public_id,
            "_issuers": issuers,
            # A level read from the title fills a new record, never overwrites a given one.
            "_derived": ("level", "level_inferred") if inferred else (),
        }

    def read_level(
        self, errors: dict, row: dict[str, Any], title: str, issuers: str
    ) -> tuple[str | None, bool]:
        """The row's level and whether it was inferred: the 效力级别 cell's; else what the
        title and issuer tell (marked inferred, unless the level chosen for the whole file
        says the same); else the whole file's choice; else a problem."""
        level_text = clean_text(row.get("效力级别"))
        if level_text:
            level = collect(
                errors,
                "效力级别",
                choice_from_text,
                level_text,
                Instrument.Level.choices,
                MORE_LEVEL_ALIASES,
            )
            return level, False
        chosen = self.options.get("level")
        if title and (level := infer_level(title, issuers)):
            if level != chosen:
                self.row.notes.append(
                    _("level read from the title: %s") % Instrument.Level(level).label
                )
            return level, level != chosen
        if chosen:
            return chosen, False
        if title:
            add_error(
                errors,
                "效力级别",
                _(
                    "the title does not tell the level: add a 效力级别 column, or choose a "
                    "level for the rows whose title does not tell it"
                ),
            )
        return None, False

    def identity(self, parsed: dict[str, Any]) -> tuple:
        return parsed["_public_id"] or (title_key(parsed["title"]), parsed["published_on"])

    def find_existing(self, parsed: dict[str, Any]) -> Instrument | None:
        """The instrument the row's ID names; else the one with this title (whatever its
        spacing) and publication date."""
        key = title_key(parsed["title"])
        same_day = Instrument.objects.filter(published_on=parsed["published_on"])
        same = [i for i in same_day if title_key(i.title) == key]
        if parsed["_public_id"]:
            return self.find_by_public_id(parsed, ID_COLUMN, same)
        return next(iter(same), None)

    def describe_changes(self, instance: Instrument) -> list[dict[str, str]]:
        changes = super().describe_changes(instance)
        level_shown = any(change["column"] == "效力级别" for change in changes)
        if (
            self.row.previous.get("level_inferred")
            and not instance.level_inferred
            and not level_shown
        ):
            label = instance.get_level_display()
            confirmed = _("%s (inferred)") % label
            changes.append({"column": "效力级别", "before": confirmed, "after": label})
        return changes

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # What the title says of the instrument's versions: shown in the preview, made
        # when the file is imported (save_related).
        links = self.row.proposed = version_links(instance)
        for draft in links.drafts:
            self.row.notes.append(_("final version of the draft “%s”") % draft.title)
        if links.amends is not None:
            self.row.notes.append(_("amends “%s”") % links.amends.title)
        if not self.row.created and links:
            self.row.related += [
                {"column": _("versions"), "before": "", "after": note} for note in self.row.notes
            ]

    def related_changes(self, instance: Instrument) -> list[dict[str, str]]:
        """The issuing authorities a row names, when they are not the ones the record holds
        (two queries); a row naming none leaves the record's as they are. The text as
        given (发布机关) is compared as a field of its own."""
        names = self.row.parsed["_issuers"]
        if not names:
            return []
        held = list(instance.authorities.all())
        if held and self.options.get("fill_empty_only"):
            return []  # the record's issuers stay as they are
        keys = [issuer_key(name) for name in names]
        owners = alias_owners(keys)
        named = {owners.get(key) for key in keys}
        if None not in named and named == {authority.pk for authority in held}:
            return []
        before = "、".join(authority.name for authority in held)
        return [{"column": _("issuing authorities"), "before": before, "after": "、".join(names)}]

    def save_related(self, instance: Instrument, parsed: dict[str, Any]) -> None:
        if self.row.proposed:
            link_versions(instrument=instance, links=self.row.proposed)
        issuers_changed = any(
            change["column"] == _("issuing authorities") for change in self.row.related
        )
        if parsed["_issuers"] and (self.row.created or issuers_changed):
            # An issuer is placed by its own name (上海市人大常委会 in 上海).
            names = parsed["_issuers"]
            issuers = resolve_authorities(names=names, province=None, family_hint=None)
            instance.authorities.set(issuers)


def read_instrument(errors: dict, row: dict[str, Any], column: str) -> Instrument | None:
    """The instrument a cell names by its title (however spaced or bracketed, with or
    without 中华人民共和国): its title read the same, else the only one of its base title
    that is no draft; a title of no instrument in the tracker is a problem."""
    text = clean_text(row.get(column))
    if not text:
        return None
    same_base = list(Instrument.objects.filter(version_key=base_title(text)))
    exact = [i for i in same_base if title_key(i.title) == title_key(text)]
    adopted = [i for i in same_base if not i.is_draft]
    found = exact or (adopted if len(adopted) == 1 else [])
    if not found:
        add_error(errors, column, _("no instrument titled “%s” is in the tracker") % text)
        return None
    return found[0]


def read_dates(errors: dict, row: dict[str, Any]) -> dict[str, Any]:
    """The publication, effective and repeal dates, as the instrument's fields; a date
    before its publication is a problem."""
    published_text, published = read_date(errors, row, "发布时间")
    effective_text, effective = read_date(errors, row, "生效时间")
    repealed_text, repealed = read_date(errors, row, "废止时间")
    later_dates = (
        (
            "生效时间",
            effective,
            _("takes effect before it is published (%(effective)s < %(published)s)"),
            {"effective": effective_text},
        ),
        (
            "废止时间",
            repealed,
            _("is repealed before it is published (%(repealed)s < %(published)s)"),
            {"repealed": repealed_text},
        ),
    )
    for column, later, reason, shown in later_dates:
        if published and later and later.value < published.value:
            add_error(errors, column, reason % (shown | {"published": published_text}))
    return {
        "published_text": published_text,
        "published_on": published.value if published else None,
        "published_precision": published.precision if published else "",
        "published_note": published.note if published else "",
        "effective_text": effective_text,
        "effective_on": effective.value if effective else None,
        "effective_precision": effective.precision if effective else "",
        "repealed_on": repealed.value if repealed else None,
    }


def issuer_key(name: str) -> str:
    """What an issuer's name reads as, placed by its own name (上海市人大常委会 in 上海)."""
    return name_key(name, body_province(name, None))
