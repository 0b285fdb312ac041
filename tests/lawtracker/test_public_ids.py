"""Permanent IDs (lawtracker.public_ids): given once to every instrument and case however
it is created, kept through edits and re-imports, never given again, shown, searchable,
exported, and read back by an import so that an edited export updates its records."""

import datetime

import pytest
from django.urls import reverse

from enforcement.models import Case
from enforcement.resources import CaseResource
from instruments.models import Instrument
from lawtracker import public_ids
from lawtracker.imports.run import import_file
from tests.factories import make_case, make_user, write_file

pytestmark = pytest.mark.django_db

HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"
ROWS = [
    "2020.08.12,广东,甲公司,广东省通信管理局,事实一,警告\n",
    "2020.09.01,北京,乙公司,北京市互联网信息办公室,事实二,罚款1万元\n",
]


def imported(tmp_path, text, **options):
    report = import_file(path=write_file(tmp_path, "cases.csv", text), **options)
    assert report.errors == []
    return report


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("LT-C-2020-0112", "LT-C-2020-0112"),
        ("lt-c-2020-112", "LT-C-2020-0112"),
        (" LT - I - 2019 - 7 ", "LT-I-2019-0007"),
        ("LT-C-2020", None),
        ("人脸", None),
    ],
)
def test_an_id_is_read_however_it_is_typed(typed, stored):
    assert public_ids.normalised(typed) == stored


def test_an_import_gives_ids_in_file_order_by_year_and_a_reimport_keeps_them(tmp_path):
    imported(tmp_path, HEADER + "".join(ROWS), options={"family": "miit"})
    ids = dict(Case.objects.values_list("subject", "public_id"))
    assert ids == {"甲公司": "LT-C-2020-0001", "乙公司": "LT-C-2020-0002"}
    imported(tmp_path, HEADER + "".join(ROWS), options={"family": "miit"})
    assert dict(Case.objects.values_list("subject", "public_id")) == ids


def test_a_check_gives_no_id(tmp_path):
    imported(tmp_path, HEADER + ROWS[0], options={"family": "miit"}, check_only=True)
    imported(tmp_path, HEADER + ROWS[1], options={"family": "miit"})
    assert Case.objects.get().public_id == "LT-C-2020-0001"


def test_an_id_is_never_given_again_after_a_deletion(tmp_path):
    imported(tmp_path, HEADER + ROWS[0], options={"family": "miit"})
    Case.objects.get().delete()
    imported(tmp_path, HEADER + ROWS[1], options={"family": "miit"})
    assert Case.objects.get().public_id == "LT-C-2020-0002"


def test_a_record_added_in_the_admin_gets_its_id_and_keeps_it_when_edited(client):
    client.force_login(make_user("admin"))
    response = client.post(
        reverse("admin:instruments_instrument_add"),
        {
            "title": "《测试办法》",
            "level": "departmental_rule",
            "published_text": "2021.03.01",
            "effective_text": "",
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    instrument = Instrument.objects.get()
    assert instrument.public_id == "LT-I-2021-0001"
    page = client.get(reverse("admin:instruments_instrument_change", args=[instrument.pk]))
    assert "LT-I-2021-0001" in page.content.decode()


def test_the_id_is_shown_searched_and_exported(client):
    case = make_case(subject="编号公司", public_id="LT-C-2020-0112")
    make_case(subject="别的公司")
    client.force_login(make_user("partner"))
    assert (
        "LT-C-2020-0112"
        in client.get(reverse("enforcement:case-detail", args=[case.pk])).content.decode()
    )
    found = client.get(reverse("enforcement:case-list"), {"q": "lt-c-2020-112"})
    assert [row.subject for row in found.context["rows"]] == ["编号公司"]
    exported = client.get(
        reverse("enforcement:case-export", args=["csv"]), {"q": "LT-C-2020-0112"}
    )
    assert "LT-C-2020-0112" in exported.content.decode("utf-8-sig")


def test_an_edited_export_updates_the_records_its_ids_name(tmp_path):
    imported(tmp_path, HEADER + "".join(ROWS), options={"family": "miit"})
    exported = CaseResource().export(Case.objects.order_by("public_id")).csv
    # The party's name corrected in Excel: without the ID this row would be a new case.
    edited = exported.replace("甲公司", "甲科技公司")
    report = import_file(path=write_file(tmp_path, "edited.csv", edited))
    assert (report.errors, report.records_created, report.records_updated) == ([], 0, 1)
    assert Case.objects.get(public_id="LT-C-2020-0001").subject == "甲科技公司"


def test_an_unknown_id_or_one_that_names_another_record_is_a_problem(tmp_path, english):
    imported(tmp_path, HEADER + "".join(ROWS), options={"family": "miit"})
    header = "追踪编号," + HEADER
    unknown = import_file(path=write_file(tmp_path, "a.csv", header + "LT-C-2020-0099," + ROWS[0]))
    assert [(e["line"], e["column"]) for e in unknown.errors] == [(2, "追踪编号")]
    assert "no record has the ID LT-C-2020-0099" in unknown.errors[0]["reason"]
    swapped = import_file(path=write_file(tmp_path, "b.csv", header + "LT-C-2020-0002," + ROWS[0]))
    assert "the row reads as" in swapped.errors[0]["reason"]
    assert Case.objects.count() == 2


def test_an_instrument_of_no_known_date_gets_this_years_id(tmp_path):
    imported(
        tmp_path,
        "名称,发布时间,生效时间,效力级别\n《无日期规定》,--,--,部门规章\n",
    )
    assert Instrument.objects.get().public_id == f"LT-I-{datetime.date.today().year}-0001"
