"""Instruments (laws, regulations, standards and their drafts) and the reference data
that both apps share: regions and authorities."""

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lawtracker import public_ids
from lawtracker.dates import Precision
from lawtracker.history import History
from lawtracker.public_ids import PublicIdentified
from lawtracker.versions import Versioned, VersionedQuerySet

# "Takes effect soon": the window the overview and the instrument list's quick view show.
UPCOMING_DAYS = 90


def precision_constraint(
    date_field: str, precision_field: str, name: str
) -> models.CheckConstraint:
    """A date and its precision are set together; a month or year sits on its first day."""
    return models.CheckConstraint(
        condition=(
            Q(**{f"{date_field}__isnull": True, precision_field: ""})
            | Q(**{f"{date_field}__isnull": False, precision_field: Precision.DAY})
            | Q(
                **{
                    f"{date_field}__isnull": False,
                    precision_field: Precision.MONTH,
                    f"{date_field}__day": 1,
                }
            )
            | Q(
                **{
                    f"{date_field}__isnull": False,
                    precision_field: Precision.YEAR,
                    f"{date_field}__day": 1,
                    f"{date_field}__month": 1,
                }
            )
        ),
        name=name,
    )


class Region(models.Model):
    """One of the 34 provincial-level divisions (reference data, fixtures/regions.json)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province · 省")
        MUNICIPALITY = "municipality", _("Municipality · 直辖市")
        AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region · 自治区")
        SAR = "sar", _("Special administrative region · 特别行政区")

    code = models.CharField(_("code · 行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("name · 名称"), max_length=20, unique=True)
    short_name = models.CharField(_("short name · 简称"), max_length=10, unique=True)
    name_en = models.CharField(_("English name · 英文名称"), max_length=40)
    kind = models.CharField(_("kind · 类型"), max_length=20, choices=Kind.choices)

    history = History()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region · 省级行政区")
        verbose_name_plural = _("regions · 省级行政区")

    def __str__(self) -> str:
        return self.short_name


class RegulatorFamily(models.TextChoices):
    """The review groups every campaign and case by the family of its regulator."""

    CYBERSPACE = "cyberspace", _("Cyberspace · 网信")
    PUBLIC_SECURITY = "public_security", _("Public security · 公安")
    MIIT = "miit", _("Industry and IT · 工信")
    OTHER = "other", _("Other regulators · 其他行业主管部门")


# The longest name of a body the sources write (and an importer accepts).
AUTHORITY_NAME_MAX = 200


class Authority(Versioned):
    """An issuing or enforcing body, as named in the sources."""

    name = models.CharField(_("name · 名称"), max_length=AUTHORITY_NAME_MAX)
    name_en = models.CharField(_("English name · 英文名称"), max_length=200, blank=True)
    family = models.CharField(
        _("regulator family · 监管部门"), max_length=20, choices=RegulatorFamily.choices
    )
    province = models.ForeignKey(
        Region,
        verbose_name=_("province · 省份"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities",
        help_text=_("Empty for a national body. · 全国性机构留空。"),
    )

    objects = VersionedQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name = _("authority · 机构")
        verbose_name_plural = _("authorities · 机构")
        constraints = [
            # The same generic name (网安大队) is a different body in each province.
            models.UniqueConstraint(
                fields=["name", "province"], name="instruments_authority_name_province_unique"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(province__isnull=True),
                name="instruments_authority_national_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.province}）" if self.province_id else self.name


class AuthorityAlias(models.Model):
    """A way a body is written in the sources. `key` (instruments.names.name_key) is what
    the spelling reads as; the importer finds a body's authority by it, so every way of
    writing one body leads to one authority."""

    authority = models.ForeignKey(
        Authority,
        verbose_name=_("authority · 机构"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("written as · 写法"), max_length=200)
    key = models.CharField(max_length=260, editable=False)

    history = History()

    class Meta:
        ordering = ["authority", "name"]
        verbose_name = _("alias · 别名")
        verbose_name_plural = _("aliases · 别名")
        indexes = [
            # The importer's lookup: which authority does this spelling name?
            models.Index(fields=["key"], name="authority_alias_key_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="instruments_authorityalias_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    name = models.CharField(_("name · 名称"), max_length=100, unique=True)
    name_en = models.CharField(_("English name · 英文名称"), max_length=100, blank=True)

    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic · 主题")
        verbose_name_plural = _("topics · 主题")

    def __str__(self) -> str:
        return self.name


class InstrumentLevel(models.TextChoices):
    LAW = "law", _("Law · 法律")
    ADMINISTRATIVE_REGULATION = (
        "administrative_regulation",
        _("Administrative regulation · 行政法规"),
    )
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule · 部门规章")
    NORMATIVE_DOCUMENT = "normative_document", _("Normative document · 规范性文件")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("Judicial interpretation · 司法解释")
    LOCAL_REGULATION = "local_regulation", _("Local regulation · 地方性法规")
    NATIONAL_STANDARD = "national_standard", _("National standard · 国家标准")
    INDUSTRY_STANDARD = "industry_standard", _("Industry standard · 行业标准")
    PRACTICE_GUIDE = "practice_guide", _("Practice guide · 实践指南")


def issuers_prefetch() -> models.Prefetch:
    """An instrument's issuing authorities with their provinces, which the pages need to
    list them in the document's order (instruments.names.in_document_order)."""
    return models.Prefetch("authorities", Authority.objects.select_related("province"))


class InstrumentQuerySet(VersionedQuerySet):
    def with_status(self, today: datetime.date | None = None) -> "InstrumentQuerySet":
        """Annotate `status`, derived from the dates and links (no per-row query)."""
        today = today or timezone.localdate()
        amendment_in_force = Instrument.objects.filter(
            amends=OuterRef("pk"), is_draft=False, published_on__lte=today
        ).filter(Q(effective_on__isnull=True) | Q(effective_on__lte=today))
        return self.annotate(
            status=models.Case(
                models.When(repealed_on__lte=today, then=Value(Instrument.Status.REPEALED)),
                models.When(is_draft=True, then=Value(Instrument.Status.DRAFT)),
                models.When(Exists(amendment_in_force), then=Value(Instrument.Status.AMENDED)),
                models.When(effective_on__gt=today, then=Value(Instrument.Status.PENDING)),
                default=Value(Instrument.Status.IN_FORCE),
                output_field=models.CharField(),
            )
        )

    def taking_effect_within(
        self, days: int = UPCOMING_DAYS, today: datetime.date | None = None
    ) -> "InstrumentQuerySet":
        """Instruments that take effect from today to `days` days from now, soonest first."""
        today = today or timezone.localdate()
        until = today + datetime.timedelta(days=days)
        return self.filter(effective_on__gte=today, effective_on__lte=until).order_by(
            "effective_on", "id"
        )

    def titled(self, words: str) -> "InstrumentQuerySet":
        """Instruments whose title, English title or document number holds `words`; the
        one a tracker ID names."""
        if public_id := public_ids.normalised(words):
            return self.filter(public_id=public_id)
        return self.filter(
            Q(title__icontains=words)
            | Q(title_en__icontains=words)
            | Q(doc_number__icontains=words)
        )

    def pending_drafts(self) -> "InstrumentQuerySet":
        """Drafts whose final version is not yet in the tracker."""
        return self.filter(is_draft=True, final_version__isnull=True)

    def for_list(self) -> "InstrumentQuerySet":
        return self.with_status().prefetch_related(issuers_prefetch())


class Instrument(Versioned, PublicIdentified):
    Level = InstrumentLevel
    PUBLIC_ID_PREFIX = "I"

    class Section(models.TextChoices):
        """The review's three instrument tables."""

        LAWS = "laws", _("Laws · 法律")
        REGULATIONS = (
            "regulations",
            _(
                "Regulations, rules, normative documents and judicial interpretations · "
                "法规、规章、规范性文件及司法解释"
            ),
        )
        STANDARDS = "standards", _("Standards and guidelines · 国标、行标及行业指引、指南")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft for comment · 征求意见稿/草案")
        PENDING = "pending", _("Adopted, not yet effective · 尚未生效")
        IN_FORCE = "in_force", _("In force · 现行有效")
        AMENDED = "amended", _("Amended · 已被修改")
        REPEALED = "repealed", _("Repealed · 已废止")

    SECTION_OF_LEVEL = {
        Level.LAW: Section.LAWS,
        Level.ADMINISTRATIVE_REGULATION: Section.REGULATIONS,
        Level.DEPARTMENTAL_RULE: Section.REGULATIONS,
        Level.NORMATIVE_DOCUMENT: Section.REGULATIONS,
        Level.JUDICIAL_INTERPRETATION: Section.REGULATIONS,
        Level.LOCAL_REGULATION: Section.REGULATIONS,
        Level.NATIONAL_STANDARD: Section.STANDARDS,
        Level.INDUSTRY_STANDARD: Section.STANDARDS,
        Level.PRACTICE_GUIDE: Section.STANDARDS,
    }

    title = models.CharField(
        _("title · 名称"), max_length=500, help_text=_("Verbatim, with 《》. · 照录原文。")
    )
    title_en = models.CharField(_("English title · 英文名称"), max_length=500, blank=True)
    doc_number = models.CharField(
        _("document number · 发文字号"), max_length=100, blank=True, help_text="国发〔2020〕13号"
    )
    level = models.CharField(_("level · 效力级别"), max_length=30, choices=Level.choices)
    level_inferred = models.BooleanField(
        _("level inferred · 效力级别待确认"),
        default=False,
        help_text=_(
            "Read from the title and issuer on import, not given by the source: untick once "
            "checked. · 导入时按名称和发布机关推断，核对后取消勾选。"
        ),
    )
    is_draft = models.BooleanField(
        _("draft for comment · 征求意见稿/草案"),
        default=False,
        help_text=_("Set on import when the title says 征求意见稿 or 草案."),
    )
    authorities = models.ManyToManyField(
        Authority,
        verbose_name=_("issuing authorities · 发布机关"),
        blank=True,
        related_name="instruments",
    )
    issuers_text = models.CharField(
        _("issuers (as given) · 发布机关原文"),
        max_length=1000,
        blank=True,
        help_text=_(
            "As the document names them, lead issuer first; the pages list the issuing "
            "authorities in this order. · 照录原文，牵头机关在前。"
        ),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics · 主题"), blank=True, related_name="instruments"
    )
    source_url = models.URLField(_("source URL · 来源链接"), max_length=500, blank=True)

    published_text = models.CharField(
        _("published (as printed) · 发布时间原文"), max_length=50, blank=True
    )
    published_on = models.DateField(_("published · 发布时间"), null=True, blank=True)
    published_precision = models.CharField(
        _("published precision · 发布时间精度"),
        max_length=5,
        choices=Precision.choices,
        blank=True,
    )
    published_note = models.CharField(
        _("publication note · 发布说明"), max_length=50, blank=True, help_text="修订 / 修正"
    )
    effective_text = models.CharField(
        _("effective (as printed) · 生效时间原文"), max_length=50, blank=True
    )
    effective_on = models.DateField(_("effective · 生效时间"), null=True, blank=True)
    effective_precision = models.CharField(
        _("effective precision · 生效时间精度"),
        max_length=5,
        choices=Precision.choices,
        blank=True,
    )
    repealed_on = models.DateField(_("repealed · 废止时间"), null=True, blank=True)

    final_version = models.ForeignKey(
        "self",
        verbose_name=_("final version · 正式版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafts",
        help_text=_("For a draft: the instrument it became. · 草案对应的正式文件。"),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends · 修改对象"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        help_text=_("The instrument this one revises or amends. · 本文件修订的文件。"),
    )
    notes = models.TextField(_("notes · 备注"), max_length=10000, blank=True)
    # The title without its version's markers (instruments.titles.base_title): a draft, its
    # final version and its amendments share it.
    version_key = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstrumentQuerySet.as_manager()
    # updated_at is the history row's own date.
    history = History(
        m2m_fields=[authorities, topics], excluded_fields=["updated_at", "version_key"]
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("instrument · 法律文件")
        verbose_name_plural = _("instruments · 法律文件")
        indexes = [
            # The instrument list's default sort.
            models.Index(F("published_on").desc(), F("id").desc(), name="instr_published_idx"),
            # "Takes effect in the next 90 days" and the effective-date range filter.
            models.Index(fields=["effective_on"], name="instr_effective_idx"),
            # The level filter, then newest first.
            models.Index(fields=["level", "-published_on"], name="instr_level_published_idx"),
            # A draft finding its final version, an amendment what it amends.
            models.Index(fields=["version_key", "published_on"], name="instr_version_key_idx"),
        ]
        constraints = [
            # A file re-imported finds its instrument by title and publication date.
            models.UniqueConstraint(
                fields=["title", "published_on"],
                name="instruments_instrument_title_published_unique",
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(effective_on__gte=F("published_on")),
                name="instruments_instrument_effective_not_before_published",
            ),
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(repealed_on__gte=F("published_on")),
                name="instruments_instrument_repealed_not_before_published",
            ),
            precision_constraint(
                "published_on",
                "published_precision",
                "instruments_instrument_published_precision_set",
            ),
            precision_constraint(
                "effective_on",
                "effective_precision",
                "instruments_instrument_effective_precision_set",
            ),
            models.CheckConstraint(
                condition=Q(level__in=InstrumentLevel.values),
                name="instruments_instrument_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def section(self) -> str:
        return self.SECTION_OF_LEVEL[self.level]

    def public_id_year(self) -> int | None:
        day = self.published_on or self.effective_on
        return day.year if day else None
