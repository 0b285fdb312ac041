"""Importing cases and campaigns (enforcement.resources): next year's files, national
cases, every encoding, re-typed copies that change nothing, bad rows reported with
their line, persons fined apart, one authority per body, families read from the agency
or the file, and rows that look like a known case held for a decision."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from enforcement.models import Campaign, Case, Penalty
from enforcement.selectors import case_totals
from instruments.models import Authority
from lawtracker.imports.run import import_file
from tests.factories import make_user, write_file

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


# -- families, authorities and penalties of imported cases -------------------------------


def test_cases_alike_but_for_their_subject_are_not_merged(tmp_path):
    rows = (
        "2020.09.01,广东,甲公司,广东省通信管理局,未履行 ICP 备案手续。,罚款 1 万元\n"
        "2020.09.01,广东,乙公司,广东省通信管理局,未履行 ICP 备案手续。,罚款 1 万元\n"
    )
    assert import_file(path=write_file(tmp_path, "alike.csv", HEADER + rows)).records_created == 2


def test_family_comes_from_the_agency_name_unless_the_file_says_otherwise(tmp_path):
    rows = (
        "2020.01,湖南长沙,甲公司,岳麓分局,事实,警告\n"
        "2020.02,北京,乙公司,北京市网信办,事实,约谈\n"
        "2020.03,北京,丙公司,北京市公安局网安总队,事实,警告\n"
        "2020.04,广东,丁公司,广东省通信管理局,事实,警告\n"
    )
    import_file(path=write_file(tmp_path, "f.csv", HEADER + rows))
    families = dict(Case.objects.values_list("subject", "family"))
    assert families == {
        "甲公司": "other",
        "乙公司": "cyberspace",
        "丙公司": "public_security",
        "丁公司": "miit",
    }


def test_a_whole_file_family_names_agencies_whose_name_does_not_tell(tmp_path):
    rows = (
        "2020.01,湖南长沙,甲公司,岳麓分局,事实,警告\n2020.02,北京,乙公司,北京市网信办,事实,约谈\n"
    )
    import_file(
        path=write_file(tmp_path, "f.csv", HEADER + rows), options={"family": "public_security"}
    )
    assert Authority.objects.get(name="岳麓分局").family == "public_security"
    assert Authority.objects.get(name="北京市网信办").family == "cyberspace"
    assert set(Case.objects.values_list("family", flat=True)) == {"public_security"}


def test_a_row_family_column_wins_over_the_file_choice(tmp_path):
    text = "时间,被处罚主体,执法机构,处罚结果,监管部门\n2020.01,某公司,某局,警告,工信\n"
    import_file(path=write_file(tmp_path, "f.csv", text), options={"family": "other"})
    assert Case.objects.get().family == "miit"


def test_generic_agency_names_are_one_authority_per_province(tmp_path):
    rows = (
        "2020.01,湖南长沙,甲公司,网安大队,事实,警告\n2020.02,河北三河,乙公司,网安大队,事实,警告\n"
    )
    import_file(path=write_file(tmp_path, "a.csv", HEADER + rows))
    assert set(Authority.objects.values_list("province__short_name", flat=True)) == {
        "湖南",
        "河北",
    }


def test_a_corrected_penalty_text_updates_the_case_and_its_penalties(tmp_path):
    import_file(
        path=write_file(tmp_path, "a.csv", HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    )
    report = import_file(
        path=write_file(
            tmp_path, "b.csv", HEADER + "2020.01,北京,甲公司,网安部门,事实,警告 罚款 1 万元\n"
        )
    )
    assert (report.records_created, report.records_updated) == (0, 1)
    case = Case.objects.get()
    assert [p.kind for p in case.penalties.order_by("position")] == ["warning", "fine"]


def test_a_reimport_with_a_corrected_penalty_keeps_authorities_set_by_hand(tmp_path):
    row = "2020.01,北京,甲公司,网安部门,未落实网络安全等级保护制度,警告\n"
    import_file(path=write_file(tmp_path, "a.csv", HEADER + row))
    case = Case.objects.get()
    extra = Authority.objects.create(name="北京市公安局", family="public_security")
    case.authorities.add(extra)
    import_file(
        path=write_file(tmp_path, "b.csv", HEADER + row.replace("警告", "警告 罚款 1 万元"))
    )
    assert extra in case.authorities.all()
    assert case.penalties.filter(kind="fine").exists()
    assert list(case.violation_categories.values_list("name", flat=True)) == [
        "未履行网络安全保护义务"
    ]


@pytest.mark.parametrize(
    "penalty,reason",
    [
        ("罚款 2000000 亿元", "more than the tracker can hold"),
        ("罚款 60 万亿元，另罚款 50 万亿元", "more than the tracker can hold"),
    ],
)
def test_an_amount_the_tracker_cannot_hold_is_refused_by_check_and_import(
    tmp_path, penalty, reason
):
    path = write_file(
        tmp_path, "fine.csv", HEADER + f"2020.01,北京,甲公司,网安部门,事实,{penalty}\n"
    )
    for dry_run in (True, False):
        [error, *_more] = import_file(path=path, check_only=dry_run).errors
        assert (error["line"], error["column"]) == (2, "处罚结果")
        assert reason in error["reason"]
    assert not Case.objects.exists()


def test_campaign_file_needs_a_family_from_a_column_or_the_whole_file(tmp_path):
    path = write_file(tmp_path, "c.csv", "序号,时间,监管重点\n1,2020 年 11 月,整治“有偿删帖”\n")
    report = import_file(path=path)
    assert report.kind == "campaigns"
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "监管部门")]
    assert import_file(path=path, options={"family": "cyberspace"}).records_created == 1
    campaign = Campaign.objects.get()
    assert (campaign.started_on, campaign.started_precision) == (
        datetime.date(2020, 11, 1),
        "month",
    )


# -- rows that look like a known case wait for a decision -------------------------------


def test_a_probable_match_waits_for_the_users_decision(tmp_path):
    import_file(
        path=write_file(
            tmp_path,
            "a.csv",
            HEADER + "2020.08.13,河北廊坊,三河某燃气有限公司,公安局,事实,警告\n",
        )
    )
    later = write_file(
        tmp_path,
        "b.csv",
        HEADER + "2020.08,河北廊坊,三河某燃气有限公司,公安局,另一份材料的事实,警告\n",
    )
    report = import_file(path=later)
    assert (report.records_created, report.needs_review) == (0, 1)
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "时间")]
    assert Case.objects.count() == 1
    assert import_file(path=later, options={"allow_similar": True}).records_created == 1
    assert Case.objects.count() == 2


def test_a_probable_match_is_told_by_its_own_dates_among_the_agencys_other_rows(tmp_path):
    """The look-up reads an agency's rows' spans as one (Jul 1 – Sep 30 here); a row is
    still held only for a case whose dates meet its own."""
    import_file(
        path=write_file(
            tmp_path,
            "a.csv",
            HEADER
            + "2020.08.13,河北廊坊,三河某燃气有限公司,公安局,事实,警告\n"
            + "2020.07.15,河北廊坊,三河某燃气有限公司,公安局,另一案的事实,警告\n",
        )
    )
    august = Case.objects.get(decided_on=datetime.date(2020, 8, 13))
    report = import_file(
        path=write_file(
            tmp_path,
            "b.csv",
            HEADER
            + "2020.07.01,河北廊坊,甲公司,公安局,事实,警告\n"
            + "2020.08,河北廊坊,三河某燃气有限公司,公安局,另一份材料的事实,警告\n"
            + "2020.09.30,河北廊坊,乙公司,公安局,事实,警告\n",
        )
    )
    assert (report.records_created, report.needs_review) == (0, 1)
    assert [(e["line"], e["column"]) for e in report.errors] == [(3, "时间")]
    assert f"case #{august.pk} (2020.08.13" in report.errors[0]["reason"]


def test_cases_of_one_agency_on_one_day_against_other_parties_are_not_flagged(tmp_path):
    import_file(
        path=write_file(
            tmp_path, "a.csv", HEADER + "2020.09.01,广东,甲公司,广东省通信管理局,事实,警告\n"
        )
    )
    report = import_file(
        path=write_file(
            tmp_path, "b.csv", HEADER + "2020.09,广东,乙公司,广东省通信管理局,事实,警告\n"
        )
    )
    assert (report.records_created, report.needs_review) == (1, 0)


def test_rows_of_one_file_that_look_like_one_case_wait_in_the_check_and_the_import(tmp_path):
    rows = (
        "2020.08.13,河北廊坊,三河某燃气有限公司,公安局,一份材料,警告\n"
        "2020.08,河北廊坊,三河某燃气有限公司,公安局,另一份材料,警告\n"
    )
    path = write_file(tmp_path, "alike.csv", HEADER + rows)
    for dry_run in (True, False):
        report = import_file(path=path, check_only=dry_run)
        assert report.needs_review == 1
        assert report.errors[0]["line"] == 3 and report.errors[0]["review"]
        assert "line 2" in report.errors[0]["reason"]
    assert Case.objects.count() == 0
    assert import_file(path=path, options={"allow_similar": True}).records_created == 2


def test_a_decision_number_is_kept_and_read_whatever_its_brackets(tmp_path, client):
    header = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果,处罚决定书文号\n"
    row = "2020.08.12,北京,文号公司,北京市网信办,事实,警告,京网信罚〔2020〕1号\n"
    assert (
        import_file(
            path=write_file(tmp_path, "a.csv", header + row), options={"family": "cyberspace"}
        ).errors
        == []
    )
    case = Case.objects.get()
    assert case.decision_number == "京网信罚〔2020〕1号"
    retyped = import_file(
        path=write_file(tmp_path, "b.csv", header + row.replace("〔2020〕", "[2020]")),
        options={"family": "cyberspace"},
    )
    assert (retyped.records_updated, retyped.records_unchanged) == (0, 1)
    client.force_login(make_user("partner"))
    exported = client.get(reverse("enforcement:case-export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert "京网信罚〔2020〕1号" in exported


def test_an_exports_own_columns_are_passed_by_only_in_an_export(tmp_path):
    """A file with a column named as one the export adds (链接), but not the export's
    header, is refused for it: its cells are never dropped unread."""
    report = import_file(
        path=write_file(
            tmp_path,
            "a.csv",
            "时间,被处罚主体,执法机构,链接\n2020.08.13,某公司,公安局,https://example.org/1\n",
        ),
        check_only=True,
    )
    assert report.errors and "链接" in report.errors[0]["reason"]
