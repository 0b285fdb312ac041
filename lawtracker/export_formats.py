"""CSV and XLSX for the admin's import and export, with formula cells neutralised: a cell
that Excel would run (=, +, -, @, or a leading tab or carriage return) is written with a
leading apostrophe, which Excel shows as text and our importer removes again."""

from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """The cell as it was before export neutralised it."""
    if text.startswith("'") and text[1:].startswith(FORMULA_LEADS):
        return text[1:]
    return text


def decode_text(content: bytes) -> str:
    """CSV bytes as text: UTF-8 (a BOM is dropped) or else GB18030, never a guess that
    turns UTF-8 into garbage. Raises ValueError."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as error:
        raise ValueError(_("The file is neither UTF-8 nor GB18030 text.")) from error


class SafeFormatMixin:
    def export_data(self, dataset, **kwargs):
        for index, row in enumerate(dataset):
            dataset[index] = tuple(neutralise(value) for value in row)
        return dataset.export(self.get_title(), **kwargs)


class SafeCSV(SafeFormatMixin, CSV):
    """Read as bytes so the encoding is told from the content (UTF-8 with or without
    BOM, or GB18030 as Chinese Excel saves it); written as UTF-8 with a BOM, which Excel
    needs to show Chinese."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream)
        return super().create_dataset(in_stream, **kwargs)

    def export_data(self, dataset, **kwargs):
        return super().export_data(dataset, **kwargs).encode("utf-8-sig")


class SafeXLSX(SafeFormatMixin, XLSX):
    pass


SAFE_FORMATS = [SafeCSV, SafeXLSX]
