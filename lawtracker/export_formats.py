"""CSV and XLSX for the admin's import and export, with formula cells neutralised: a cell
that Excel would run (=, +, -, @, or a leading tab or carriage return) is written with a
leading apostrophe, which Excel shows as text and our importer removes again."""

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


class SafeFormatMixin:
    def export_data(self, dataset, **kwargs):
        for index, row in enumerate(dataset):
            dataset[index] = tuple(neutralise(value) for value in row)
        return dataset.export(self.get_title(), **kwargs)


class SafeCSV(SafeFormatMixin, CSV):
    pass


class SafeXLSX(SafeFormatMixin, XLSX):
    pass


SAFE_FORMATS = [SafeCSV, SafeXLSX]
