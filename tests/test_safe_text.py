"""Safe text in, safe files out: control characters are refused on every import path, and
every export leaves out what a spreadsheet cannot hold before it guards against formulas."""

import csv
import io
import json
from unittest import mock

import openpyxl
import pytest
from django.core.management import CommandError, call_command
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
from lawtracker.imports.jobs import start_import
from lawtracker.imports.run import import_file
from lawtracker.models import ImportJob
from lawtracker.text import CONTROL_CHARACTERS, control_problem, visible, without_controls
from tests.factories import (
    make_campaign,
    make_case,
    make_instrument,
    make_user,
    write_file,
)
from tests.test_import_jobs import run_worker, upload

pytestmark = pytest.mark.django_db

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
FILLER = "".join(
    f"2020.08.{day:02d},北京,填充公司{n},网安部门,事实{n},警告\n"
    for n, day in zip(range(120), [1 + n % 28 for n in range(120)], strict=True)
)


# -- the rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\ufffe"]
)
def test_a_control_character_is_a_problem_named_by_its_code_and_place(char, english):
    problem = control_problem(f"某公司{char}罚款")
    assert f"U+{ord(char):04X}" in problem and "character 4" in problem


@pytest.mark.parametrize("text", ["某公司\t罚款", "两行\n文字", "回车\r\n", "普通文字 ＡＢ", ""])
def test_tab_line_breaks_and_ordinary_text_are_kept(text):
    assert control_problem(text) is None
    assert without_controls(text) == text


def test_a_control_character_as_excel_writes_it_into_a_workbook_is_a_problem():
    assert "U+0001" in control_problem("甲_x0001_乙")
    assert control_problem("甲_x005F_x0001_乙") is None  # the underscore escaped: plain text
    assert control_problem("文件_x0041_名") is None  # an escaped letter is no control


def test_a_message_quoting_a_cell_shows_its_control_characters_as_codes():
    assert visible("a\x00b\x1bc") == "aU+0000bU+001Bc"


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


# -- imports refuse control characters -------------------------------------------------


def nasty_csv(tmp_path, encoding="utf-8"):
    """A CSV whose problems sit past its first 4 KB: a NUL in a party's name on line 122
    and an ESC in the facts on line 123."""
    text = (
        HEADER
        + FILLER
        + "2020.09.01,北京,空字\x00公司,网安部门,事实,警告\n"
        + "2020.09.02,北京,某公司,网安部门,事实\x1b[31m,警告\n"
    )
    assert len(text.encode(encoding)) > 4096
    return write_file(tmp_path, "nasty.csv", text, encoding)


def assert_refused_with_line_and_column(errors):
    where = {(error["line"], error["column"]) for error in errors}
    assert (122, "被处罚主体") in where and (123, "违法事实") in where
    reasons = " ".join(error["reason"] for error in errors)
    assert "U+0000" in reasons and "U+001B" in reasons
    assert not CONTROL_CHARACTERS.search(json.dumps(errors, ensure_ascii=False))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_with_control_characters_past_its_first_block_imports_nothing(
    tmp_path, encoding, english
):
    report = import_file(path=nasty_csv(tmp_path, encoding), options={"family": "cyberspace"})
    assert not report.ok and not report.written
    assert_refused_with_line_and_column(report.errors)
    assert not Case.objects.exists()


def test_the_command_line_refuses_control_characters_and_writes_nothing(tmp_path, english):
    make_user("associate", username="lin")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command(
            "import_records",
            str(nasty_csv(tmp_path)),
            "--family=cyberspace",
            "--user=lin",
            "--json",
            stdout=out,
            stderr=err,
        )
    report = json.loads(out.getvalue())
    assert report["imported"] is False
    assert_refused_with_line_and_column(report["errors"])
    assert not Case.objects.exists()


def test_an_admin_import_job_refuses_control_characters(tmp_path, english):
    path = nasty_csv(tmp_path)
    job = start_import(
        upload=upload(path.read_text(), "nasty.csv"),
        kind="cases",
        options={"family": "cyberspace"},
        user=make_user("associate"),
        language="en",
    )
    with mock.patch("django.db.close_old_connections", lambda: None):
        run_worker()
    job = ImportJob.objects.get(pk=job.pk)
    assert job.state == "rejected"
    assert_refused_with_line_and_column(job.preview["errors"])
    assert not Case.objects.exists()


def test_a_workbook_with_control_characters_imports_nothing(tmp_path, english):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["2020.09.01", "北京", "删除符\x7f公司", "网安部门", "事实", "警告"])
    # Excel writes a control character it cannot put into XML as _x0001_.
    sheet.append(["2020.09.02", "北京", "某公司", "网安部门", "事实_x0001_", "警告"])
    sheet.append(["2020.09.03", "北京", "另一公司", "网安部门", "事实", "警告\x85"])
    path = tmp_path / "nasty.xlsx"
    workbook.save(path)
    report = import_file(path=path, options={"family": "cyberspace"})
    where = {(error["line"], error["column"]) for error in report.errors}
    assert where == {(2, "被处罚主体"), (3, "违法事实"), (4, "处罚结果")}
    assert not report.written and not Case.objects.exists()


def test_a_header_with_a_control_character_is_reported_legibly(tmp_path, english):
    path = write_file(
        tmp_path, "h.csv", "时间,地区,被处罚\x01主体,执法机构,违法事实,处罚结果\n" + FILLER
    )
    report = import_file(path=path, kind="cases")
    assert not report.ok
    assert "被处罚U+0001主体" in report.errors[0]["reason"]
    assert not CONTROL_CHARACTERS.search(json.dumps(report.errors, ensure_ascii=False))


# -- exports leave out what a spreadsheet cannot hold ----------------------------------


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


def test_an_exported_xlsx_imports_again_without_changes(client, tmp_path):
    source = write_file(
        tmp_path,
        "in.csv",
        HEADER + '2020.08,北京,"=HYPERLINK(""http://x"",""y"")",网安部门,-1,警告\n',
    )
    assert import_file(path=source, options={"family": "public_security"}).records_created == 1
    client.force_login(make_user("admin"))
    fields = {f"caseresource_{name}": "on" for name in CaseResource._meta.fields}
    response = client.post(reverse("admin:enforcement_case_export"), {"format": "1", **fields})
    path = tmp_path / "again.xlsx"
    path.write_bytes(response.content)
    report = import_file(path=path)
    assert report.errors == []
    assert (report.records_created, report.records_updated, report.records_unchanged) == (0, 0, 1)
    assert Case.objects.get().subject == '=HYPERLINK("http://x","y")'
