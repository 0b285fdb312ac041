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


def choice_import_forms(name: str, field: forms.Field) -> tuple[type, type]:
    """An import form and its confirm form that carry one extra whole-file choice."""
    import_form = type(f"{name}ImportForm", (ImportForm,), {name: field})
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_form = type(f"{name}ConfirmImportForm", (ConfirmImportForm,), {name: hidden})
    return import_form, confirm_form


class AuthoritiesWithProvinceMixin:
    """Selected authorities show their province; read them in the same query."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "authorities":
            kwargs["queryset"] = db_field.related_model.objects.select_related("province")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ChoiceImportAdminMixin:
    """Import and export in CSV (UTF-8 or GB18030) and XLSX with formula cells neutralised;
    passes a whole-file choice (`import_choice`) from the import form to the resource."""

    import_choice: str = ""
    formats = SAFE_FORMATS

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial[self.import_choice] = import_form.cleaned_data.get(self.import_choice, "")
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        value = getattr(form, "cleaned_data", {}).get(self.import_choice) or None
        return {self.import_choice: value}


def optional_choice(label, choices, help_text) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", _("— as each row says —"))] + list(choices),
        required=False,
        help_text=help_text,
    )
