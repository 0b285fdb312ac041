"""The instrument filters: level, derived status, issuer, topic, dates, title, quick views."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from instruments.models import UPCOMING_DAYS, Authority, Instrument, Topic
from lawtracker.filters import date_bound, date_text_filter, sort_filter, text_filter

SORTS = {
    "-published": (_("Newest first"), ["-published_on", "-id"]),
    "published": (_("Oldest first"), ["published_on", "id"]),
    "effective": (_("By effective date"), ["effective_on", "id"]),
    "title": (_("By title"), ["title", "id"]),
}


class InstrumentFilter(django_filters.FilterSet):
    q = text_filter(
        _("Title"),
        method="filter_title",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("个人信息, 数据安全 …")}),
    )
    view = django_filters.ChoiceFilter(
        label=_("Quick view"),
        choices=[
            ("upcoming", _("Takes effect in the next 90 days")),
            ("pending_drafts", _("Drafts still pending")),
        ],
        method="filter_view",
    )
    level = django_filters.MultipleChoiceFilter(
        label=_("Level"),
        choices=Instrument.Level.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Instrument.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    authority = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        label=_("Issuing authority"),
        queryset=Authority.objects.filter(instruments__isnull=False)
        .distinct()
        .select_related("province")
        .order_by("name"),
        field_name="authorities",
    )
    topic = django_filters.ModelChoiceFilter(
        empty_label=_("Any"), label=_("Topic"), queryset=Topic.objects.all(), field_name="topics"
    )
    published_from = date_text_filter(_("Published from"), "filter_bound", "2020")
    published_to = date_text_filter(_("Published to"), "filter_bound", "2020-12")
    effective_from = date_text_filter(_("Effective from"), "filter_bound", "2021")
    effective_to = date_text_filter(_("Effective to"), "filter_bound", "2021-06")
    sort = sort_filter(SORTS)

    class Meta:
        model = Instrument
        fields: list[str] = []

    def filter_title(self, queryset, name, value):
        return queryset.titled(value)

    def filter_view(self, queryset, name, value):
        if value == "upcoming":
            return queryset.taking_effect_within(UPCOMING_DAYS)
        if value == "pending_drafts":
            return queryset.pending_drafts()
        return queryset

    def filter_bound(self, queryset, name, value):
        field, side = name.rsplit("_", 1)
        bound = date_bound(value, end=side == "to")
        if bound is None:
            return queryset
        lookup = "gte" if side == "from" else "lte"
        return queryset.filter(**{f"{field}_on__{lookup}": bound})
