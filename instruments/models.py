"""Instruments (laws, regulations, standards and their drafts) and the reference data
that both apps share: regions and authorities."""

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lawtracker import public_ids, verification
from lawtracker.dates import Precision
from lawtracker.history import History
from lawtracker.languages import english
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
        PROVINCE = "province", _("Province")
        MUNICIPALITY = "municipality", _("Municipality")
        AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region")
        SAR = "sar", _("Special administrative region")

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=20, unique=True)
    short_name = models.CharField(_("short name"), max_length=10, unique=True)
    name_en = models.CharField(_("English name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    history = History()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.short_label

    @property
    def label(self) -> str:
        """Its name in the interface's language: 广东省, or Guangdong."""
        return self.name_en if english() and self.name_en else self.name

    @property
    def short_label(self) -> str:
        """Its short name in the interface's language: 广东, or Guangdong."""
        return self.name_en if english() and self.name_en else self.short_name


class RegulatorFamily(models.TextChoices):
    """The review groups every campaign and case by the family of its regulator."""

    CYBERSPACE = "cyberspace", _("Cyberspace")
    PUBLIC_SECURITY = "public_security", _("Public security")
    MIIT = "miit", _("Industry and IT")
    OTHER = "other", _("Other regulators")


# The longest name of a body the sources write (and an importer accepts).
AUTHORITY_NAME_MAX = 200


class Authority(Versioned):
    """An issuing or enforcing body, as named in the sources."""

    name = models.CharField(_("name"), max_length=AUTHORITY_NAME_MAX)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    family = models.CharField(
        _("regulator family"), max_length=20, choices=RegulatorFamily.choices
    )
    province = models.ForeignKey(
        Region,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities",
        help_text=_("Empty for a national body."),
    )

    objects = VersionedQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
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
        return f"{self.label}（{self.province}）" if self.province_id else self.label

    @property
    def label(self) -> str:
        """Its name in the interface's language (the Chinese where no English is given)."""
        return self.name_en if english() and self.name_en else self.name


class AuthorityAlias(models.Model):
    """A way a body is written in the sources. `key` (instruments.names.name_key) is what
    the spelling reads as; the importer finds a body's authority by it, so every way of
    writing one body leads to one authority."""

    authority = models.ForeignKey(
        Authority,
        verbose_name=_("authority"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("written as"), max_length=200)
    key = models.CharField(max_length=260, editable=False)

    history = History()

    class Meta:
        ordering = ["authority", "name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
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
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Its name in the interface's language (the Chinese where no English is given)."""
        return self.name_en if english() and self.name_en else self.name


class InstrumentLevel(models.TextChoices):
    LAW = "law", _("Law")
    ADMINISTRATIVE_REGULATION = (
        "administrative_regulation",
        _("Administrative regulation"),
    )
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule")
    NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("Judicial interpretation")
    LOCAL_REGULATION = "local_regulation", _("Local regulation")
    NATIONAL_STANDARD = "national_standard", _("National standard")
    INDUSTRY_STANDARD = "industry_standard", _("Industry standard")
    PRACTICE_GUIDE = "practice_guide", _("Practice guide")


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


class Instrument(Versioned, PublicIdentified, verification.Verifiable):
    Level = InstrumentLevel
    PUBLIC_ID_PREFIX = "I"
    VERIFIED_FACTS = (
        "title",
        "doc_number",
        "level",
        "is_draft",
        "issuers_text",
        "source_url",
        "published_text",
        "published_on",
        "effective_text",
        "effective_on",
        "repealed_on",
    )

    class Section(models.TextChoices):
        """The review's three instrument tables."""

        LAWS = "laws", _("Laws")
        REGULATIONS = (
            "regulations",
            _("Regulations, rules, normative documents and judicial interpretations"),
        )
        STANDARDS = "standards", _("Standards and guidelines")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft for comment")
        PENDING = "pending", _("Adopted, not yet effective")
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")

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

    title = models.CharField(_("title"), max_length=500, help_text=_("Verbatim, with 《》."))
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    doc_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text="国发〔2020〕13号"
    )
    level = models.CharField(_("level"), max_length=30, choices=Level.choices)
    level_inferred = models.BooleanField(
        _("level inferred"),
        default=False,
        help_text=_(
            "Read from the title and issuer on import, not given by the source: untick once "
            "checked."
        ),
    )
    is_draft = models.BooleanField(
        _("draft for comment"),
        default=False,
        help_text=_("Set on import when the title says 征求意见稿 or 草案."),
    )
    authorities = models.ManyToManyField(
        Authority,
        verbose_name=_("issuing authorities"),
        blank=True,
        related_name="instruments",
    )
    issuers_text = models.CharField(
        _("issuers (as given)"),
        max_length=1000,
        blank=True,
        help_text=_(
            "As the document names them, lead issuer first; the pages list the issuing "
            "authorities in this order."
        ),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="instruments"
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    published_text = models.CharField(_("published (as printed)"), max_length=50, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    published_precision = models.CharField(
        _("published precision"),
        max_length=5,
        choices=Precision.choices,
        blank=True,
    )
    published_note = models.CharField(
        _("publication note"), max_length=50, blank=True, help_text="修订 / 修正"
    )
    effective_text = models.CharField(_("effective (as printed)"), max_length=50, blank=True)
    effective_on = models.DateField(_("effective"), null=True, blank=True)
    effective_precision = models.CharField(
        _("effective precision"),
        max_length=5,
        choices=Precision.choices,
        blank=True,
    )
    repealed_on = models.DateField(_("repealed"), null=True, blank=True)

    final_version = models.ForeignKey(
        "self",
        verbose_name=_("final version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafts",
        help_text=_("For a draft: the instrument it became."),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        help_text=_("The instrument this one revises or amends."),
    )
    notes = models.TextField(_("notes"), max_length=10000, blank=True)
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
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        indexes = [
            # The instrument list's default sort.
            models.Index(F("published_on").desc(), F("id").desc(), name="instr_published_idx"),
            # "Takes effect in the next 90 days" and the effective-date range filter.
            models.Index(fields=["effective_on"], name="instr_effective_idx"),
            # The level filter, then newest first.
            models.Index(fields=["level", "-published_on"], name="instr_level_published_idx"),
            # A draft finding its final version, an amendment what it amends.
            models.Index(fields=["version_key", "published_on"], name="instr_version_key_idx"),
            *verification.indexes("instr"),
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
            *verification.constraints("instruments_instrument"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def section(self) -> str:
        return self.SECTION_OF_LEVEL[self.level]

    def public_id_year(self) -> int | None:
        day = self.published_on or self.effective_on
        return day.year if day else None
