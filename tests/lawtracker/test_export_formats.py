"""Safe files out (lawtracker.export_formats): every export, the partners' lists and the
admin's, leaves out what a spreadsheet cannot hold before it guards against formulas,
and cuts a text longer than a cell holds."""

import csv
import io

import openpyxl
import pytest
from django.db import connection, models
from django.urls import reverse

from enforcement.models import Campaign, Case
from enforcement.resources import CampaignResource, CaseResource
from instruments.models import Instrument
from instruments.resources import InstrumentResource
from lawtracker.export_formats import (
    EXCEL_CELL_CHARS,
    FORMULA_LEADS,
    neutralise,
    unneutralise,
    xlsx_bytes,
)
from lawtracker.text import CONTROL_CHARACTERS, without_controls
from tests.factories import make_campaign, make_case, make_instrument, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "stored, written",
    [
        ('\x01=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("\x1b@SUM(1)", "'@SUM(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("\t制表", "'\t制表"),
        ("\r回车", "'\r回车"),
        ("普通\x0c文字", "普通文字"),
        (5, 5),
    ],
)
def test_a_csv_cell_loses_its_control_characters_before_its_formula_is_guarded(stored, written):
    assert neutralise(stored) == written
    if isinstance(written, str):
        assert unneutralise(written) == without_controls(stored)


def test_an_xlsx_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis():
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes("t", [["h"], ["长" * 40000]]))).active
    value = sheet.cell(2, 1).value
    assert len(value) == EXCEL_CELL_CHARS and value.endswith("…")


def test_an_xlsx_text_that_looks_like_workbook_markup_stays_text():
    """A text shaped as the XML of rich text (which XlsxWriter would write unescaped)
    is the same text in the cell, and smuggles no formula or cell into the sheet."""
    markup = '<r><t>x</t></r></is></c><c r="Z1"><f>HYPERLINK("http://x","y")</f></c><r>'
    texts = [markup + "</r>", "<r>a & b</r>", "<r>"]
    content = xlsx_bytes("t", [["h"], *([text] for text in texts)])
    cells = xlsx_cells(content)
    assert [cell.value for cell in cells] == ["h", *texts]
    assert not [cell for cell in cells if cell.data_type == "f"]


def nasty_texts() -> list[str]:
    """Texts a record may hold when written around the importer (a script, the shell):
    every kind of control character each database can store, formulas behind them."""
    texts = [
        '\x01=HYPERLINK("http://x","y")',
        "\x1b=1+1",
        "\x7f+1",
        "\ufffe@SUM(1)",
        '=HYPERLINK("http://x","y")',
        "@SUM(1)",
        "+1",
        "-1",
        "\t制表在前",
        "\r回车在前",
        "#N/A",
        '<r><t>x</t></r></is></c><c r="Z1"><f>1+1</f></c><c t="inlineStr"><is><r></r>',
        "换页\x0c公司\x85",
        "长" * 20000,
    ]
    if connection.vendor == "sqlite":  # PostgreSQL refuses a NUL in any text
        texts.append("\x00=1+1")
    return texts


def text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def store_nasty_rows() -> dict[type, list[dict[str, str]]]:
    """One record of each kind per nasty text, every free text field holding it (cut to
    the field's length), saved through the ORM; what each record holds, by model."""
    stored: dict[type, list[dict[str, str]]] = {Case: [], Campaign: [], Instrument: []}
    for n, text in enumerate(nasty_texts()):
        for model, make in ((Case, make_case), (Campaign, make_campaign)):
            values = {f.name: text[: f.max_length] for f in text_fields(model)}
            values["fingerprint"] = f"nasty-{n}"
            stored[model].append(values)
            make(**values)
        values = {f.name: text[: f.max_length] for f in text_fields(Instrument)}
        stored[Instrument].append(values)
        make_instrument(**values)
    return stored


def xlsx_cells(content: bytes) -> list[openpyxl.cell.Cell]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_safe_xlsx(content: bytes, expected: set[str]) -> None:
    cells = xlsx_cells(content)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert not [text for text in texts if CONTROL_CHARACTERS.search(text)]
    # XML reads a carriage return as a line feed: the workbook says so itself.
    assert {xlsx_text(text) for text in expected} <= texts


def xlsx_text(text: str) -> str:
    return without_controls(text).replace("\r\n", "\n").replace("\r", "\n")


def assert_safe_csv(content: bytes, expected: set[str]) -> None:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    texts = {cell for row in rows for cell in row}
    assert not [text for text in texts if text.startswith(FORMULA_LEADS)]
    assert not [text for text in texts if CONTROL_CHARACTERS.search(text)]
    assert {neutralise(text) for text in expected} <= texts


ADMIN_EXPORTS = [
    (Case, CaseResource, ("subject", "agency_text", "facts", "penalty_text", "notes")),
    (Campaign, CampaignResource, ("focus",)),
    (Instrument, InstrumentResource, ("title", "title_en", "doc_number", "notes")),
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_partners_case_export_of_any_stored_text_is_safe(client, file_format):
    stored = store_nasty_rows()
    client.force_login(make_user("partner"))
    response = client.get(reverse("enforcement:case-export", args=[file_format]))
    assert response.status_code == 200
    expected = {
        values[name] for values in stored[Case] for name in ("subject", "facts", "penalty_text")
    }
    (assert_safe_csv if file_format == "csv" else assert_safe_xlsx)(response.content, expected)


@pytest.mark.parametrize("model, resource, verbatim", ADMIN_EXPORTS)
@pytest.mark.parametrize("file_format, index", [("csv", "0"), ("xlsx", "1")])
def test_the_admin_export_of_any_stored_text_is_safe(
    client, model, resource, verbatim, file_format, index
):
    stored = store_nasty_rows()
    client.force_login(make_user("admin"))
    prefix = resource.__name__.lower()
    fields = {f"{prefix}_{name}": "on" for name in resource._meta.fields}
    opts = model._meta
    response = client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_export"), {"format": index, **fields}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv" if file_format == "csv" else "app")
    expected = {values[name] for values in stored[model] for name in verbatim}
    (assert_safe_csv if file_format == "csv" else assert_safe_xlsx)(response.content, expected)


def test_an_xlsx_export_of_more_cases_than_a_sheet_holds_is_refused_with_a_way_out(
    client, monkeypatch
):
    """Past a sheet's rows XlsxWriter would drop cases silently: the export refuses and
    says to export CSV or narrow the filters; the CSV holds them all."""
    from enforcement import exports

    for _n in range(3):
        make_case()
    client.force_login(make_user("partner"))
    monkeypatch.setattr(exports, "EXCEL_ROWS", 3)  # a header and two cases
    refused = client.get(reverse("enforcement:case-export", args=["xlsx"]))
    assert refused.status_code == 400
    assert "CSV" in refused.content.decode()
    whole = client.get(reverse("enforcement:case-export", args=["csv"]))
    assert whole.status_code == 200
    assert len(list(csv.reader(io.StringIO(whole.content.decode("utf-8-sig"))))) == 4
    monkeypatch.setattr(exports, "EXCEL_ROWS", 4)
    assert client.get(reverse("enforcement:case-export", args=["xlsx"])).status_code == 200
    from lawtracker import export_formats

    monkeypatch.setattr(export_formats, "EXCEL_ROWS", 3)
    with pytest.raises(ValueError):
        xlsx_bytes("t", [["h"]] * 4)  # a writer past the sheet's end fails, never cuts


def test_links_past_what_a_sheet_holds_are_written_as_their_text(monkeypatch):
    from lawtracker import export_formats
    from lawtracker.export_formats import Link

    monkeypatch.setattr(export_formats, "LINKS_PER_SHEET", 2)
    rows = [["link"], *([Link(f"https://example.org/cases/{n}/")] for n in range(3))]
    sheet = openpyxl.load_workbook(io.BytesIO(export_formats.xlsx_bytes("t", rows))).active
    cells = [sheet.cell(row=n, column=1) for n in (2, 3, 4)]
    assert [cell.value for cell in cells] == [f"https://example.org/cases/{n}/" for n in range(3)]
    assert [cell.hyperlink is not None for cell in cells] == [True, True, False]
