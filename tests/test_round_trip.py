"""Export from the admin, import the file again: nothing new, nothing lost."""

import io

import pytest
import tablib
from django.urls import reverse

from enforcement.models import Case
from enforcement.resources import CaseResource
from lawtracker.imports.run import import_file
from tests.factories import make_case, make_user, write_file

pytestmark = pytest.mark.django_db

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"


def test_exported_cases_import_again_without_changes(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
        "2020.08,云南昭通,某企业,网安部门,事实一,公司罚款 1 万元 直接负责人 罚款 5 千元\n"
        "2020 年 11 月,北京,某公司,网安部门,事实二,警告\n",
        encoding="utf-8",
    )
    assert import_file(path=source, options={"family": "public_security"}).records_created == 2

    exported = tmp_path / "out.csv"
    exported.write_text(CaseResource().export(Case.objects.all()).csv, encoding="utf-8")
    report = import_file(path=exported)
    assert (
        report.records_created,
        report.records_updated,
        report.records_unchanged,
        report.errors,
    ) == (0, 0, 2, [])


def test_admin_export_neutralises_formula_cells(client):
    client.force_login(make_user("partner"))
    make_case(subject="=cmd|' /C calc'!A0")
    fields = {f"caseresource_{name}": "on" for name in CaseResource._meta.fields}
    response = client.post(reverse("admin:enforcement_case_export"), {"format": "0", **fields})
    assert response.status_code == 200
    data = tablib.Dataset().load(io.StringIO(response.content.decode("utf-8-sig")), "csv")
    assert not data["被处罚主体"][0].startswith("=")


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


def test_exported_instruments_import_again_without_changes_issuers_in_their_order(tmp_path):
    """Every column the instrument importer reads is exported: issuers as given (lead
    issuer first), 文号, links to the final version; an edited order is a change."""
    from instruments.models import Instrument
    from instruments.names import in_document_order
    from instruments.resources import InstrumentResource

    source = write_file(
        tmp_path,
        "in.csv",
        "名称,发布时间,生效时间,效力级别,发布机关,发文字号,来源链接,英文名称\n"
        "《甲办法（征求意见稿）》,2020.03.01,,部门规章,国家网信办、工信部、公安部,,,Measures A (draft)\n"
        "《甲办法》,2020.09.01,2020.10.01,部门规章,国家网信办、工信部、公安部,令第1号,"
        "http://www.cac.gov.cn/a.htm,Measures A\n",
    )
    assert import_file(path=source).records_created == 2
    final = Instrument.objects.get(title="《甲办法》")
    lead_first = ["国家互联网信息办公室", "工业和信息化部", "公安部"]
    assert [a.name for a in in_document_order(final.authorities.all(), final.issuers_text)] == (
        lead_first
    )
    assert Instrument.objects.get(is_draft=True).final_version == final

    exported = tmp_path / "out.csv"
    exported.write_text(
        InstrumentResource().export(Instrument.objects.order_by("pk")).csv, encoding="utf-8"
    )
    report = import_file(path=exported)
    assert (report.errors, report.records_created, report.records_updated) == ([], 0, 0)
    assert report.records_unchanged == 2

    edited = exported.read_text(encoding="utf-8").replace(
        "国家网信办、工信部、公安部", "公安部、国家网信办、工信部"
    )
    (tmp_path / "edited.csv").write_text(edited, encoding="utf-8")
    report = import_file(path=tmp_path / "edited.csv")
    assert (report.errors, report.records_created, report.records_updated) == ([], 0, 2)
    final.refresh_from_db()
    assert [a.name for a in in_document_order(final.authorities.all(), final.issuers_text)] == (
        ["公安部", "国家互联网信息办公室", "工业和信息化部"]
    )
    assert final.authorities.count() == 3
