"""Next year's case files: national cases, every encoding, re-typed copies that change
nothing, bad rows reported with their line, persons fined apart, one authority per body."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from enforcement.models import Case, Penalty
from enforcement.selectors import case_totals
from instruments.models import Authority
from lawtracker.imports.run import import_file
from tests.factories import write_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SAMPLES = Path(__file__).parents[1] / "samples"
NATIONAL = [
    "cases_2021_national.csv",
    "cases_2021_national_gb18030.csv",
    "cases_2021_national.xlsx",
]


def snapshot(cases=None) -> list[tuple]:
    """Everything a case holds that an import could change, penalties included."""
    cases = Case.objects.all() if cases is None else cases
    return [
        (
            case.pk,
            case.decided_text,
            case.region_text,
            case.national,
            case.province_id,
            case.city,
            case.subject,
            case.subject_kind,
            case.agency_text,
            case.facts,
            case.penalty_text,
            case.org_fines,
            case.individual_fines,
            case.updated_at,
            tuple(case.penalties.values_list("kind", "target", "person", "amount", "days")),
        )
        for case in cases.order_by("pk")
    ]


@pytest.mark.parametrize("name", NATIONAL)
def test_a_national_case_file_imports_exactly_in_every_encoding(name):
    report = import_file(path=SAMPLES / name)
    assert (report.written, report.records_created, report.errors) == (True, 12, [])
    national = Case.objects.filter(national=True)
    assert set(national.values_list("subject", flat=True)) == {
        "“滴滴出行”App",
        "运满满、货车帮、BOSS直聘",
        "滴滴全球股份有限公司",
        "部分违规 App 运营者",
        "某数据公司",
    }
    assert not national.exclude(province=None).exists()
    places = {
        case.subject: (case.province.short_name if case.province else None, case.city)
        for case in Case.objects.filter(national=False).select_related("province")
    }
    assert places == {
        "深圳市某科技有限公司": ("广东", "深圳市"),
        "张三（该公司员工）": ("广东", "深圳"),
        "盐城某网络科技有限公司": ("江苏", "盐城、宿迁"),
        "高德": ("北京", ""),  # 北京、上海: the first province named
        "上海某信息技术有限公司": ("上海", ""),  # no region: the agency names 上海
        "王某某等3人": ("浙江", "杭州"),
        "广州某网络科技有限公司": ("广东", ""),
    }
    # Totals to the yuan, organizations and individuals apart.
    totals = case_totals(Case.objects.all())
    assert (totals["org_fines"], totals["individual_fines"]) == (
        Decimal("8026605000.00"),
        Decimal("2018000.00"),
    )
    didi = Case.objects.get(subject="滴滴全球股份有限公司")
    assert list(didi.penalties.values_list("target", "person", "amount")) == [
        ("organization", "", Decimal("8026000000.00")),
        ("responsible_person", "程维", Decimal("1000000.00")),
        ("responsible_person", "柳青", Decimal("1000000.00")),
    ]
    assert [a.name for a in didi.authorities.all()] == ["国家互联网信息办公室"]
    assert didi.authorities.get().province is None


def test_the_same_cases_in_three_encodings_are_one_set_of_records():
    import_file(path=SAMPLES / NATIONAL[0])
    held = snapshot()
    for name in NATIONAL:
        report = import_file(path=SAMPLES / name)
        assert (report.records_created, report.records_updated, report.records_unchanged) == (
            0,
            0,
            12,
        ), name
    assert snapshot() == held


def test_a_retyped_copy_imports_with_no_change_and_keeps_the_verbatim_texts():
    import_file(path=SAMPLES / "cases_2021_national.csv")
    held = snapshot()
    for dry_run in (True, False):
        report = import_file(path=SAMPLES / "cases_2021_national_retyped.csv", check_only=dry_run)
        assert report.as_dict()["would"] == {"created": 0, "updated": 0, "unchanged": 12}
        assert (report.errors, report.duplicates, report.needs_review) == ([], 0, 0)
    assert snapshot() == held
    assert Case.objects.get(subject="某数据公司").penalty_text == "警告 罚款 50 万元"


def test_a_hand_edited_copy_with_bad_rows_reports_each_and_writes_nothing():
    import_file(path=SAMPLES / "cases_2021_national.csv")
    held = snapshot()
    report = import_file(
        path=SAMPLES / "cases_2021_edited_with_errors.csv", check_only=False, details=True
    )
    assert [(e["line"], e["column"]) for e in report.errors] == [
        (3, "时间"),
        (6, "地区"),
        (9, "执法机构"),
        (13, "处罚结果"),
        (14, "被处罚主体"),
    ]
    reasons = [e["reason"] for e in report.errors]
    assert "“2021.02.30” is not a real date." in reasons[0]
    assert "“火星” is not a region the tracker reads" in reasons[1]
    assert reasons[4] == "is 301 characters long; at most 300 are allowed"
    as_dict = report.as_dict()
    assert (as_dict["imported"], as_dict["created"], as_dict["updated"]) == (False, 0, 0)
    assert as_dict["would"] == {"created": 0, "updated": 1, "unchanged": 7}
    assert report.changed_rows[0]["changes"] == [
        {"column": "处罚结果", "before": "警告 罚款 2 万元", "after": "警告 罚款人民币3万元"}
    ]
    assert snapshot() == held


def test_a_row_failing_its_own_checks_is_never_held_as_a_look_alike():
    import_file(path=SAMPLES / "cases_2021_national.csv")
    for dry_run in (True, False):
        report = import_file(
            path=SAMPLES / "cases_overlong_beside_lookalike.csv", check_only=dry_run
        )
        assert report.needs_review == 1
        overlong, lookalike = report.errors
        assert (overlong["line"], overlong["column"], overlong.get("review")) == (
            2,
            "违法事实",
            None,
        )
        assert overlong["reason"] == "is 20001 characters long; at most 20000 are allowed"
        assert (lookalike["line"], lookalike.get("review")) == (3, True)
    # Allowing similar cases adds the look-alike, never the over-long row.
    report = import_file(
        path=SAMPLES / "cases_overlong_beside_lookalike.csv", options={"allow_similar": True}
    )
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "违法事实")]
    assert Case.objects.count() == 12


def test_fines_on_persons_are_booked_on_individuals_and_a_short_company_name_is_no_person():
    import_file(path=SAMPLES / "cases_persons_and_companies.csv")
    kinds = dict(Case.objects.values_list("subject", "subject_kind"))
    assert kinds == {
        "陈小明": "individual",
        "欧阳娜娜（网名“小鱼”）": "individual",
        "温州某网络科技有限公司": "company",
        "温州某信息咨询有限公司": "company",
        "高德": "platform",  # its facts call it 该平台
        "金桥": "company",  # 金 is a surname, but its facts call it 该公司
        "张三、李四": "individual",
    }
    fines = {case.subject: (case.org_fines, case.individual_fines) for case in Case.objects.all()}
    assert fines == {
        "陈小明": (0, 2000),
        "欧阳娜娜（网名“小鱼”）": (0, 1000),
        "温州某网络科技有限公司": (10000, 5000),
        "温州某信息咨询有限公司": (20000, 3000),
        "高德": (50000, 0),
        "金桥": (30000, 0),
        "张三、李四": (0, 4000),
    }
    legal_rep = Penalty.objects.get(
        case__subject="温州某网络科技有限公司", target="responsible_person"
    )
    assert (legal_rep.person, legal_rep.amount) == ("赵六", Decimal("5000.00"))
    assert Penalty.objects.get(case__subject="陈小明", kind="detention").days == 5


def test_the_spellings_of_one_regulator_lead_to_one_authority():
    import_file(path=SAMPLES / "cases_one_authority_aliases.csv")
    authorities = {
        authority.name: (
            authority.province.short_name if authority.province else None,
            authority.family,
            authority.cases.count(),
        )
        for authority in Authority.objects.select_related("province")
    }
    assert authorities == {
        "北京市网信办": ("北京", "cyberspace", 3),
        "广东省通信管理局": ("广东", "miit", 3),
        "国家互联网信息办公室": (None, "cyberspace", 3),
        "网络安全审查办公室": (None, "cyberspace", 1),
    }
    spellings = set(
        Authority.objects.get(name="国家互联网信息办公室").aliases.values_list("name", flat=True)
    )
    assert spellings == {"国家互联网信息办公室", "国家网信办", "中央网信办"}
    assert Case.objects.get(subject="辛科技有限公司").national  # no region, a central body


def test_the_json_report_of_a_check_says_nothing_was_written(tmp_path):
    out = StringIO()
    call_command(
        "import_records",
        str(SAMPLES / "cases_2021_national.csv"),
        "--dry-run",
        "--json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert (report["imported"], report["created"], report["updated"]) == (False, 0, 0)
    assert report["would"] == {"created": 12, "updated": 0, "unchanged": 0}
    assert not Case.objects.exists()


HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"


def test_other_spellings_of_agency_quotes_case_and_punctuation_change_nothing(tmp_path):
    import_file(path=SAMPLES / "cases_2021_national.csv")
    held = snapshot()
    text = (SAMPLES / "cases_2021_national.csv").read_text(encoding="utf-8")
    for before, after in [
        ("北京市互联网信息办公室", "北京市网信办"),
        ("国家市场监督管理总局", "市场监管总局"),
        ("通信管理局（广东）", "广东省通信管理局"),
        ("国家互联网信息办公室", "中央网信办"),
        ("“滴滴出行”App,", '"""滴滴出行""APP",'),
        ("。,", ","),
        ("警告 罚款 50 万元", "警告 罚款伍拾万元整"),
    ]:
        assert before in text
        text = text.replace(before, after)
    report = import_file(path=write_file(tmp_path, "respelled.csv", text))
    assert (
        report.records_created,
        report.records_updated,
        report.records_unchanged,
        report.errors,
    ) == (0, 0, 12, [])
    assert snapshot() == held


def test_month_and_year_date_cells_of_a_workbook_keep_their_precision(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"])
    for value, shown in [
        (datetime.datetime(2021, 8, 1), 'yyyy"年"m"月"'),
        (datetime.datetime(2021, 9, 1), "yyyy/m"),
        (datetime.datetime(2021, 1, 1), "yyyy"),
        (datetime.datetime(2021, 10, 21), "yyyy/m/d"),
    ]:
        sheet.append([value, "北京", f"{shown}公司", "网安部门", "事实", "警告"])
        sheet.cell(row=sheet.max_row, column=1).number_format = shown
    path = tmp_path / "months.xlsx"
    workbook.save(path)
    assert import_file(path=path).errors == []
    held = dict(Case.objects.values_list("subject", "decided_precision"))
    assert held == {
        'yyyy"年"m"月"公司': "month",
        "yyyy/m公司": "month",
        "yyyy公司": "year",
        "yyyy/m/d公司": "day",
    }
    assert Case.objects.get(subject="yyyy/m公司").decided_text == "2021.09"


def test_cells_outside_the_headers_columns_are_each_a_problem_and_later_rows_are_read(tmp_path):
    text = (
        "时间,地区,被处罚主体,,执法机构,处罚结果\n"
        "2021.01,北京,甲公司,,网安部门,警告,多出的一格\n"
        "2021.02.30,北京,乙公司,,网安部门,警告\n"
        "2021.03,北京,丙公司,备注：已整改,网安部门,警告\n"
        "2021.04,北京,丁公司,,,警告\n"
    )
    report = import_file(path=write_file(tmp_path, "outside.csv", text))
    assert [(e["line"], e["column"]) for e in report.errors] == [
        (2, ""),
        (3, "时间"),
        (4, ""),
        (5, "执法机构"),
    ]
    assert "1 more cells than the header row has columns: 多出的一格" in report.errors[0]["reason"]
    assert (
        "column 4 has no header but this row has “备注：已整改” in it"
        in report.errors[2]["reason"]
    )
    assert not Case.objects.exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_title_line_above_the_header_is_passed_over_and_lines_still_count(tmp_path, suffix):
    rows = [
        ["2021年执法案例汇总"],
        ["时间", "地区", "被处罚主体", "执法机构", "违法事实", "处罚结果"],
        ["2021.01", "北京", "甲公司", "网安部门", "事实", "警告"],
        ["2021.13", "北京", "乙公司", "网安部门", "事实", "警告"],
    ]
    path = tmp_path / f"titled{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    else:
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)
    report = import_file(path=path)
    assert [(e["line"], e["column"]) for e in report.errors] == [(4, "时间")]


def test_a_regulators_own_column_names_and_values_are_read(tmp_path):
    text = (
        "序号,行政相对人名称,处罚决定日期,处罚机关,违法事实,处罚内容,当事人类型,监管部门,备注\n"
        "1,某数据科技有限公司,20210820,北京市通信管理局,违规收集个人信息。,罚款 3 万元,法人,工信部,已缴纳\n"
        "2,张伟,2021/9,北京市公安局海淀分局,出售公民个人信息。,罚款 2000 元,自然人,公安,\n"
    )
    report = import_file(path=write_file(tmp_path, "shuanggongshi.csv", text))
    assert report.errors == []
    company = Case.objects.get(subject="某数据科技有限公司")
    assert (company.decided_on, company.decided_precision) == (datetime.date(2021, 8, 20), "day")
    assert (company.family, company.subject_kind, company.notes) == ("miit", "company", "已缴纳")
    assert company.province.short_name == "北京"  # from the agency's name
    person = Case.objects.get(subject="张伟")
    assert (person.subject_kind, person.individual_fines) == ("individual", 2000)


def test_an_over_long_region_is_refused_for_its_length_alone(tmp_path):
    region = "广东" + "某" * 99
    report = import_file(
        path=write_file(
            tmp_path, "r.csv", HEADER + f"2021.01,{region},甲公司,网安部门,事实,警告\n"
        )
    )
    [error] = report.errors
    assert error["reason"] == "is 101 characters long; at most 100 are allowed"


def test_a_region_with_many_cities_fits(tmp_path):
    region = "广东" + "、".join(
        [
            "深圳",
            "广州",
            "珠海",
            "汕头",
            "佛山",
            "韶关",
            "湛江",
            "肇庆",
            "江门",
            "茂名",
            "惠州",
            "梅州",
            "汕尾",
            "河源",
            "阳江",
            "清远",
            "东莞",
            "中山",
            "潮州",
            "揭阳",
            "云浮",
        ]
    )
    report = import_file(
        path=write_file(
            tmp_path, "r.csv", HEADER + f"2021.01,{region},甲公司,网安部门,事实,警告\n"
        )
    )
    assert report.errors == []
    assert Case.objects.get().city.startswith("深圳、广州")


def test_an_amount_that_cannot_be_read_refuses_the_row_with_its_text(tmp_path):
    report = import_file(
        path=write_file(
            tmp_path,
            "a.csv",
            HEADER
            + "2021.01,北京,甲公司,网安部门,事实,罚款1,0000元\n".replace(
                "罚款1,0000元", '"罚款1,0000元"'
            ),
        )
    )
    [error] = report.errors
    assert (error["line"], error["column"]) == (2, "处罚结果")
    assert "cannot read the amount “1,0000元”" in error["reason"]
    assert not Case.objects.exists()
