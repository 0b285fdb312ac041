import datetime

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin

from enforcement import tallies
from enforcement.models import Campaign, Case, CaseTally, Penalty, PenaltyKind, ViolationCategory
from enforcement.penalties import unreadable_amounts
from enforcement.regions import Place, read_region
from enforcement.resources import CampaignResource, CaseResource
from enforcement.services import (
    AUTHORITY_TEXTS,
    CITATION_TEXTS,
    PENALTY_TEXTS,
    derive_missing,
    rederive_case,
)
from instruments.admin import AuthoritiesWithProvinceMixin
from instruments.names import split_agency_text
from lawtracker import history
from lawtracker.admin import JobImportAdminMixin, PublicIdAdminMixin, VerificationAdminMixin
from lawtracker.forms import (
    HTTPS_URLS,
    PartialDateTextMixin,
    https_urls,
)
from lawtracker.views import CappedPaginator


class ImportedAdmin(
    VerificationAdminMixin,
    history.HistoryAdminMixin,
    AuthoritiesWithProvinceMixin,
    JobImportAdminMixin,
    ImportExportModelAdmin,
):
    """Campaigns and cases: history, their authorities with provinces, import as jobs."""


@admin.register(ViolationCategory)
class ViolationCategoryAdmin(history.HistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "case_count"]
    search_fields = ["name", "name_en", "keywords"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(case_count=Count("cases"))

    @admin.display(description=_("number of cases"), ordering="case_count")
    def case_count(self, obj):
        return obj.case_count


class CampaignForm(history.VersionedFormMixin, PartialDateTextMixin, forms.ModelForm):
    date_texts = {"started_text": ("started_on", "started_precision", None)}

    class Meta:
        model = Campaign
        fields = "__all__"
        formfield_callback = https_urls

    def clean(self):
        cleaned = super().clean()
        if self.instance.started_on and cleaned.get("focus"):
            self.instance.fingerprint = Campaign.make_fingerprint(
                started_on=self.instance.started_on,
                started_precision=self.instance.started_precision,
                focus=cleaned["focus"],
            )
            clash = Campaign.objects.filter(fingerprint=self.instance.fingerprint)
            if clash.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("This campaign is already in the tracker."))
        return cleaned


@admin.register(Campaign)
class CampaignAdmin(ImportedAdmin):
    formfield_overrides = HTTPS_URLS
    form = CampaignForm
    resource_classes = [CampaignResource]
    list_display = ["started_text", "family", "number", "focus_start", "case_count"]
    list_filter = ["family", "started_on"]
    search_fields = ["focus", "started_text"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["authorities"]
    readonly_fields = ["started_on", "started_precision", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(case_count=Count("cases"))

    @admin.display(description=_("focus"))
    def focus_start(self, obj):
        return obj.focus[:60] + ("…" if len(obj.focus) > 60 else "")

    @admin.display(description=_("number of cases"), ordering="case_count")
    def case_count(self, obj):
        return obj.case_count


class PenaltyInline(admin.TabularInline):
    model = Penalty
    extra = 0
    fields = ["position", "kind", "target", "person", "amount", "days", "text"]


class CaseForm(history.VersionedFormMixin, PartialDateTextMixin, forms.ModelForm):
    date_texts = {"decided_text": ("decided_on", "decided_precision", None, "decided_end")}

    class Meta:
        model = Case
        fields = "__all__"
        formfield_callback = https_urls

    def clean(self):
        cleaned = super().clean()
        region_text = cleaned.get("region_text") or ""
        place = None
        # A new or changed region text is read into its place, unless the associate picked
        # the province (or national, or the city) by hand in the same edit.
        if not self.instance.pk or "region_text" in self.changed_data:
            agency_names = split_agency_text(cleaned.get("agency_text") or "")
            try:
                place = read_region(region_text, agency_names)
            except ValueError as error:
                self.add_error("region_text", str(error))
        for written in unreadable_amounts(cleaned.get("penalty_text") or ""):
            self.add_error(
                "penalty_text",
                _("Cannot read the amount “%s”: write it as 10,000元, 1万元 or 一万元.") % written,
            )
        by_hand = {"province", "national", "city"} & set(self.changed_data)
        if place is not None and not by_hand:
            cleaned["province"], self.instance.province = place.province, place.province
            cleaned["national"] = self.instance.national = place.national
            if not cleaned.get("city") or "region_text" in self.changed_data:
                cleaned["city"] = self.instance.city = place.city
        if cleaned.get("national") and cleaned.get("province"):
            self.add_error("national", _("A national case has no province: clear one of them."))
        if self.instance.decided_on and cleaned.get("subject") and not self._errors:
            held = Place(
                province=cleaned.get("province"),
                city=cleaned.get("city") or "",
                national=bool(cleaned.get("national")),
            )
            self.instance.fingerprint = Case.make_fingerprint(
                decided_on=self.instance.decided_on,
                decided_precision=self.instance.decided_precision,
                place=held,
                subject=cleaned["subject"],
                agency_text=cleaned.get("agency_text") or "",
                facts=cleaned.get("facts") or "",
            )
            clash = Case.objects.filter(fingerprint=self.instance.fingerprint)
            if clash.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("This case is already in the tracker."))
        return cleaned


class DecidedYearFilter(admin.SimpleListFilter):
    """The year a case was decided, the years listed from the tallies (one small query;
    a date hierarchy would read every case's date on every page)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        months = CaseTally.objects.filter(kind="").values_list("month", flat=True)
        years = sorted({month.year for month in months.distinct()}, reverse=True)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit() and 1 <= int(self.value()) <= 9999:
            year = int(self.value())
            return queryset.filter(
                decided_on__gte=datetime.date(year, 1, 1),
                decided_on__lte=datetime.date(year, 12, 31),
            )
        return queryset


class FinedFilter(admin.SimpleListFilter):
    title = _("fine")
    parameter_name = "fine"

    def lookups(self, request, model_admin):
        return [
            ("known", _("fined, amount known")),
            ("unknown", _("fined, amount unknown")),
            ("none", _("no fine")),
        ]

    def queryset(self, request, queryset):
        if self.value() in ("known", "unknown"):
            return queryset.fined(amount_known=self.value() == "known")
        if self.value() == "none":
            return queryset.exclude(penalties__kind=PenaltyKind.FINE)
        return queryset


@admin.register(Case)
class CaseAdmin(PublicIdAdminMixin, ImportedAdmin):
    formfield_overrides = HTTPS_URLS
    form = CaseForm
    resource_classes = [CaseResource]
    inlines = [PenaltyInline]
    list_display = [
        "decided_text",
        "public_id",
        "family",
        "province",
        "subject",
        "agency_text",
        "penalty_text",
    ]
    list_filter = [
        DecidedYearFilter,
        "family",
        "decided_precision",
        "subject_kind",
        FinedFilter,
        "penalties__kind",
        "national",
        "province",
        "campaign",
    ]
    list_select_related = ["province"]
    # "N of M" would count every case again on each page; a search or filter of many
    # cases is counted up to a cap.
    show_full_result_count = False
    paginator = CappedPaginator
    # Counts beside every filter's options would read every case for each.
    show_facets = admin.ShowFacets.NEVER
    search_fields = [
        "public_id",
        "decision_number",
        "subject",
        "agency_text",
        "facts",
        "penalty_text",
        "region_text",
    ]
    autocomplete_fields = [
        "authorities",
        "legal_basis",
        "campaign",
        "province",
        "violation_categories",
    ]
    readonly_fields = ["decided_on", "decided_precision", "created_at", "updated_at"]
    actions = ["reparse_penalties"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "public_id",
                    "family",
                    ("decided_text", "decided_on", "decided_precision"),
                    ("region_text", "national", "province", "city"),
                    ("subject", "subject_kind"),
                    "agency_text",
                    "authorities",
                ]
            },
        ),
        (_("verbatim texts"), {"fields": ["facts", "penalty_text"]}),
        (
            _("links"),
            {
                "fields": [
                    "violation_categories",
                    "legal_basis_text",
                    "legal_basis",
                    "campaign",
                    "decision_number",
                    "source_url",
                ]
            },
        ),
        (_("notes"), {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            tallies.touched(tallies.months_touched(obj))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            dates = queryset.select_related(None).values_list("decided_on", "tallied_on")
            months = {tallies.month_of(day) for pair in dates for day in pair if day}
            super().delete_queryset(request, queryset)
            tallies.touched(months)

    def get_search_results(self, request, queryset, search_term):
        """The partners' case search (the full-text index), not a scan of each field."""
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False

    def save_model(self, request, obj, form, change):
        reverting = change and request.resolver_match.url_name.endswith("_simple_history")
        before = None
        if reverting:
            before = Case.objects.values("penalty_text", "subject_kind").get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        if reverting:
            # A revert saves the case alone: its penalty rows and what lists read follow
            # the texts it brings back.
            after = {"penalty_text": obj.penalty_text, "subject_kind": obj.subject_kind}
            rederive_case(case=obj, changed=PENALTY_TEXTS if before != after else ())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # What a changed text tells is read again, unless the associate set it by hand in
        # the same edit; on a new case, whatever was left empty is read from the texts.
        if not change:
            derive_missing(case=form.instance)
            return
        changed = set(form.changed_data)
        if "region_text" in changed:
            changed.add("province")  # the form reads the province from the region
        if "authorities" in changed:
            changed -= AUTHORITY_TEXTS
        if any(formset.has_changed() for formset in formsets):
            changed -= PENALTY_TEXTS
        if "legal_basis" in changed:
            changed -= CITATION_TEXTS
        rederive_case(case=form.instance, changed=changed)

    @admin.action(
        description=_("Re-read penalties from the penalty text"),
        permissions=["change"],
    )
    def reparse_penalties(self, request, queryset):
        cases = list(queryset)
        with history.acting(reason=_("Penalties re-read from the penalty text")):
            for case in cases:
                derive_missing(case=case, changed=PENALTY_TEXTS)
        self.message_user(
            request,
            ngettext(
                "Penalties re-read for %(count)d case.",
                "Penalties re-read for %(count)d cases.",
                len(cases),
            )
            % {"count": len(cases)},
            messages.SUCCESS,
        )
