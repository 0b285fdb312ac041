"""Importing instruments (instruments.resources): a mixed table without a level column,
each row's level read from its title and issuer and marked inferred until an associate
confirms it; drafts, dates that contradict each other, re-typed titles."""

from pathlib import Path

import pytest
from django.urls import reverse

from instruments.models import Instrument
from lawtracker.imports.run import import_file
from tests.factories import make_authority, make_instrument, make_user, write_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MIXED = Path(__file__).parents[1] / "samples" / "instruments_2021_mixed_levels.csv"

LEVELS = {
    "《中华人民共和国个人信息保护法》": "law",
    "《中华人民共和国数据安全法》": "law",
    "《关键信息基础设施安全保护条例》": "administrative_regulation",
    "《网络数据安全管理条例（征求意见稿）》": "administrative_regulation",
    "《网络安全审查办法》": "departmental_rule",
    "《汽车数据安全管理若干规定（试行）》": "departmental_rule",
    "《数据出境安全评估办法（征求意见稿）》": "departmental_rule",
    "《最高人民法院关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定》": (
        "judicial_interpretation"
    ),
    "《深圳经济特区数据条例》": "local_regulation",
    "《上海市数据条例》": "local_regulation",
    "《工业和信息化部关于开展纵深推进APP侵害用户权益专项整治行动的通知》": "normative_document",
    "《信息安全技术 移动互联网应用程序（App）收集个人信息基本要求》": "national_standard",
    "《网络安全标准实践指南—网络数据分类分级指引》": "practice_guide",
    "《JR/T 0171-2020 个人金融信息保护技术规范》": "industry_standard",
}


def test_a_mixed_table_without_levels_imports_each_row_at_its_own_level():
    report = import_file(path=MIXED, details=True)
    assert (report.records_created, report.errors) == (14, [])
    assert dict(Instrument.objects.values_list("title", "level")) == LEVELS
    assert not Instrument.objects.filter(level_inferred=False).exists()
    drafts = set(Instrument.objects.filter(is_draft=True).values_list("title", flat=True))
    assert drafts == {
        "《网络数据安全管理条例（征求意见稿）》",
        "《数据出境安全评估办法（征求意见稿）》",
    }
    notes = {row["record"]: row["notes"] for row in report.new_rows}
    assert notes["《中华人民共和国个人信息保护法》"] == ["level read from the title: Law"]


def test_a_whole_file_choice_fills_only_the_rows_the_title_cannot_place(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "名称,发布时间,生效时间\n"
        "《中华人民共和国个人信息保护法》,2021.08.20,2021.11.01\n"
        "《关于某事项的白皮书》,2021.09.01,--\n",
        encoding="utf-8",
    )
    report = import_file(path=path, options={"level": "departmental_rule"})
    assert report.errors == []
    held = {i.title: (i.level, i.level_inferred) for i in Instrument.objects.all()}
    # A law is never stored as a departmental rule, whatever was chosen for the file.
    assert held == {
        "《中华人民共和国个人信息保护法》": ("law", True),
        "《关于某事项的白皮书》": ("departmental_rule", False),
    }


def test_a_level_the_file_chose_and_the_title_tells_alike_is_not_marked_inferred(tmp_path):
    path = tmp_path / "laws.csv"
    path.write_text("名称,发布时间,生效时间\n《密码法》,2019.10.26,2020.01.01\n", encoding="utf-8")
    import_file(path=path, options={"level": "law"})
    assert Instrument.objects.get().level_inferred is False


def test_a_level_column_wins_and_confirms_an_inferred_level_on_reimport(tmp_path):
    import_file(path=MIXED)
    path = tmp_path / "confirmed.csv"
    path.write_text(
        "名称,发布时间,生效时间,效力级别\n"
        "《网络安全审查办法》,2021.12.28,2022.02.15,部门规章\n"
        "《汽车数据安全管理若干规定（试行）》,2021.08.16,2021.10.01,规范性文件\n",
        encoding="utf-8",
    )
    report = import_file(path=path, check_only=True, details=True)
    changes = {row["record"]: row["changes"] for row in report.changed_rows}
    assert changes == {
        "《网络安全审查办法》": [
            {
                "column": "效力级别",
                "before": "Departmental rule (inferred)",
                "after": "Departmental rule",
            }
        ],
        "《汽车数据安全管理若干规定（试行）》": [
            {
                "column": "效力级别",
                "before": "Departmental rule",
                "after": "Normative document",
            }
        ],
    }
    import_file(path=path)
    held = dict(
        Instrument.objects.filter(title__in=changes).values_list("title", "level_inferred")
    )
    assert held == {"《网络安全审查办法》": False, "《汽车数据安全管理若干规定（试行）》": False}


def test_an_inferred_level_never_overwrites_a_level_an_associate_set(tmp_path):
    make_instrument(
        title="《网络安全审查办法》",
        level="normative_document",
        published_on="2021-12-28",
        published_text="2021.12.28",
    )
    report = import_file(path=MIXED)
    assert report.errors == []
    kept = Instrument.objects.get(title="《网络安全审查办法》")
    assert (kept.level, kept.level_inferred) == ("normative_document", False)


def test_a_second_import_of_the_mixed_table_changes_nothing():
    import_file(path=MIXED)
    before = list(Instrument.objects.values_list("pk", "updated_at", "level", "level_inferred"))
    report = import_file(path=MIXED)
    assert (report.records_created, report.records_updated, report.records_unchanged) == (0, 0, 14)
    after = list(Instrument.objects.values_list("pk", "updated_at", "level", "level_inferred"))
    assert before == after


def test_issuers_become_authorities_each_in_its_own_place():
    import_file(path=MIXED)
    review = Instrument.objects.get(title="《网络安全审查办法》")
    assert sorted(a.name for a in review.authorities.all()) == sorted(
        ["国家互联网信息办公室", "国家发展和改革委员会", "工业和信息化部", "公安部"]
    )
    cars = Instrument.objects.get(title="《汽车数据安全管理若干规定（试行）》")
    # Written 国家网信办 and 国家发展改革委 there: the same two authorities.
    assert set(cars.authorities.all()) >= set(review.authorities.exclude(name="工业和信息化部"))
    shenzhen = Instrument.objects.get(title="《深圳经济特区数据条例》").authorities.get()
    assert shenzhen.province.short_name == "广东"


def test_a_retyped_table_without_brackets_or_with_other_brackets_changes_nothing(tmp_path):
    import_file(path=MIXED)
    before = list(Instrument.objects.values_list("pk", "title", "updated_at"))
    text = MIXED.read_text(encoding="utf-8").replace("《", "").replace("》", "")
    text = text.replace("（", "(").replace("）", ")")
    path = tmp_path / "retyped.csv"
    path.write_text(text, encoding="utf-8")
    report = import_file(path=path)
    assert (
        report.records_created,
        report.records_updated,
        report.records_unchanged,
        report.errors,
    ) == (0, 0, 14, [])
    assert list(Instrument.objects.values_list("pk", "title", "updated_at")) == before


def test_a_legal_databases_columns_are_read(tmp_path):
    path = tmp_path / "pkulaw.csv"
    path.write_text(
        "序号,标题,发布部门,发布日期,实施日期,效力级别,备注\n"
        "1,《上海市数据条例》,上海市人民代表大会常务委员会,2021.11.25,2022.01.01,省级地方性法规,本所已出简报\n",
        encoding="utf-8",
    )
    assert import_file(path=path).errors == []
    held = Instrument.objects.get()
    assert (held.level, held.level_inferred, held.notes) == (
        "local_regulation",
        False,
        "本所已出简报",
    )
    assert held.authorities.get().province.short_name == "上海"


def test_instrument_file_without_levels_reads_them_from_titles_and_marks_drafts(tmp_path):
    text = "名称,发布时间,生效时间\n《数据安全法（草案）》,2020.07.03,--\n《密码法》,2019.10.26,2020.01.01\n"
    path = write_file(tmp_path, "i.csv", text)
    assert import_file(path=path).records_created == 2
    draft = Instrument.objects.with_status().get(title="《数据安全法（草案）》")
    assert (draft.is_draft, draft.status, draft.effective_on) == (True, "draft", None)
    assert (draft.level, draft.level_inferred) == ("law", True)


def test_a_title_that_does_not_tell_its_level_needs_a_column_or_a_whole_file_choice(tmp_path):
    text = "名称,发布时间,生效时间\n《关于某事项的白皮书》,2020.07.03,--\n《密码法》,2019.10.26,2020.01.01\n"
    path = write_file(tmp_path, "i.csv", text)
    report = import_file(path=path)
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "效力级别")]
    assert import_file(path=path, options={"level": "normative_document"}).records_created == 2
    levels = dict(Instrument.objects.values_list("title", "level"))
    assert levels == {"《关于某事项的白皮书》": "normative_document", "《密码法》": "law"}


def test_effective_before_published_is_an_error(tmp_path):
    text = "名称,发布时间,生效时间,效力级别\n《某办法》,2020.07.03,2020.07.01,部门规章\n"
    report = import_file(path=write_file(tmp_path, "i.csv", text))
    assert [(e["line"], e["column"]) for e in report.errors] == [(2, "生效时间")]


def test_a_repeal_before_publication_is_caught_by_the_check(tmp_path):
    path = write_file(
        tmp_path,
        "i.csv",
        "名称,发布时间,生效时间,废止时间,效力级别\n《某办法》,2020.05.01,2020.06.01,2019.01.01,部门规章\n",
    )
    for dry_run in (True, False):
        [error] = import_file(path=path, check_only=dry_run).errors
        assert (error["line"], error["column"]) == (2, "废止时间")
        assert error["reason"] == "is repealed before it is published (2019.01.01 < 2020.05.01)"
    assert not Instrument.objects.exists()


def test_a_retyped_title_with_other_spacing_finds_its_instrument(tmp_path):
    header = "名称,发布时间,生效时间,效力级别\n"
    import_file(
        path=write_file(
            tmp_path,
            "a.csv",
            header
            + "《工业和信息化部关于开展纵深推进 APP 侵害用户权益专项整治行动的通知》,2020.07.22,2020.07.22,规范性文件\n",
        )
    )
    report = import_file(
        path=write_file(
            tmp_path,
            "b.csv",
            header
            + "《工业和信息化部关于开展纵深推进APP侵害用户权益专项整治行动的通知》,2020.07.22,2020.07.22,规范性文件\n",
        )
    )
    assert (report.records_created, Instrument.objects.count()) == (0, 1)


def test_a_file_of_details_fills_only_what_is_empty_and_creates_nothing(tmp_path):
    """The snapshot's instrument_details.csv: an associate's value is never overwritten,
    issuers already held stay, and a row of no instrument is a problem."""
    table = "名称,发布时间,生效时间,效力级别\n《甲办法》,2020.05.01,2020.06.01,部门规章\n《乙办法》,2020.05.02,2020.06.01,部门规章\n"
    assert import_file(path=write_file(tmp_path, "t.csv", table)).errors == []
    held = Instrument.objects.get(title="《乙办法》")
    held.doc_number = "associate's 文号"
    held.save()
    held.authorities.add(make_authority("国家互联网信息办公室", family="cyberspace"))
    details = (
        "名称,发布时间,生效时间,效力级别,发布机关,发文字号,英文名称,核对来源\n"
        "《甲办法》,2020.05.01,2020.06.01,部门规章,工业和信息化部,工信部令第1号,Measures A,x\n"
        "《乙办法》,2020.05.02,2020.06.01,部门规章,公安部,公安部令第2号,Measures B,y\n"
    )
    report = import_file(
        path=write_file(tmp_path, "d.csv", details), options={"fill_empty_only": True}
    )
    assert (report.errors, report.records_created, report.records_updated) == ([], 0, 2)
    first, second = Instrument.objects.order_by("published_on")
    assert ([a.name for a in first.authorities.all()], first.doc_number, first.title_en) == (
        ["工业和信息化部"],
        "工信部令第1号",
        "Measures A",
    )
    assert ([a.name for a in second.authorities.all()], second.doc_number, second.title_en) == (
        ["国家互联网信息办公室"],
        "associate's 文号",
        "Measures B",
    )
    stray = details.splitlines()[0] + "\n《丙办法》,2020.05.03,2020.06.01,部门规章,公安部,,,z\n"
    report = import_file(
        path=write_file(tmp_path, "s.csv", stray), options={"fill_empty_only": True}
    )
    assert [error["line"] for error in report.errors] == [2]
    assert Instrument.objects.count() == 2


def test_a_final_version_imported_after_its_draft_is_linked_dated_and_no_longer_pending(
    tmp_path, client
):
    header = "名称,发布时间,生效时间,效力级别\n"
    draft = "《个人信息保护法（草案）》,2020.10.21,--,法律\n"
    final = "《中华人民共和国个人信息保护法》,2021.08.20,2021.11.01,法律\n"
    assert import_file(path=write_file(tmp_path, "d.csv", header + draft)).errors == []
    assert list(Instrument.objects.pending_drafts().values_list("title", flat=True)) == [
        "《个人信息保护法（草案）》"
    ]
    # The check proposes the link and writes nothing; the import makes it.
    check = import_file(
        path=write_file(tmp_path, "f.csv", header + final), check_only=True, details=True
    )
    [row] = check.new_rows
    assert row["notes"] == ["final version of the draft “《个人信息保护法（草案）》”"]
    assert not Instrument.objects.filter(final_version__isnull=False).exists()
    assert import_file(path=write_file(tmp_path, "f.csv", header + final)).errors == []
    law = Instrument.objects.get(title="《中华人民共和国个人信息保护法》")
    proposed = Instrument.objects.get(title="《个人信息保护法（草案）》")
    assert (proposed.final_version, Instrument.objects.count()) == (law, 2)  # linked, not merged
    assert not Instrument.objects.pending_drafts().exists()
    client.force_login(make_user("partner"))
    page = client.get(reverse("instruments:instrument-detail", args=[law.pk])).content.decode()
    steps = [
        page.index(text)
        for text in (
            "2020年10月21日</span> · 草案公布",
            "2021年8月20日</span> · 通过",
            "2021年11月1日</span> · 施行",
        )
    ]
    assert steps == sorted(steps)
    listed = client.get(reverse("instruments:instrument-list"), {"view": "pending_drafts"})
    assert listed.context["page_obj"].paginator.count == 0


def test_an_amendment_is_linked_to_the_version_it_amends(tmp_path):
    header = "名称,发布时间,生效时间,效力级别\n"
    rows = (
        "《网络餐饮服务食品安全监督管理办法》,2017.11.06,2018.01.01,部门规章\n"
        "《网络餐饮服务食品安全监督管理办法（2020年修订版）》,2020.10.23,2020.10.23,部门规章\n"
    )
    assert import_file(path=write_file(tmp_path, "a.csv", header + rows)).errors == []
    amended = Instrument.objects.get(title__contains="2020年修订版")
    assert amended.amends.title == "《网络餐饮服务食品安全监督管理办法》"


def test_a_file_names_a_drafts_final_version_and_what_an_instrument_amends(tmp_path, english):
    header = "名称,发布时间,生效时间,效力级别,正式版本,修订对象\n"
    first = (
        "《数据安全法》,2021.06.10,2021.09.01,法律,,\n"
        "《网络安全法》,2016.11.07,2017.06.01,法律,,\n"
    )
    assert import_file(path=write_file(tmp_path, "a.csv", header + first)).errors == []
    rows = (
        "《数据安全管理办法（征求意见稿）》,2019.05.28,--,部门规章,《中华人民共和国数据安全法》,\n"
        "《网络安全法修正案》,2025.10.28,2026.01.01,法律,,《网络安全法》\n"
    )
    report = import_file(path=write_file(tmp_path, "b.csv", header + rows))
    assert report.errors == []
    draft = Instrument.objects.get(title="《数据安全管理办法（征求意见稿）》")
    assert draft.final_version.title == "《数据安全法》"
    assert Instrument.objects.get(title="《网络安全法修正案》").amends.title == "《网络安全法》"
    unknown = import_file(
        path=write_file(
            tmp_path, "c.csv", header + "《某办法》,2020.01.01,--,部门规章,《不存在的法》,\n"
        )
    )
    assert "no instrument titled “《不存在的法》”" in unknown.errors[0]["reason"]
