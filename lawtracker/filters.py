"""Filter pieces both apps' lists use: date bounds typed as precisely as one likes, and
the sort choice."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from lawtracker.dates import parse_partial_date


def date_bound(value: str, *, end: bool):
    """A typed 2020, 2020-08, 2020.08 or 2020-08-20 as the first (or last) day it covers;
    None when it says no date (an unreadable one is the form's error: PartialDateField)."""
    try:
        parsed = parse_partial_date(value)
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed.last_day if end else parsed.value


# The longest text a list's filter takes: a search word or a place typed, never a page
# (SQLite refuses a LIKE pattern over 50,000 bytes; no one types one).
TEXT_MAX = 200
DATE_TEXT_MAX = 50


def text_filter(label, **kwargs) -> django_filters.CharFilter:
    """A typed text filter, at most TEXT_MAX characters (longer: the form's error)."""
    return django_filters.CharFilter(label=label, max_length=TEXT_MAX, **kwargs)


class PartialDateField(forms.CharField):
    """A date typed as precisely as one likes; one that cannot be read is an error shown
    beside the filter (and the export's refusal), never a bound silently dropped."""

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                parse_partial_date(value)
            except ValueError as error:
                raise forms.ValidationError(str(error), code="date") from error
        return value


class PartialDateFilter(django_filters.CharFilter):
    field_class = PartialDateField


def date_text_filter(label, method: str, placeholder: str, help_text=""):
    """A date bound typed as text (2020, 2020-08, 2020-08-20), read by `method`."""
    return PartialDateFilter(
        label=label,
        method=method,
        max_length=DATE_TEXT_MAX,
        widget=forms.TextInput(attrs={"placeholder": placeholder}),
        help_text=help_text,
    )


def sort_filter(sorts: dict) -> django_filters.ChoiceFilter:
    """A `sort` parameter choosing one of `sorts` (key → (label, order_by list)); the first
    is the default."""
    default = next(iter(sorts))

    def apply(queryset, name, value):
        return queryset.order_by(*sorts.get(value, sorts[default])[1])

    return django_filters.ChoiceFilter(
        label=_("Sort"),
        choices=[(key, label) for key, (label, _order) in sorts.items()],
        method=apply,
        empty_label=None,
    )


class YesNoField(forms.NullBooleanField):
    """Yes, no, or either (empty); any other value is an error, never "either"."""

    READ = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        text = str(value if value is not None else "").strip().lower()
        if text == "":
            return None
        if text not in self.READ:
            raise forms.ValidationError(
                _("“%(value)s” is not one of yes, no or any") % {"value": value}, code="invalid"
            )
        return self.READ[text]

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class ChosenOnlySelect(forms.Select):
    """A choice among more records than a page should list (a model choice): it renders
    the empty choice and the chosen record alone (one query, when one is chosen), and
    app.js offers the others as one types, from `suggest_url` (a list of {id, label})."""

    def __init__(self, suggest_url, attrs=None):
        super().__init__(attrs)
        self.suggest_url = suggest_url

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-suggest": str(self.suggest_url)}
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices  # the field's ModelChoiceIterator: every record
        chosen = [v for v in value if str(v).isdigit() and int(v) < 2**63]
        listed = [("", iterator.field.empty_label or "")]
        if chosen:
            listed += [
                (record.pk, iterator.field.label_from_instance(record))
                for record in iterator.queryset.filter(pk__in=chosen)
            ]
        self.choices = listed
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator
