"""Admin form behaviour shared by both apps."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from lawtracker.dates import parse_partial_date
from lawtracker.export_formats import SAFE_FORMATS

# Source links typed without a scheme are taken as https (Django 6's default): the admin's
# fields through `formfield_overrides`, a ModelForm's own through `formfield_callback`.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def https_urls(db_field, **kwargs):
    kwargs.update(HTTPS_URLS.get(type(db_field), {}))
    return db_field.formfield(**kwargs)


class PartialDateTextMixin:
    """Reads each verbatim date text into its date and precision on save, so associates
    type dates as the sources print them (2020.08, 2020 年 11 月, 2020.11.03 修订).

    `date_texts` maps a text field to (date field, precision field, note field or None,
    and optionally the field for the last day the date may be).
    """

    date_texts: dict[str, tuple] = {}

    def clean(self):
        cleaned = super().clean()
        for text_field, (date_field, precision_field, note_field, *end) in self.date_texts.items():
            text = (cleaned.get(text_field) or "").strip()
            try:
                parsed = parse_partial_date(text)
            except ValueError as error:
                self.add_error(text_field, str(error))
                continue
            setattr(self.instance, date_field, parsed.value if parsed else None)
            setattr(self.instance, precision_field, parsed.precision if parsed else "")
            if note_field:
                setattr(self.instance, note_field, parsed.note if parsed else "")
            if end:
                setattr(self.instance, end[0], parsed.last_day if parsed else None)
        return cleaned


def choice_import_forms(name: str, fields: dict[str, forms.Field]) -> tuple[type, type]:
    """An import form and its confirm form that carry whole-file choices from the preview
    to the import."""
    import_form = type(f"{name}ImportForm", (ImportForm,), dict(fields))
    hidden = {field: forms.CharField(required=False, widget=forms.HiddenInput) for field in fields}
    confirm_form = type(f"{name}ConfirmImportForm", (ConfirmImportForm,), hidden)
    return import_form, confirm_form


def choice_value(value):
    """A choice as the resource takes it: True for a ticked box (also once it has passed
    through the confirm form's hidden field as text), None for nothing chosen."""
    if value in (True, "True", "on", "1"):
        return True
    if value in (None, "", False, "False"):
        return None
    return value


class AuthoritiesWithProvinceMixin:
    """Selected authorities show their province; read them in the same query."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "authorities":
            kwargs["queryset"] = db_field.related_model.objects.select_related("province")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ChoiceImportAdminMixin:
    """Import and export in CSV (UTF-8 or GB18030) and XLSX with formula cells neutralised;
    passes whole-file choices (`import_choices`) from the import form to the resource."""

    import_choices: tuple[str, ...] = ()
    formats = SAFE_FORMATS

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            for name in self.import_choices:
                initial[name] = import_form.cleaned_data.get(name) or ""
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        data = getattr(kwargs.get("form"), "cleaned_data", {})
        return {name: choice_value(data.get(name)) for name in self.import_choices}


def optional_choice(label, choices, help_text) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", _("— as each row says —"))] + list(choices),
        required=False,
        help_text=help_text,
    )
