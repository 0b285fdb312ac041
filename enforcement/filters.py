"""The case and campaign filters: every one a URL parameter, so a list can be bookmarked."""

from operator import attrgetter

import django_filters
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from enforcement.models import (
    Campaign,
    Case,
    PenaltyKind,
    ViolationCategory,
)
from instruments.models import Authority, RegulatorFamily
from instruments.places import regions
from lawtracker.filters import (
    ChosenOnlySelect,
    YesNoFilter,
    date_bound,
    date_text_filter,
    sort_filter,
    text_filter,
)

SORTS = {
    "-date": (_("Newest first"), ["-decided_on", "-id"]),
    "date": (_("Oldest first"), ["decided_on", "id"]),
    "-fine": (_("Largest fine first"), ["-fines_total", "-id"]),
    "fine": (_("Smallest fine first"), ["fines_total", "id"]),
    "region": (_("By region"), ["province__code", "city", "-decided_on", "-id"]),
}


NATIONAL = "national"


def province_choices() -> list[tuple[str, str]]:
    """全国 (the national cases), then the provinces by code (the process's reference copy:
    no query)."""
    return [(NATIONAL, _("National"))] + [
        (region.code, region.short_label) for region in sorted(regions(), key=attrgetter("code"))
    ]


class CaseFilter(django_filters.FilterSet):
    q = text_filter(
        _("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("罚款, 人脸, 约谈 …")}),
    )
    family = django_filters.MultipleChoiceFilter(
        label=_("Regulator family"),
        choices=RegulatorFamily.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    province = django_filters.MultipleChoiceFilter(
        label=_("Province"),
        choices=province_choices,
        method="filter_province",
        widget=forms.CheckboxSelectMultiple,
    )
    city = text_filter(_("City"), lookup_expr="icontains")
    # Thousands of authorities decide cases: the one chosen is listed, the others found as
    # one types (instruments' authority suggestions).
    authority = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        label=_("Authority"),
        queryset=Authority.objects.select_related("province"),
        field_name="authorities",
        widget=ChosenOnlySelect(reverse_lazy("instruments:authority-suggest")),
    )
    date_from = date_text_filter(
        _("From"),
        "filter_date_from",
        "2020-08",
        help_text=_(
            "A year, month or day. A case known only to the month counts when its "
            "whole month is in the range."
        ),
    )
    date_to = date_text_filter(_("To"), "filter_date_to", "2020-12")
    penalty = django_filters.MultipleChoiceFilter(
        label=_("Penalty"),
        choices=PenaltyKind.choices,
        method="filter_penalty",
        widget=forms.CheckboxSelectMultiple,
    )
    org_fine_min = django_filters.NumberFilter(
        label=_("Fine on the organization ≥ (¥)"),
        field_name="org_fines",
        lookup_expr="gte",
        method="filter_fines",
    )
    org_fine_max = django_filters.NumberFilter(
        label=_("Fine on the organization ≤ (¥)"),
        field_name="org_fines",
        lookup_expr="lte",
        method="filter_fines",
    )
    individual_fine_min = django_filters.NumberFilter(
        label=_("Fines on individuals ≥ (¥)"),
        field_name="individual_fines",
        lookup_expr="gte",
        method="filter_fines",
    )
    individual_fine_max = django_filters.NumberFilter(
        label=_("Fines on individuals ≤ (¥)"),
        field_name="individual_fines",
        lookup_expr="lte",
        method="filter_fines",
    )
    amount_unknown = YesNoFilter(
        label=_("Fine of unknown amount"),
        method="filter_amount_unknown",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
    subject_kind = django_filters.MultipleChoiceFilter(
        label=_("Kind of party"),
        choices=Case.SubjectKind.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    category = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        label=_("Violation"),
        queryset=ViolationCategory.objects.all(),
        method="filter_category",
    )
    campaign = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-started_on", "number"),
    )
    sort = sort_filter(SORTS)

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_province(self, queryset, name, value):
        if not value:
            return queryset
        codes = [code for code in value if code != NATIONAL]
        return queryset.in_places(codes, national=NATIONAL in value)

    def filter_search(self, queryset, name, value):
        return queryset.matching(value)

    def filter_date_from(self, queryset, name, value):
        bound = date_bound(value, end=False)
        return queryset if bound is None else queryset.decided_from(bound)

    def filter_date_to(self, queryset, name, value):
        bound = date_bound(value, end=True)
        return queryset if bound is None else queryset.decided_until(bound)

    def filter_penalty(self, queryset, name, value):
        return queryset.with_penalties(value) if value else queryset

    def filter_amount_unknown(self, queryset, name, value):
        return queryset if value is None else queryset.with_fines_of_unknown_amount(value)

    def filter_category(self, queryset, name, value: ViolationCategory):
        return queryset.in_category(value)

    def filter_fines(self, queryset, name, value):
        return queryset  # all fine bounds at once, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        bounds = {
            f"{self.filters[name].field_name}__{self.filters[name].lookup_expr}": value
            for name in FINE_FILTERS
            if (value := self.form.cleaned_data.get(name)) is not None
        }
        queryset = queryset.fined_within(**bounds)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["-date"][1])
        return queryset


FINE_FILTERS = ("org_fine_min", "org_fine_max", "individual_fine_min", "individual_fine_max")


class CampaignFilter(django_filters.FilterSet):
    q = text_filter(
        _("Search"),
        field_name="focus",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    family = django_filters.MultipleChoiceFilter(
        label=_("Regulator family"),
        choices=RegulatorFamily.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = date_text_filter(_("From"), "filter_date_from", "2020-06")
    date_to = date_text_filter(_("To"), "filter_date_to", "2020-12")

    class Meta:
        model = Campaign
        fields: list[str] = []

    def filter_date_from(self, queryset, name, value):
        return queryset.started_between(date_bound(value, end=False), None)

    def filter_date_to(self, queryset, name, value):
        return queryset.started_between(None, date_bound(value, end=True))
