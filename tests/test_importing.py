"""The importer: whole or nothing, every problem shown, idempotent, families recognised."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enforcement.models import FACTS_MAX, PENALTY_TEXT_MAX, Campaign, Case, Penalty
from instruments.models import Authority, Instrument
from lawtracker.imports import run
from lawtracker.imports.run import import_file
from tests.factories import make_user

# Messages are checked in English; tests/i18n checks the Chinese ones.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CASE_HEADER = "时间,地区,被处罚主体,执法机构,违法事实,处罚结果\n"


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_case_file_imports_and_a_second_import_creates_nothing(tmp_path):
    path = write(
        tmp_path,
        "cases.csv",
        CASE_HEADER
        + "2020.09.15,广东,广州某科技有限公司,广东省通信管理局,APP 违规,责令改正 警告 罚款 2 万元\n"
        + "2020.09,河北 唐山,王某,网信办,未注销备案,注销网站备案\n",
    )
    first = import_file(path=path)
    assert (first.kind, first.records_created, first.errors) == ("cases", 2, [])
    second = import_file(path=path)
    assert (second.records_created, second.records_updated, second.records_unchanged) == (0, 0, 2)
    assert Case.objects.count() == 2
    assert Penalty.objects.count() == 4


def test_identical_rows_in_one_file_make_one_case(tmp_path):
    row = "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
    report = import_file(path=write(tmp_path, "dup.csv", CASE_HEADER + row + row))
    assert (report.records_created, report.records_unchanged, report.duplicates) == (1, 0, 1)
    assert Case.objects.get().penalties.get().amount == Decimal("40000.00")


def test_cases_alike_but_for_their_subject_are_not_merged(tmp_path):
    rows = (
        "2020.09.01,广东,甲公司,广东省通信管理局,未履行 ICP 备案手续。,罚款 1 万元\n"
        "2020.09.01,广东,乙公司,广东省通信管理局,未履行 ICP 备案手续。,罚款 1 万元\n"
    )
    assert import_file(path=write(tmp_path, "alike.csv", CASE_HEADER + rows)).records_created == 2


def test_a_file_with_one_bad_row_writes_nothing_and_reports_every_problem(tmp_path):
    rows = (
        "2020.09.15,广东,好公司,广东省通信管理局,事实,罚款 1 万元\n"
        "2020.02.30,广东,坏日期公司,广东省通信管理局,事实,罚款 1 万元\n"
        "2020.09.15,火星,,广东省通信管理局,事实,警告\n"
    )
    report = import_file(path=write(tmp_path, "bad.csv", CASE_HEADER + rows))
    assert not report.ok
    assert Case.objects.count() == 0
    assert Authority.objects.count() == 0
    where = {(error["line"], error["column"]) for error in report.errors}
    assert where == {(3, "时间"), (4, "地区"), (4, "被处罚主体")}
    reasons = " ".join(error["reason"] for error in report.errors)
    assert "2020.02.30" in reasons and "火星" in reasons


def test_a_header_that_does_not_fit_is_reported_once_and_nothing_is_written(tmp_path):
    path = write(tmp_path, "h.csv", "时间,地区,主体,执法机构\n2020.01,北京,某公司,网安部门\n")
    report = import_file(path=path, kind="cases")
    assert [error["line"] for error in report.errors] == [1]
    assert "被处罚主体" in report.errors[0]["reason"] and "主体" in report.errors[0]["reason"]
    assert Case.objects.count() == 0


def test_headers_match_ignoring_spaces_width_and_english_names(tmp_path):
    path = write(
        tmp_path,
        "h.csv",
        " 时间 ,Region,SUBJECT,执法机构,违法事实,处罚结果\n2020.01,北京,某公司,网安部门,事实,警告\n",
    )
    assert import_file(path=path).records_created == 1


def test_family_comes_from_the_agency_name_unless_the_file_says_otherwise(tmp_path):
    rows = (
        "2020.01,湖南长沙,甲公司,岳麓分局,事实,警告\n"
        "2020.02,北京,乙公司,北京市网信办,事实,约谈\n"
        "2020.03,北京,丙公司,北京市公安局网安总队,事实,警告\n"
        "2020.04,广东,丁公司,广东省通信管理局,事实,警告\n"
    )
    import_file(path=write(tmp_path, "f.csv", CASE_HEADER + rows))
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
        path=write(tmp_path, "f.csv", CASE_HEADER + rows), options={"family": "public_security"}
    )
    assert Authority.objects.get(name="岳麓分局").family == "public_security"
    assert Authority.objects.get(name="北京市网信办").family == "cyberspace"
    assert set(Case.objects.values_list("family", flat=True)) == {"public_security"}


def test_a_row_family_column_wins_over_the_file_choice(tmp_path):
    text = "时间,被处罚主体,执法机构,处罚结果,监管部门\n2020.01,某公司,某局,警告,工信\n"
    import_file(path=write(tmp_path, "f.csv", text), options={"family": "other"})
    assert Case.objects.get().family == "miit"


def test_generic_agency_names_are_one_authority_per_province(tmp_path):
    rows = (
        "2020.01,湖南长沙,甲公司,网安大队,事实,警告\n2020.02,河北三河,乙公司,网安大队,事实,警告\n"
    )
    import_file(path=write(tmp_path, "a.csv", CASE_HEADER + rows))
    assert set(Authority.objects.values_list("province__short_name", flat=True)) == {
        "湖南",
        "河北",
    }


def test_a_corrected_penalty_text_updates_the_case_and_its_penalties(tmp_path):
    import_file(
        path=write(tmp_path, "a.csv", CASE_HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    )
    report = import_file(
        path=write(
            tmp_path, "b.csv", CASE_HEADER + "2020.01,北京,甲公司,网安部门,事实,警告 罚款 1 万元\n"
        )
    )
    assert (report.records_created, report.records_updated) == (0, 1)
    case = Case.objects.get()
    assert [p.kind for p in case.penalties.order_by("position")] == ["warning", "fine"]


def test_campaign_file_needs_a_family_from_a_column_or_the_whole_file(tmp_path):
    path = write(tmp_path, "c.csv", "序号,时间,监管重点\n1,2020 年 11 月,整治“有偿删帖”\n")
    report = import_file(path=path)
    assert report.kind == "campaigns"
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "监管部门")]
    assert import_file(path=path, options={"family": "cyberspace"}).records_created == 1
    campaign = Campaign.objects.get()
    assert (campaign.started_on, campaign.started_precision) == (
        datetime.date(2020, 11, 1),
        "month",
    )


def test_instrument_file_without_levels_reads_them_from_titles_and_marks_drafts(tmp_path):
    text = "名称,发布时间,生效时间\n《数据安全法（草案）》,2020.07.03,--\n《密码法》,2019.10.26,2020.01.01\n"
    path = write(tmp_path, "i.csv", text)
    assert import_file(path=path).records_created == 2
    draft = Instrument.objects.with_status().get(title="《数据安全法（草案）》")
    assert (draft.is_draft, draft.status, draft.effective_on) == (True, "draft", None)
    assert (draft.level, draft.level_inferred) == ("law", True)


def test_a_title_that_does_not_tell_its_level_needs_a_column_or_a_whole_file_choice(tmp_path):
    text = "名称,发布时间,生效时间\n《关于某事项的白皮书》,2020.07.03,--\n《密码法》,2019.10.26,2020.01.01\n"
    path = write(tmp_path, "i.csv", text)
    report = import_file(path=path)
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "效力级别")]
    assert import_file(path=path, options={"level": "normative_document"}).records_created == 2
    levels = dict(Instrument.objects.values_list("title", "level"))
    assert levels == {"《关于某事项的白皮书》": "normative_document", "《密码法》": "law"}


def test_effective_before_published_is_an_error(tmp_path):
    text = "名称,发布时间,生效时间,效力级别\n《某办法》,2020.07.03,2020.07.01,部门规章\n"
    report = import_file(path=write(tmp_path, "i.csv", text))
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "生效时间")]


def test_xlsx_with_real_date_cells_imports(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["名称", "发布时间", "生效时间", "效力级别"])
    sheet.append(
        ["《个人信息保护法》", datetime.datetime(2021, 8, 20), datetime.date(2021, 11, 1), "法律"]
    )
    path = tmp_path / "i.xlsx"
    workbook.save(path)
    assert import_file(path=path).records_created == 1
    law = Instrument.objects.get()
    assert (law.published_on, law.published_precision) == (datetime.date(2021, 8, 20), "day")
    assert law.effective_on == datetime.date(2021, 11, 1)


def test_utf8_with_bom_and_gb18030_csv_both_read(tmp_path):
    row = "2020.01,北京,甲公司,网安部门,事实,警告\n"
    assert (
        import_file(path=write(tmp_path, "bom.csv", "\ufeff" + CASE_HEADER + row)).records_created
        == 1
    )
    row = "2020.02,北京,乙公司,网安部门,事实,警告\n"
    assert (
        import_file(path=write(tmp_path, "gbk.csv", CASE_HEADER + row, "gb18030")).records_created
        == 1
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "empty"),
        ("header-only.csv", "时间,被处罚主体,执法机构\n".encode(), "no records"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "XLSX"),
        (
            "wide.csv",
            "时间,被处罚主体,执法机构\n2020.01,甲公司,网安部门,多出的一格\n".encode(),
            "more cells",
        ),
    ],
)
def test_unreadable_files_get_a_plain_message(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    report = import_file(path=path)
    assert len(report.errors) == 1 and reason in report.errors[0]["reason"]


def test_command_line_json_report_and_failure_exit(tmp_path):
    good = write(tmp_path, "g.csv", CASE_HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    out = io.StringIO()
    make_user("associate", username="wang.li")
    call_command("import_records", str(good), "--json", "--user", "wang.li", stdout=out)
    assert json.loads(out.getvalue()) == {
        "kind": "cases",
        "imported": True,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "needs_review": 0,
        "would": {"created": 1, "updated": 0, "unchanged": 0},
        "errors": [],
    }
    bad = write(tmp_path, "b.csv", CASE_HEADER + "2020.13,北京,乙公司,网安部门,事实,警告\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", str(bad), "--json", "--user", "wang.li", stdout=out)
    report = json.loads(out.getvalue())
    assert report["errors"][0]["line"] == 2 and report["errors"][0]["column"] == "时间"
    assert (report["imported"], report["created"], report["updated"]) == (False, 0, 0)
    assert Case.objects.count() == 1


def test_dry_run_writes_nothing(tmp_path):
    path = write(tmp_path, "g.csv", CASE_HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    out = io.StringIO()
    call_command("import_records", str(path), "--dry-run", stdout=out)
    assert "would import cases: 1 created" in out.getvalue()
    assert Case.objects.count() == 0


def test_a_reimport_with_a_corrected_penalty_keeps_authorities_set_by_hand(tmp_path):
    row = "2020.01,北京,甲公司,网安部门,未落实网络安全等级保护制度,警告\n"
    import_file(path=write(tmp_path, "a.csv", CASE_HEADER + row))
    case = Case.objects.get()
    extra = Authority.objects.create(name="北京市公安局", family="public_security")
    case.authorities.add(extra)
    import_file(
        path=write(tmp_path, "b.csv", CASE_HEADER + row.replace("警告", "警告 罚款 1 万元"))
    )
    assert extra in case.authorities.all()
    assert case.penalties.filter(kind="fine").exists()
    assert list(case.violation_categories.values_list("name", flat=True)) == [
        "未履行网络安全保护义务"
    ]


def test_rows_for_the_same_case_that_disagree_are_an_error_not_an_overwrite(tmp_path):
    rows = (
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,警告\n"
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 5 万元\n"
    )
    report = import_file(path=write(tmp_path, "conflict.csv", CASE_HEADER + rows))
    assert Case.objects.count() == 0
    assert [(e["line"], e["column"]) for e in report.errors] == [(3, "处罚结果"), (4, "处罚结果")]
    assert "line 2" in report.errors[0]["reason"]


def test_a_row_retyped_within_one_file_is_a_repeat_not_a_conflict(tmp_path):
    rows = (
        "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
        "2020年10月11日,广东省,深圳某公司,广东省通信管理局,事 实,罚款肆万元\n"
    )
    report = import_file(path=write(tmp_path, "retyped.csv", CASE_HEADER + rows))
    assert (report.records_created, report.duplicates, report.errors) == (1, 1, [])
    assert Case.objects.get().penalty_text == "罚款 4 万元"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime.datetime(2020, 10, 21), (datetime.date(2020, 10, 21), "day", "2020.10.21")),
        (2020, (datetime.date(2020, 1, 1), "year", "2020")),
        (44428, (datetime.date(2021, 8, 20), "day", "2021.08.20")),
        ("2020.10", (datetime.date(2020, 10, 1), "month", "2020.10")),
    ],
)
def test_xlsx_date_cells_keep_their_meaning(tmp_path, cell, expected):
    path = xlsx(tmp_path, [["时间", "被处罚主体", "执法机构"], [cell, "某公司", "网安部门"]])
    assert import_file(path=path).errors == []
    case = Case.objects.get()
    assert (case.decided_on, case.decided_precision, case.decided_text) == expected


def test_a_number_excel_made_of_a_typed_month_is_refused(tmp_path):
    # Excel stores a typed 2020.10 as the number 2020.1: never January, never silently.
    path = xlsx(tmp_path, [["时间", "被处罚主体", "执法机构"], [2020.1, "某公司", "网安部门"]])
    report = import_file(path=path)
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "时间")]
    assert "2020.1" in report.errors[0]["reason"]
    assert Case.objects.count() == 0


def test_verbatim_text_keeps_its_inner_spacing(tmp_path):
    row = "2020.01,北京,甲\u3000公司,网安部门,事  实,警告\n"
    import_file(path=write(tmp_path, "s.csv", CASE_HEADER + row))
    case = Case.objects.get()
    assert (case.subject, case.facts) == ("甲\u3000公司", "事  实")


def test_a_retyped_title_with_other_spacing_finds_its_instrument(tmp_path):
    header = "名称,发布时间,生效时间,效力级别\n"
    import_file(
        path=write(
            tmp_path,
            "a.csv",
            header
            + "《工业和信息化部关于开展纵深推进 APP 侵害用户权益专项整治行动的通知》,2020.07.22,2020.07.22,规范性文件\n",
        )
    )
    report = import_file(
        path=write(
            tmp_path,
            "b.csv",
            header
            + "《工业和信息化部关于开展纵深推进APP侵害用户权益专项整治行动的通知》,2020.07.22,2020.07.22,规范性文件\n",
        )
    )
    assert (report.records_created, Instrument.objects.count()) == (0, 1)


def test_an_imported_file_is_recorded_with_its_checksum(tmp_path):
    from lawtracker.models import ImportRecord

    path = write(tmp_path, "g.csv", CASE_HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    import_file(path=path)
    record = ImportRecord.objects.get()
    assert (record.file_name, record.kind, record.records_created, len(record.sha256)) == (
        "g.csv",
        "cases",
        1,
        64,
    )


def xlsx(tmp_path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    return path


def test_a_source_link_must_be_a_web_address(tmp_path):
    text = "序号,时间,监管重点,来源链接\n1,2020 年 11 月,整治,javascript:alert(document.domain)\n"
    report = import_file(path=write(tmp_path, "c.csv", text), options={"family": "cyberspace"})
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "来源链接")]
    assert Campaign.objects.count() == 0


def test_a_probable_match_waits_for_the_users_decision(tmp_path):
    import_file(
        path=write(
            tmp_path,
            "a.csv",
            CASE_HEADER + "2020.08.13,河北廊坊,三河某燃气有限公司,公安局,事实,警告\n",
        )
    )
    later = write(
        tmp_path,
        "b.csv",
        CASE_HEADER + "2020.08,河北廊坊,三河某燃气有限公司,公安局,另一份材料的事实,警告\n",
    )
    report = import_file(path=later)
    assert (report.records_created, report.needs_review) == (0, 1)
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "时间")]
    assert Case.objects.count() == 1
    assert import_file(path=later, options={"allow_similar": True}).records_created == 1
    assert Case.objects.count() == 2


def test_cases_of_one_agency_on_one_day_against_other_parties_are_not_flagged(tmp_path):
    import_file(
        path=write(
            tmp_path, "a.csv", CASE_HEADER + "2020.09.01,广东,甲公司,广东省通信管理局,事实,警告\n"
        )
    )
    report = import_file(
        path=write(
            tmp_path, "b.csv", CASE_HEADER + "2020.09,广东,乙公司,广东省通信管理局,事实,警告\n"
        )
    )
    assert (report.records_created, report.needs_review) == (1, 0)


def test_each_imported_record_shows_who_imported_which_file_in_its_history(tmp_path, client):
    from django.urls import reverse

    associate = make_user("associate", username="zhao.min")
    path = write(tmp_path, "提供.csv", CASE_HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    call_command("import_records", str(path), "--user", "zhao.min", stdout=io.StringIO())
    case = Case.objects.get()
    record = case.history.get()
    assert (record.history_user, record.history_type) == (associate, "+")
    assert record.history_change_reason.startswith("manage.py import_records: ")
    client.force_login(associate)
    history = client.get(reverse("admin:enforcement_case_history", args=[case.pk]))
    assert "提供.csv" in history.content.decode()


def test_a_command_line_import_says_who_imports(tmp_path):
    path = write(tmp_path, "g.csv", CASE_HEADER + "2020.01,北京,甲公司,网安部门,事实,警告\n")
    with pytest.raises(CommandError, match="--user"):
        call_command("import_records", str(path), stdout=io.StringIO())
    assert Case.objects.count() == 0


SAMPLES = Path(__file__).parent / "samples"


@pytest.mark.parametrize("name", ["cases_gb18030.csv", "cases_utf8_bom.csv"])
def test_sample_case_files_from_chinese_excel_import(name):
    report = import_file(path=SAMPLES / name)
    assert (report.kind, report.records_created, report.errors) == ("cases", 2, [])
    assert set(Case.objects.values_list("subject", flat=True)) == {
        "广州久邦世纪科技有限公司",
        "李某",
    }
    li = Case.objects.get(subject="李某")
    assert (li.decided_on, li.decided_precision) == (datetime.date(2020, 8, 1), "month")


def test_sample_workbook_with_date_cells_and_empty_rows_imports():
    report = import_file(path=SAMPLES / "instruments_with_date_cells.xlsx")
    assert (report.records_created, report.records_unchanged, report.errors) == (2, 0, [])
    pipl = Instrument.objects.get(title="《个人信息保护法》")
    assert (pipl.published_on, pipl.effective_on) == (
        datetime.date(2021, 8, 20),
        datetime.date(2021, 11, 1),
    )


def test_an_empty_cell_never_blanks_what_a_record_holds(tmp_path):
    header = "名称,发布时间,生效时间,效力级别,英文名称\n"
    import_file(
        path=write(
            tmp_path, "a.csv", header + "《密码法》,2019.10.26,2020.01.01,法律,Cryptography Law\n"
        )
    )
    report = import_file(
        path=write(tmp_path, "b.csv", header + "《密码法》,2019.10.26,--,法律,\n")
    )
    assert (report.records_updated, report.records_unchanged) == (0, 1)
    law = Instrument.objects.get()
    assert (law.title_en, law.effective_on) == ("Cryptography Law", datetime.date(2020, 1, 1))


def test_a_file_read_in_chunks_is_still_one_import(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "CHUNK_ROWS", 2)
    row = "2020.10.11,广东,深圳某公司,广东省通信管理局,事实,罚款 4 万元\n"
    rows = [f"2020.01,北京,公司{i},网安部门,事实,警告\n" for i in range(5)]
    # A repeat across the chunk boundary is one record; lines count across chunks.
    report = import_file(
        path=write(tmp_path, "ok.csv", CASE_HEADER + row + rows[0] + row + "".join(rows[1:]))
    )
    assert (report.records_created, report.duplicates, report.errors) == (6, 1, [])
    bad = CASE_HEADER + "".join(rows) + "2020.13,北京,坏公司,网安部门,事实,警告\n"
    Case.objects.all().delete()
    report = import_file(path=write(tmp_path, "bad.csv", bad))
    assert [(e["line"], e["column"]) for e in report.errors] == [(7, "时间")]
    assert Case.objects.count() == 0  # the first chunks are rolled back with the last


MIXED_ROWS = (
    "2020.09.15,广东,广州某科技有限公司,广东省通信管理局,APP 违规,责令改正 警告 罚款 2 万元\n"
    "2020.09,河北 唐山,王某,网信办,未注销备案,注销网站备案\n"
    "2020.09,河北 唐山,王某,网信办,未注销备案,注销网站备案\n"
    "2020.10.11,北京,甲公司,网安部门,事实,警告\n"
)


def test_a_check_only_reads_and_counts_as_the_import_will(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_file(
        path=write(
            tmp_path, "old.csv", CASE_HEADER + "2020.10.11,北京,甲公司,网安部门,事实,罚款\n"
        )
    )
    path = write(tmp_path, "mixed.csv", CASE_HEADER + MIXED_ROWS)
    with CaptureQueriesContext(connection) as queries:
        check = import_file(path=path, check_only=True, details=True)
    # Nothing but reads, in a transaction that is rolled back (a savepoint inside the
    # test's own transaction).
    written = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK"))
    ]
    assert written == []
    imported = import_file(path=path)
    assert check.as_dict() | {"imported": True} == imported.as_dict() | {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
    }
    assert (check.records_created, check.records_updated, check.rows_new, check.rows_changed) == (
        0,
        0,
        2,
        1,
    )
    assert (imported.records_created, imported.records_updated, imported.duplicates) == (2, 1, 1)
    assert check.changed_rows[0]["changes"] == [
        {"column": "处罚结果", "before": "罚款", "after": "警告"}
    ]
    assert [row["line"] for row in check.new_rows] == [2, 3]


def test_rows_of_one_file_that_look_like_one_case_wait_in_the_check_and_the_import(tmp_path):
    rows = (
        "2020.08.13,河北廊坊,三河某燃气有限公司,公安局,一份材料,警告\n"
        "2020.08,河北廊坊,三河某燃气有限公司,公安局,另一份材料,警告\n"
    )
    path = write(tmp_path, "alike.csv", CASE_HEADER + rows)
    for dry_run in (True, False):
        report = import_file(path=path, check_only=dry_run)
        assert report.needs_review == 1
        assert report.errors[0]["line"] == 3 and report.errors[0]["review"]
        assert "line 2" in report.errors[0]["reason"]
    assert Case.objects.count() == 0
    assert import_file(path=path, options={"allow_similar": True}).records_created == 2


def test_a_repeal_before_publication_is_caught_by_the_check(tmp_path):
    path = write(
        tmp_path,
        "i.csv",
        "名称,发布时间,生效时间,废止时间,效力级别\n《某办法》,2020.05.01,2020.06.01,2019.01.01,部门规章\n",
    )
    for dry_run in (True, False):
        [error] = import_file(path=path, check_only=dry_run).errors
        assert (error["line"], error["column"]) == (2, "废止时间")
        assert error["reason"] == "is repealed before it is published (2019.01.01 < 2020.05.01)"
    assert not Instrument.objects.exists()


LONG = "长" * 10000


@pytest.mark.parametrize(
    "kind,header,row,column",
    [
        ("cases", CASE_HEADER, f"2020.01,北京,{LONG},网安部门,事实,警告\n", "被处罚主体"),
        ("cases", CASE_HEADER, f"2020.01,北京,甲公司,{LONG},事实,警告\n", "执法机构"),
        ("cases", CASE_HEADER, f"2020.01,北京{LONG},甲公司,网安部门,事实,警告\n", "地区"),
        ("cases", CASE_HEADER, f"{LONG},北京,甲公司,网安部门,事实,警告\n", "时间"),
        (
            "instruments",
            "名称,发布时间,生效时间,效力级别,英文名称\n",
            f"《某办法》,2020.05.01,2020.06.01,部门规章,{LONG}\n",
            "英文名称",
        ),
        (
            "instruments",
            "名称,发布时间,生效时间,效力级别,发文字号\n",
            f"《某办法》,2020.05.01,2020.06.01,部门规章,{LONG}\n",
            "发文字号",
        ),
        ("campaigns", "时间,监管重点,监管部门\n", f"2020.05,{LONG * 3},网信\n", "监管重点"),
    ],
)
def test_a_ten_thousand_character_cell_is_refused_in_words_by_check_and_import(
    tmp_path, kind, header, row, column
):
    path = write(tmp_path, "long.csv", header + row)
    for dry_run in (True, False):
        report = import_file(path=path, kind=kind, check_only=dry_run)
        [error] = [e for e in report.errors if e["column"] == column]
        assert error["line"] == 2
        assert "characters long; at most" in error["reason"]


def test_facts_and_penalty_texts_up_to_their_limits_are_kept_whole(tmp_path):
    facts, penalty = "事" * FACTS_MAX, "罚" * PENALTY_TEXT_MAX
    path = write(
        tmp_path, "long.csv", CASE_HEADER + f"2020.01,北京,甲公司,网安部门,{facts},{penalty}\n"
    )
    assert import_file(path=path).records_created == 1
    case = Case.objects.get()
    assert (case.facts, case.penalty_text) == (facts, penalty)


@pytest.mark.parametrize(
    "facts,penalty,column,length,limit",
    [
        ("事" * (FACTS_MAX + 1), "警告", "违法事实", FACTS_MAX + 1, FACTS_MAX),
        (
            "事实",
            "罚" * (PENALTY_TEXT_MAX + 1),
            "处罚结果",
            PENALTY_TEXT_MAX + 1,
            PENALTY_TEXT_MAX,
        ),
    ],
)
def test_facts_or_penalty_text_over_the_limit_is_refused_with_its_length(
    tmp_path, facts, penalty, column, length, limit
):
    path = write(
        tmp_path, "long.csv", CASE_HEADER + f"2020.01,北京,甲公司,网安部门,{facts},{penalty}\n"
    )
    for dry_run in (True, False):
        [error] = import_file(path=path, check_only=dry_run).errors
        assert (error["line"], error["column"]) == (2, column)
        assert error["reason"] == f"is {length} characters long; at most {limit} are allowed"
    assert not Case.objects.exists()


def test_every_problem_before_a_row_the_reader_cannot_take_apart_is_reported(tmp_path):
    rows = [f"2020.01,北京,第{n}家公司,网安部门,事实,警告\n" for n in range(20)]
    rows[3] = "2020.02.30,北京,日期错公司,网安部门,事实,警告\n"  # line 5
    rows[10] = "2020.01,北京,多一格公司,网安部门,事实,警告,多出来的\n"  # line 12
    path = write(tmp_path, "wide.csv", CASE_HEADER + "".join(rows))
    for dry_run in (True, False):
        report = import_file(path=path, check_only=dry_run)
        assert [error["line"] for error in report.errors] == [5, 12]
        assert "more cells than the header" in report.errors[1]["reason"]
    assert not Case.objects.exists()


def test_a_cell_longer_than_the_csv_modules_default_limit_is_read_and_measured(tmp_path):
    facts = "事" * 200_000
    path = write(tmp_path, "big.csv", CASE_HEADER + f"2020.01,北京,甲公司,网安部门,{facts},警告\n")
    [error] = import_file(path=path).errors
    assert error["reason"] == f"is 200000 characters long; at most {FACTS_MAX} are allowed"


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
    path = write(
        tmp_path, "fine.csv", CASE_HEADER + f"2020.01,北京,甲公司,网安部门,事实,{penalty}\n"
    )
    for dry_run in (True, False):
        [error, *_more] = import_file(path=path, check_only=dry_run).errors
        assert (error["line"], error["column"]) == (2, "处罚结果")
        assert reason in error["reason"]
    assert not Case.objects.exists()
