"""Admin form behaviour shared by both apps."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from lawtracker.dates import parse_partial_date
from lawtracker.imports.files import max_bytes, max_rows, megabytes, too_large
from lawtracker.imports.resources import ReviewResource

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


IMPORT_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


class ImportFileForm(forms.Form):
    """A file to import, refused at once when it cannot be one (its type, its size)."""

    import_file = forms.FileField(
        label=_("file"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = _(
            "CSV (UTF-8 or GB18030, as Excel saves it) or XLSX, with a header row; "
            "at most %(size)s and %(rows)d rows of records."
        ) % {"size": megabytes(max_bytes()), "rows": max_rows()}

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _("“%s” is an old Excel file: save it as .xlsx (Excel workbook) and upload that.")
                % upload.name
            )
        if not name.endswith(IMPORT_SUFFIXES):
            raise forms.ValidationError(
                _("“%s” is not a CSV or XLSX file.") % upload.name, code="file_type"
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > max_bytes():
            raise forms.ValidationError(too_large(), code="file_size")
        return upload


def import_form(resource: type[ReviewResource]) -> type[ImportFileForm]:
    """The import form with a kind's whole-file options (`FILE_OPTIONS`)."""
    fields = {}
    for name, option in resource.FILE_OPTIONS.items():
        if option.choices is None:
            fields[name] = forms.BooleanField(
                label=option.label, required=False, help_text=option.help_text
            )
        else:
            fields[name] = optional_choice(option.label, option.choices.choices, option.help_text)
    return type(f"{resource.__name__}ImportForm", (ImportFileForm,), fields)


def choice_value(value):
    """A whole-file choice as the resource takes it: True for a ticked box, None for
    nothing chosen."""
    if value in (None, "", False):
        return None
    return value


def optional_choice(label, choices, help_text) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", _("— as each row says —"))] + list(choices),
        required=False,
        help_text=help_text,
    )
