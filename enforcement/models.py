"""Enforcement: regulators' campaigns, individual cases and the penalties imposed."""

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from enforcement.agencies import agency_reading
from enforcement.regions import Place
from instruments.models import Authority, Instrument, Region, RegulatorFamily, precision_constraint
from lawtracker import public_ids, search, verification
from lawtracker.dates import Precision
from lawtracker.history import History
from lawtracker.languages import english
from lawtracker.public_ids import PublicIdentified
from lawtracker.readings import reading
from lawtracker.versions import Versioned, VersionedQuerySet


class SubjectKind(models.TextChoices):
    """The kinds of penalized party (`Case.SubjectKind`)."""

    COMPANY = "company", _("Company")
    INDIVIDUAL = "individual", _("Individual")
    HOSPITAL = "hospital", _("Hospital")
    SCHOOL = "school", _("School")
    GOVERNMENT = "government", _("Government body")
    PLATFORM = "platform", _("Platform")
    OTHER = "other", _("Other")


class PenaltyKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    FINE = "fine", _("Fine")
    CONFISCATION = "confiscation", _("Confiscation of illegal gains")
    RECTIFY = "rectify", _("Order to rectify")
    SUSPENSION = "suspension", _("Suspension")
    INTERVIEW = "interview", _("Regulatory interview")
    CLOSURE = "closure", _("Closure")
    ICP_CANCEL = "icp_cancel", _("ICP filing cancelled")
    DETENTION = "detention", _("Administrative detention")
    TAKEDOWN = "takedown", _("Takedown")
    APOLOGY = "apology", _("Public apology")
    OTHER = "other", _("Other")


class PenaltyTarget(models.TextChoices):
    ORGANIZATION = "organization", _("Organization")
    RESPONSIBLE_PERSON = "responsible_person", _("Responsible person")
    INDIVIDUAL = "individual", _("Individual")


# What a case's and a campaign's verbatim texts may hold, in characters: they are the
# review's summaries of a decision, generous for the longest a regulator publishes.
FACTS_MAX = 20000
PENALTY_TEXT_MAX = 5000
FOCUS_MAX = 20000
NOTES_MAX = 10000


def overlapping(agency_text: str, start: datetime.date, end: datetime.date) -> Q:
    """Cases of this agency whose possible dates overlap start–end: those whose first
    possible day is in it, and those begun before it that reach it — a month or a year
    known to that precision sits on its first day (precision_constraint), so these are
    the cases of start's month or year. Each part is a bounded read of
    case_agency_decided_idx, never the agency's earlier cases."""
    return overlapping_any(agency_text, [(start, end)])


def overlapping_any(agency_text: str, spans: list[tuple[datetime.date, datetime.date]]) -> Q:
    """Cases of this agency that may overlap one of these spans (start, end), as
    `overlapping` reads them, in one condition: exactly those for one span; for several,
    also the month's or year's cases begun before one span that reach another's start
    (a caller compares dates exactly)."""
    within = Q()
    began_before: set[datetime.date] = set()
    for start, end in spans:
        within |= Q(decided_on__gte=start, decided_on__lte=end)
        began_before |= {start.replace(day=1), start.replace(month=1, day=1)} - {start}
    earliest = min(start for start, _end in spans)
    return Q(agency_text=agency_text) & (
        within | Q(decided_on__in=sorted(began_before), decided_end__gte=earliest)
    )


class Unindexed(models.Func):
    """A column's value read so that no index serves a condition on it (unary plus), for
    a condition a page checks along another index's order."""

    template = "+%(expressions)s"

    def __init__(self, name: str):
        super().__init__(F(name))

    def _resolve_output_field(self):
        return self.source_expressions[0].output_field


def fingerprint(*parts: object) -> str:
    """A stable key for a record read from a file: compared as read (`reading`), so a
    re-typed copy of the same row (other spacing, full-width digits, 伍万 for 5万) finds
    the record it made."""
    text = "\x1f".join(reading(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CampaignQuerySet(VersionedQuerySet):
    def started_between(
        self, start: datetime.date | None, end: datetime.date | None
    ) -> "CampaignQuerySet":
        """Campaigns that started from `start` to `end` (either may be open)."""
        queryset = self if start is None else self.filter(started_on__gte=start)
        return queryset if end is None else queryset.filter(started_on__lte=end)

    def for_list(self) -> "CampaignQuerySet":
        """Each campaign with the number of its cases (one query)."""
        return self.annotate(case_count=models.Count("cases")).order_by(
            "-started_on", "number", "id"
        )


class Campaign(Versioned, verification.Verifiable):
    """A regulator's special campaign (专项行动)."""

    VERIFIED_FACTS = (
        "family",
        "name",
        "started_text",
        "started_on",
        "ended_on",
        "focus",
        "source_url",
    )

    family = models.CharField(
        _("regulator family"), max_length=20, choices=RegulatorFamily.choices
    )
    authorities = models.ManyToManyField(
        Authority, verbose_name=_("authorities"), blank=True, related_name="campaigns"
    )
    number = models.PositiveSmallIntegerField(_("no. in the review"), null=True, blank=True)
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("As the regulator calls it, e.g. “清朗”未成年人暑期网络环境专项整治."),
    )
    started_text = models.CharField(_("period (as printed)"), max_length=50)
    started_on = models.DateField(_("start"))
    started_precision = models.CharField(
        _("start precision"), max_length=5, choices=Precision.choices
    )
    ended_on = models.DateField(_("end"), null=True, blank=True)
    focus = models.TextField(_("focus"), max_length=FOCUS_MAX, help_text=_("Verbatim."))
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()
    history = History(m2m_fields=[authorities], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-started_on", "number", "id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [
            # The campaign list: by family, newest first.
            models.Index(fields=["family", "-started_on"], name="campaign_family_started_idx"),
            *verification.indexes("campaign"),
        ]
        constraints = [
            precision_constraint(
                "started_on", "started_precision", "enforcement_campaign_started_precision_set"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="enforcement_campaign_ends_after_start",
            ),
            *verification.constraints("enforcement_campaign"),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.started_text} {self.focus[:30]}"

    @staticmethod
    def make_fingerprint(*, started_on: datetime.date, started_precision: str, focus: str) -> str:
        """The start counts with its precision, so re-spelling it is no new campaign."""
        return fingerprint(started_on.isoformat() + started_precision, focus)


class ViolationCategory(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "One per line: words in a case's facts that suggest this category; new cases are "
            "tagged with them."
        ),
    )

    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name = _("violation category")
        verbose_name_plural = _("violation categories")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Its name in the interface's language (the Chinese where no English is given)."""
        return self.name_en if english() and self.name_en else self.name


class CaseQuerySet(VersionedQuerySet):
    def for_list(self) -> "CaseQuerySet":
        """What a list row shows: province joined, penalty rows and violation categories
        in one more query each."""
        return self.select_related("province").prefetch_related(
            "penalties", "violation_categories"
        )

    def in_places(self, codes: list[str], *, national: bool = False) -> "CaseQuerySet":
        """Cases of these provinces (by code), and the national ones when asked."""
        chosen = Q(province__code__in=codes)
        if national:
            chosen |= Q(national=True)
        return self.filter(chosen)

    def matching(self, text: str) -> "CaseQuerySet":
        """Cases a search finds: a tracker ID its case (LT-C-2020-0112, however typed), any
        other text the cases whose search text holds it (from the full-text index)."""
        if found := public_ids.normalised(text):
            return self.filter(public_id=found)
        return search.matching(self, SEARCH_INDEX, text)

    def decided_from(self, day: datetime.date) -> "CaseQuerySet":
        return self.filter(decided_on__gte=day)

    def decided_until(self, day: datetime.date) -> "CaseQuerySet":
        """Cases surely decided by `day`: a case known to the month counts when its whole
        month is (its latest possible date, `decided_end`). Its earliest date bounds the
        date index's scan too (no case ends before it starts)."""
        return self.filter(decided_on__lte=day, decided_end__lte=day)

    def fined_within(self, **bounds: Decimal) -> "CaseQuerySet":
        """Cases whose fines are within these bounds (org_fines__gte=…). The fines'
        indexes find them (one query, which stops past search.DENSE cases): so few are
        these cases by id, which a page then orders among themselves; more are checked
        along the list's own order instead, their fines read without an index, as a
        page of them is found in the first rows of the date index."""
        if not bounds:
            return self
        found = list(
            Case.objects.filter(**bounds)
            .order_by()
            .values_list("pk", flat=True)[: search.DENSE + 1]
        )
        if len(found) <= search.DENSE:
            return self.filter(pk__in=found)
        names = {bound.split("__")[0] for bound in bounds}
        return self.alias(**{f"{name}_read": Unindexed(name) for name in names}).filter(
            **{bound.replace("__", "_read__", 1): value for bound, value in bounds.items()}
        )

    def overlapping(
        self, *, agency_text: str, start: datetime.date, end: datetime.date
    ) -> "CaseQuerySet":
        """Cases of this agency whose possible dates overlap start–end (the importer's
        probable-match check, served by case_agency_decided_idx)."""
        return self.filter(overlapping(agency_text, start, end))

    def with_penalties(self, kinds: list[str]) -> "CaseQuerySet":
        """Cases with a penalty of any of these kinds (no duplicate rows)."""
        return self.filter(Exists(Penalty.objects.filter(case=OuterRef("pk"), kind__in=kinds)))

    def in_category(self, category: "ViolationCategory") -> "CaseQuerySet":
        tagged = Case.violation_categories.through.objects.filter(
            case=OuterRef("pk"), violationcategory=category
        )
        return self.filter(Exists(tagged))

    def fined(self, *, amount_known: bool) -> "CaseQuerySet":
        """Cases with a fine whose amount is known (or not known)."""
        fines = Penalty.objects.filter(
            case=OuterRef("pk"), kind=PenaltyKind.FINE, amount__isnull=not amount_known
        )
        return self.filter(Exists(fines))

    def with_fines_of_unknown_amount(self, unknown: bool = True) -> "CaseQuerySet":
        return self.filter(fines_unknown__gt=0) if unknown else self.filter(fines_unknown=0)

    def largest_fines(self) -> "CaseQuerySet":
        """Fined cases, the largest known total first (case_fines_total_idx), province
        joined."""
        return (
            self.select_related("province")
            .filter(fines_total__gt=0)
            .order_by("-fines_total", "-id")
        )


class Case(Versioned, PublicIdentified, verification.Verifiable):
    """An enforcement case (执法案例): the verbatim texts and what is parsed from them."""

    PUBLIC_ID_PREFIX = "C"
    VERIFIED_FACTS = (
        "family",
        "decided_text",
        "decided_on",
        "region_text",
        "national",
        "province_id",
        "city",
        "subject",
        "agency_text",
        "facts",
        "penalty_text",
        "legal_basis_text",
        "decision_number",
        "source_url",
    )

    SubjectKind = SubjectKind

    family = models.CharField(
        _("regulator family"), max_length=20, choices=RegulatorFamily.choices
    )
    decided_text = models.CharField(_("date (as printed)"), max_length=50)
    decided_on = models.DateField(_("date"))
    decided_precision = models.CharField(
        _("date precision"), max_length=5, choices=Precision.choices
    )
    decided_end = models.DateField(
        _("latest possible date"),
        help_text=_("The last day of the month or year when only those are known."),
    )
    region_text = models.CharField(_("region (as printed)"), max_length=100, blank=True)
    national = models.BooleanField(
        _("national"),
        default=False,
        help_text=_("Decided by a central body for the whole country: no province."),
    )
    province = models.ForeignKey(
        Region,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    subject = models.CharField(_("penalized party"), max_length=300)
    subject_kind = models.CharField(_("kind of party"), max_length=20, choices=SubjectKind.choices)
    agency_text = models.CharField(_("enforcing agency"), max_length=300)
    authorities = models.ManyToManyField(
        Authority, verbose_name=_("authorities"), blank=True, related_name="cases"
    )
    facts = models.TextField(_("facts"), max_length=FACTS_MAX, blank=True)
    penalty_text = models.TextField(_("penalty imposed"), max_length=PENALTY_TEXT_MAX, blank=True)
    violation_categories = models.ManyToManyField(
        ViolationCategory,
        verbose_name=_("violation categories"),
        blank=True,
        related_name="cases",
    )
    legal_basis_text = models.TextField(
        _("legal basis (as given)"),
        max_length=2000,
        blank=True,
        help_text=_("Verbatim, e.g. 《网络安全法》第二十一条、第六十四条."),
    )
    legal_basis = models.ManyToManyField(
        Instrument,
        verbose_name=_("legal basis"),
        blank=True,
        related_name="cited_by_cases",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    decision_number = models.CharField(
        _("decision number"),
        max_length=100,
        blank=True,
        help_text="京网信罚〔2020〕1号",
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), max_length=NOTES_MAX, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)

    # Read from the penalty rows and texts by enforcement.services.refresh_case_index, so
    # that lists filter and sort on them without a query per row.
    org_fines = models.DecimalField(
        _("fines on the organization"),
        max_digits=16,
        decimal_places=2,
        default=0,
        editable=False,
    )
    individual_fines = models.DecimalField(
        _("fines on individuals"),
        max_digits=16,
        decimal_places=2,
        default=0,
        editable=False,
    )
    fines_unknown = models.PositiveSmallIntegerField(
        _("fines of unknown amount"), default=0, editable=False
    )
    # org_fines + individual_fines: the sort by fine and the largest fines, by an index.
    fines_total = models.DecimalField(max_digits=17, decimal_places=2, default=0, editable=False)
    confiscations = models.DecimalField(max_digits=16, decimal_places=2, default=0, editable=False)
    # The kinds of its penalties, a bit each (enforcement.tallies.KIND_BITS).
    penalty_kinds = models.PositiveIntegerField(default=0, editable=False)
    # The date it is counted under in the tallies (enforcement.tallies), so that a
    # changed date recounts the month it leaves as well as the one it joins.
    tallied_on = models.DateField(null=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()
    # The search text is derived from the verbatim texts the history keeps, and
    # updated_at is the history row's own date.
    history = History(
        m2m_fields=[authorities, violation_categories, legal_basis],
        excluded_fields=[
            "search_text",
            "updated_at",
            "fines_total",
            "confiscations",
            "penalty_kinds",
            "tallied_on",
        ],
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The case list's default sort.
            models.Index(F("decided_on").desc(), F("id").desc(), name="case_decided_idx"),
            # The family filter (and the review's grouping), newest first.
            models.Index(fields=["family", "-decided_on"], name="case_family_decided_idx"),
            # The province filter, newest first.
            models.Index(fields=["province", "-decided_on"], name="case_province_decided_idx"),
            # The province filter's 全国 (national cases), newest first.
            models.Index(
                F("decided_on").desc(),
                name="case_national_decided_idx",
                condition=Q(national=True),
            ),
            # Sorting by fine, and the overview's largest fines.
            models.Index(fields=["-fines_total", "-id"], name="case_fines_total_idx"),
            # The fine-range filters.
            models.Index(fields=["-org_fines", "-id"], name="case_org_fines_idx"),
            models.Index(fields=["-individual_fines", "-id"], name="case_individual_fines_idx"),
            # An import's probable-match check: the same agency on overlapping dates (without
            # it each row scans every case, and a long file slows down as it goes).
            models.Index(fields=["agency_text", "decided_on"], name="case_agency_decided_idx"),
            *verification.indexes("case"),
        ]
        constraints = [
            precision_constraint(
                "decided_on", "decided_precision", "enforcement_case_decided_precision_set"
            ),
            models.CheckConstraint(
                condition=~Q(subject=""), name="enforcement_case_subject_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(national=False) | Q(province__isnull=True),
                name="enforcement_case_national_has_no_province",
            ),
            models.CheckConstraint(
                condition=Q(decided_end__gte=F("decided_on")),
                name="enforcement_case_decided_end_not_before_date",
            ),
            models.CheckConstraint(
                condition=Q(org_fines__gte=0, individual_fines__gte=0),
                name="enforcement_case_fines_nonnegative",
            ),
            *verification.constraints("enforcement_case"),
        ]

    def __str__(self) -> str:
        return f"{self.decided_text} {self.subject}"

    def search_document(self) -> str:
        """What the case search reads (lawtracker.search.document): the party, the agency,
        the region and decision number as given, the facts and the penalty text."""
        return search.document(
            self.subject,
            self.agency_text,
            self.region_text,
            self.decision_number,
            self.facts,
            self.penalty_text,
        )

    def public_id_year(self) -> int | None:
        return self.decided_on.year if self.decided_on else None

    @staticmethod
    def make_fingerprint(
        *,
        decided_on: datetime.date,
        decided_precision: str,
        place: Place,
        subject: str,
        agency_text: str,
        facts: str,
    ) -> str:
        """Cases that differ in any of these are different cases (several on one day by one
        agency are common); the penalty text may be corrected without making a new case.
        The date counts with its precision, the place as read (`Place.key`) and the
        agencies as read (`agency_reading`), so re-spelling any of them is no new case. A
        change to how places or bodies are read needs a migration renewing these."""
        decided = decided_on.isoformat() + decided_precision
        agencies = agency_reading(agency_text, place.province)
        return fingerprint(decided, place.key, subject, agencies, facts)


class Citation(models.Model):
    """An instrument (and article) a case cites: given as its legal basis (法律依据), or
    named in its facts or penalty text; linked to the instrument when the tracker holds it
    (enforcement.citations)."""

    class Source(models.TextChoices):
        BASIS = "basis", _("Legal basis given")
        MENTION = "mention", _("Named in the texts")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="citations")
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citations",
    )
    title = models.CharField(_("title as cited"), max_length=300)
    article = models.CharField(_("article as cited"), max_length=50, blank=True)
    article_number = models.PositiveIntegerField(_("article no."), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [
            # An instrument's page: the cases citing it, by article.
            models.Index(fields=["instrument", "article_number"], name="citation_instrument_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["basis", "mention"]),
                name="enforcement_citation_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}{self.article}"


class CaseSearch(models.Model):
    """A case's search tokens (lawtracker.search.tokens of its search text), which the
    database's full-text index covers: SQLite FTS5, PostgreSQL GIN (`SEARCH_INDEX`)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    tokens = models.TextField()

    def __str__(self) -> str:
        return str(self.case_id)


# The case search's index over CaseSearch (made by migration 0017).
SEARCH_INDEX = search.Index(
    table="enforcement_casesearch", key="case_id", fts_table="enforcement_casesearch_fts"
)


class CaseTally(models.Model):
    """How many cases, and their money, per month, family and place, and per kind of
    penalty they include (`kind`, empty for all cases): what the overview and the case
    list's totals read instead of every case. Kept by enforcement.tallies on every write."""

    month = models.DateField()  # the first day of the month the case's date falls in
    precision = models.CharField(max_length=5, choices=Precision.choices)
    family = models.CharField(max_length=20, choices=RegulatorFamily.choices)
    province_code = models.CharField(max_length=12, blank=True)  # Region.code; "" for none
    national = models.BooleanField()
    kind = models.CharField(max_length=20, blank=True)
    cases = models.PositiveIntegerField()
    org_fines_fen = models.BigIntegerField()
    individual_fines_fen = models.BigIntegerField()
    confiscations_fen = models.BigIntegerField()
    fines_unknown = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # Every read: all cases (kind "") or those with one kind, over a span of months.
            models.Index(fields=["kind", "month"], name="case_tally_kind_month_idx"),
            # The overview's three reads of every row of a kind, each from its index alone
            # (overview.by_family, by_month, by_province): no table row is read.
            models.Index(
                fields=[
                    "kind",
                    "family",
                    "cases",
                    "org_fines_fen",
                    "individual_fines_fen",
                    "confiscations_fen",
                    "fines_unknown",
                ],
                name="case_tally_family_idx",
            ),
            models.Index(
                fields=["kind", "month", "precision", "cases"], name="case_tally_month_idx"
            ),
            models.Index(
                fields=["kind", "province_code", "national", "cases"], name="case_tally_place_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "precision", "family", "province_code", "national", "kind"],
                name="enforcement_casetally_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.family} {self.kind or '*'}: {self.cases}"


class Penalty(models.Model):
    """One sanction in a case, parsed from the case's verbatim penalty text."""

    Kind = PenaltyKind
    Target = PenaltyTarget

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="penalties")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of penalty"), max_length=20, choices=PenaltyKind.choices)
    target = models.CharField(_("on whom"), max_length=20, choices=PenaltyTarget.choices)
    person = models.CharField(_("named person"), max_length=100, blank=True)
    amount = models.DecimalField(
        _("amount (CNY)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty when the amount is not known."),
    )
    days = models.PositiveIntegerField(_("days"), null=True, blank=True)
    text = models.TextField(_("source text"), blank=True)

    history = History()

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        indexes = [
            # Fine-range filters and money totals by kind and target.
            models.Index(fields=["kind", "target", "amount"], name="penalty_kind_amount_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="enforcement_penalty_amount_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True)
                | Q(kind__in=[PenaltyKind.FINE, PenaltyKind.CONFISCATION]),
                name="enforcement_penalty_amount_only_for_money",
            ),
            models.CheckConstraint(
                condition=Q(days__isnull=True)
                | Q(kind__in=[PenaltyKind.DETENTION, PenaltyKind.SUSPENSION], days__gt=0),
                name="enforcement_penalty_days_only_for_detention_or_suspension",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PenaltyKind.values), name="enforcement_penalty_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(target__in=PenaltyTarget.values),
                name="enforcement_penalty_target_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text or self.get_kind_display()


class ReviewEdition(models.Model):
    """An annual review frozen at a cut-off (enforcement.services.freeze_review): the
    records it held then, in its order, with the texts they had, so that a published
    edition reads the same later, whatever is edited or deleted since."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("edition"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    cut_off = models.DateTimeField(
        _("cut-off"), help_text=_("The records as they stood at this moment.")
    )
    frozen_at = models.DateTimeField(_("frozen"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("review edition")
        verbose_name_plural = _("review editions")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="enforcement_reviewedition_year_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year} · {self.number}"


class ReviewEntry(models.Model):
    """One record of a frozen edition: where it stood in the review and its texts then
    (enforcement.review's rows, as JSON). `record_id` is the record's key then; the record
    itself may since have changed or gone."""

    class Kind(models.TextChoices):
        INSTRUMENT = "instrument", _("Instrument")
        CAMPAIGN = "campaign", _("Campaign")
        CASE = "case", _("Case")

    edition = models.ForeignKey(ReviewEdition, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveIntegerField()
    record_id = models.PositiveBigIntegerField()
    public_id = models.CharField(max_length=20, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["edition", "kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind", "record_id"],
                name="enforcement_reviewentry_record_once",
            ),
            models.UniqueConstraint(
                fields=["edition", "kind", "position"],
                name="enforcement_reviewentry_position_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["instrument", "campaign", "case"]),
                name="enforcement_reviewentry_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} {self.kind} {self.position}"


class SavedSearch(models.Model):
    """A list a user keeps (its address: which list, its filters), optionally sent to
    them as a digest of its new matches (enforcement.digests)."""

    class List(models.TextChoices):
        CASES = "cases", _("Cases")
        INSTRUMENTS = "instruments", _("Instruments")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NEVER = "never", _("No e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=200)
    list = models.CharField(_("list"), max_length=20, choices=List.choices)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("e-mail digest"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(max_length=10, default="zh-hans")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "name", "id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.CheckConstraint(
                condition=Q(list__in=["cases", "instruments"]),
                name="enforcement_savedsearch_list_valid",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["daily", "weekly", "never"]),
                name="enforcement_savedsearch_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DigestEntry(models.Model):
    """A record a saved search's digest has sent: never sent again."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="sent")
    record_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["search", "record_id"], name="enforcement_digestentry_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.search_id}: {self.record_id}"


class FeedKey(models.Model):
    """The secret in a reader's feed addresses (enforcement.feeds): random, one a user,
    replaced on request (the old addresses then open nothing)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_key"
    )
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)
