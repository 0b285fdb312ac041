"""An instrument's level is read from its title and issuers where they tell (no database)."""

import csv
from pathlib import Path

import pytest

from instruments.levels import (
    LEVEL_ALIASES,
    infer_level,
)
from instruments.models import Instrument, InstrumentLevel
from lawtracker.imports.cells import choice_from_text

SNAPSHOT = Path(__file__).resolve().parents[2] / "fixtures" / "review_2020"
NPCSC = "全国人民代表大会常务委员会"
CAC = "国家互联网信息办公室"
SPC = "最高人民法院"


def cases(*rows):
    """Parametrize (title, issuers, level) rows, each named by its title."""
    return pytest.mark.parametrize(
        ("title", "issuers", "level"), rows, ids=[row[0] or "empty" for row in rows]
    )


@cases(
    ("《中华人民共和国网络安全法》", "", InstrumentLevel.LAW),
    ("《民法典》", "", InstrumentLevel.LAW),
    ("《立法法》", "", InstrumentLevel.LAW),
    ("《中华人民共和国刑法修正案（十一）》", "", InstrumentLevel.LAW),
    ("《个人信息保护法》", NPCSC, InstrumentLevel.LAW),
    ("《全国人民代表大会常务委员会关于加强网络信息保护的决定》", "", InstrumentLevel.LAW),
    ("《关于维护互联网安全的决定》", "全国人大常委会", InstrumentLevel.LAW),
    (
        "《全国人民代表大会常务委员会关于〈中华人民共和国刑法〉第二百六十六条的解释》",
        "",
        InstrumentLevel.LAW,
    ),
    # A ministry that publishes a 法 publishes a draft of the NPC's law.
    ("《网络安全法（修正草案征求意见稿）》", CAC, InstrumentLevel.LAW),
)
def test_a_law_is_a_fa_or_anything_the_npc_enacts(title, issuers, level):
    assert infer_level(title, issuers) == level


@pytest.mark.parametrize(
    "title",
    [
        "《网络安全审查办法》",
        "《App违法违规收集使用个人信息行为认定方法》",
        "《信息安全技术 关键信息基础设施边界确定方法》",
        "《数据治理的做法》",
        "《推荐算法》",
    ],
)
def test_banfa_fangfa_zuofa_and_suanfa_are_not_laws(title):
    assert infer_level(title) != InstrumentLevel.LAW


@cases(
    ("《关键信息基础设施安全保护条例》", "", InstrumentLevel.ADMINISTRATIVE_REGULATION),
    ("《网络数据安全管理条例（征求意见稿）》", CAC, InstrumentLevel.ADMINISTRATIVE_REGULATION),
    ("《互联网信息服务管理办法》", "国务院", InstrumentLevel.ADMINISTRATIVE_REGULATION),
    ("《国务院关于修改和废止部分行政法规的决定》", "", InstrumentLevel.ADMINISTRATIVE_REGULATION),
    (
        "《国务院关于修改〈中华人民共和国计算机信息系统安全保护条例〉的决定》",
        "",
        InstrumentLevel.ADMINISTRATIVE_REGULATION,
    ),
    # The State Council's decisions and its General Office's rules are normative documents.
    (
        "《国务院关于取消和下放一批行政许可事项的决定》（国发〔2020〕13号）",
        "",
        InstrumentLevel.NORMATIVE_DOCUMENT,
    ),
    ("《关于取消和下放一批行政许可事项的决定》", "国务院", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《科学数据管理办法》", "国务院办公厅", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《互联网信息服务管理办法》", "国务院新闻办公室", InstrumentLevel.DEPARTMENTAL_RULE),
)
def test_a_state_council_regulation_or_measure_is_an_administrative_regulation(
    title, issuers, level
):
    assert infer_level(title, issuers) == level


@cases(
    ("《网络信息内容生态治理规定》", "", InstrumentLevel.DEPARTMENTAL_RULE),
    (
        "《网络安全审查办法》",
        "国家互联网信息办公室、工业和信息化部、公安部",
        InstrumentLevel.DEPARTMENTAL_RULE,
    ),
    ("《电信和互联网用户个人信息保护规定》", "工业和信息化部", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《网络交易监督管理办法》", "国家市场监督管理总局", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《网络市场监管与服务示范区创建管理办法》", "", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《在线旅游经营服务管理暂行规定》", "", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《网络安全等级保护测评机构管理实施细则》", "公安部", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《网络安全事件报告规则》", "", InstrumentLevel.DEPARTMENTAL_RULE),
    # A rule on trial is still a rule: only a guide on trial is demoted.
    ("《汽车数据安全管理若干规定（试行）》", CAC, InstrumentLevel.DEPARTMENTAL_RULE),
    (
        "《外商投资准入特别管理措施（负面清单）（2020年版）》",
        "",
        InstrumentLevel.DEPARTMENTAL_RULE,
    ),
    ("《市场准入负面清单（2022年版）》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    (
        "《国家互联网信息办公室关于修改〈互联网新闻信息服务管理规定〉的决定》",
        "",
        InstrumentLevel.DEPARTMENTAL_RULE,
    ),
)
def test_a_ministrys_provisions_and_measures_are_departmental_rules(title, issuers, level):
    assert infer_level(title, issuers) == level


@cases(
    ("《深圳经济特区数据条例》", "", InstrumentLevel.LOCAL_REGULATION),
    ("《上海市数据条例》", "上海市人民代表大会常务委员会", InstrumentLevel.LOCAL_REGULATION),
    ("《数据条例》", "上海市人民代表大会常务委员会", InstrumentLevel.LOCAL_REGULATION),
    ("《浙江省公共数据条例》", "", InstrumentLevel.LOCAL_REGULATION),
    ("《新疆维吾尔自治区数字经济促进条例》", "", InstrumentLevel.LOCAL_REGULATION),
    ("《上海市公共数据开放暂行办法》", "上海市人民政府", InstrumentLevel.LOCAL_REGULATION),
    ("《深圳市人民政府关于加快智慧城市建设的若干意见》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《智慧城市数据融合规范》", "", InstrumentLevel.PRACTICE_GUIDE),
)
def test_a_province_or_citys_regulation_or_measure_is_a_local_regulation(title, issuers, level):
    assert infer_level(title, issuers) == level


@cases(
    (
        "《关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定》",
        SPC,
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
    (
        "《关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定》",
        "",
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
    (
        "《最高人民法院关于互联网法院审理案件若干问题的规定》",
        "",
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
    (
        "《关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》",
        "最高人民法院、最高人民检察院",
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
    (
        "《关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释（三）》",
        "",
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
    (
        "《关于涉网络知识产权侵权纠纷几个法律适用问题的批复》",
        "",
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
    ("《最高人民法院关于废止部分司法解释的决定》", "", InstrumentLevel.JUDICIAL_INTERPRETATION),
    (
        "《关于审理涉电子商务平台知识产权民事案件的指导意见》",
        SPC,
        InstrumentLevel.NORMATIVE_DOCUMENT,
    ),
    ("《国务院关于同意在北京设立互联网法院的批复》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
)
def test_a_courts_interpretation_reply_or_provision_is_a_judicial_interpretation(
    title, issuers, level
):
    assert infer_level(title, issuers) == level


@cases(
    ("《关于联合开展未成年人网络环境专项治理行动的通知》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《关于加强网络直播营销活动监管的指导意见》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    (
        "《市场监管总局、国家密码管理局关于开展商用密码检测认证工作的实施意见》",
        "",
        InstrumentLevel.NORMATIVE_DOCUMENT,
    ),
    (
        "《关于开展App违法违规收集使用个人信息专项治理的公告》",
        "",
        InstrumentLevel.NORMATIVE_DOCUMENT,
    ),
    ("《关于依法严厉打击电信网络诈骗违法犯罪的通告》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《2020 网络市场监管专项行动（网剑行动）方案》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《关于加强网络安全人才培养的若干措施》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《关于防范金融直播营销有关风险的提示》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《关于废止部分规范性文件的决定》", CAC, InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《App违法违规收集使用个人信息行为认定方法》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    (
        "《商用密码产品认证目录（第一批）》《商用密码产品认证规则》",
        "",
        InstrumentLevel.NORMATIVE_DOCUMENT,
    ),
    ("《商用密码产品认证规则》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《网络关键设备和网络安全专用产品目录（第一批）》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《常见类型移动互联网应用程序必要个人信息范围规定》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《电信和互联网行业数据安全标准体系建设指南》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《工业数据分类分级指南（试行）》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《药品记录与数据管理要求（试行）》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    # Issuing a rule by 通知 makes the notice a normative document, whatever it carries.
    (
        "《工业和信息化部关于印发〈工业和信息化领域数据安全管理办法（试行）〉的通知》",
        "",
        InstrumentLevel.NORMATIVE_DOCUMENT,
    ),
)
def test_a_notice_opinion_or_plan_is_a_normative_document(title, issuers, level):
    assert infer_level(title, issuers) == level


@cases(
    ("《信息安全技术 个人信息安全规范》", "", InstrumentLevel.NATIONAL_STANDARD),
    ("《信息安全技术 个人信息安全影响评估指南》", "", InstrumentLevel.NATIONAL_STANDARD),
    ("《网络安全技术 生成式人工智能服务安全基本要求》", "", InstrumentLevel.NATIONAL_STANDARD),
    ("《数据安全技术 数据分类分级规则》", "", InstrumentLevel.NATIONAL_STANDARD),
    (
        "《信息技术 安全技术 个人可识别信息（PII）处理者在公有云中保护PII的实践指南》",
        "",
        InstrumentLevel.NATIONAL_STANDARD,
    ),
    ("GB/T 35273-2020 个人信息安全规范", "", InstrumentLevel.NATIONAL_STANDARD),
    ("GB 42250-2022 网络安全专用产品安全技术要求", "", InstrumentLevel.NATIONAL_STANDARD),
    (
        "GB/Z 28828-2012 公共及商用服务信息系统个人信息保护指南",
        "",
        InstrumentLevel.NATIONAL_STANDARD,
    ),
    (
        "《个人信息安全规范》",
        "国家市场监督管理总局、国家标准化管理委员会",
        InstrumentLevel.NATIONAL_STANDARD,
    ),
    ("JR/T 0171-2020 个人金融信息保护技术规范", "", InstrumentLevel.INDUSTRY_STANDARD),
    (
        "《电信网和互联网数据安全通用要求》（YD/T 3802-2020）",
        "",
        InstrumentLevel.INDUSTRY_STANDARD,
    ),
    ("GA/T 1788.1-2021 公安视频图像信息系统安全技术要求", "", InstrumentLevel.INDUSTRY_STANDARD),
    ("GM/T 0054-2018 信息系统密码应用基本要求", "", InstrumentLevel.INDUSTRY_STANDARD),
    ("WS/T 790.1-2021 区域卫生信息平台交互标准", "", InstrumentLevel.INDUSTRY_STANDARD),
    ("GA 1277-2015 互联网交互式服务安全保护要求", "", InstrumentLevel.INDUSTRY_STANDARD),
    ("《个人金融信息保护技术规范》", "", InstrumentLevel.INDUSTRY_STANDARD),
    ("《金融行业网络安全等级保护实施指引》", "", InstrumentLevel.INDUSTRY_STANDARD),
    ("《广播电视网络安全等级保护定级指南》", "", InstrumentLevel.INDUSTRY_STANDARD),
    ("《ISO/IEC 27701-2019 隐私信息管理体系》", "", None),
)
def test_a_standard_reads_by_its_series_or_code(title, issuers, level):
    assert infer_level(title, issuers) == level


@cases(
    (
        "《移动互联网应用程序（App）使用软件开发工具包（SDK）安全指引》",
        "",
        InstrumentLevel.PRACTICE_GUIDE,
    ),
    (
        "《网络安全标准实践指南—移动互联网应用程序（App）个人信息安全防范指引》",
        "全国信息安全标准化技术委员会",
        InstrumentLevel.PRACTICE_GUIDE,
    ),
    ("《网络安全标准实践指南—人工智能伦理安全风险防范指引》", "", InstrumentLevel.PRACTICE_GUIDE),
    ("《个人信息出境标准合同备案指南（第一版）》", CAC, InstrumentLevel.PRACTICE_GUIDE),
    # 全国…标准化技术委员会 is neither the NPC (全国人大) nor a place.
    ("《数据安全标准实施指南》", "全国信息安全标准化技术委员会", InstrumentLevel.PRACTICE_GUIDE),
    ("《互联网个人信息安全保护指南》", "", InstrumentLevel.PRACTICE_GUIDE),
    ("《网络直播营销行为规范》", "中国广告协会", InstrumentLevel.PRACTICE_GUIDE),
    ("T/TAF 077.1-2020 App收集使用个人信息最小必要评估规范", "", InstrumentLevel.PRACTICE_GUIDE),
    ("DB31/T 1311-2021 数据分类分级指南", "", None),
)
def test_a_guide_without_a_standards_series_is_a_practice_guide(title, issuers, level):
    assert infer_level(title, issuers) == level


@cases(
    ("《个人信息保护法（草案）》", "", InstrumentLevel.LAW),
    ("《个人信息保护法（草案二次审议稿）》", "", InstrumentLevel.LAW),
    ("《数据安全法草案》", "", InstrumentLevel.LAW),
    ("《网络数据安全管理条例（征求意见稿）》", "", InstrumentLevel.ADMINISTRATIVE_REGULATION),
    ("《数据安全管理办法（征求意见稿）》", "", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《网络数据安全标准体系建设指南》（征求意见稿）", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《信息安全技术 网络数据处理安全规范（征求意见稿）》", "", InstrumentLevel.NATIONAL_STANDARD),
    (
        "《关于〈数据出境安全评估办法（征求意见稿）〉公开征求意见的通知》",
        "",
        InstrumentLevel.DEPARTMENTAL_RULE,
    ),
    (
        "国家互联网信息办公室关于《个人信息出境标准合同规定（征求意见稿）》公开征求意见的通知",
        "",
        InstrumentLevel.DEPARTMENTAL_RULE,
    ),
    (
        "《最高人民法院关于〈关于审理网络消费纠纷案件适用法律若干问题的规定（一）（征求意见稿）〉"
        "公开征求意见的通知》",
        "",
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
    (
        "关于征求《信息安全技术 网络安全专用产品安全技术要求》拟立项强制性国家标准项目意见的通知",
        "",
        InstrumentLevel.NATIONAL_STANDARD,
    ),
    ("《网络安全等级保护条例（送审稿）》", "", InstrumentLevel.ADMINISTRATIVE_REGULATION),
)
def test_a_draft_takes_its_final_forms_level(title, issuers, level):
    assert infer_level(title, issuers) == level


@cases(
    ("《网络安全审查 办法》", "", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《个 人 信息 保护法》", "", InstrumentLevel.LAW),
    ("《信息安全技术　个人信息安全规范》", "", InstrumentLevel.NATIONAL_STANDARD),
    ("《数据安全法(草案)》", "", InstrumentLevel.LAW),
    ("《刑法修正案(十一)》", "", InstrumentLevel.LAW),
    ("《工业数据分类分级指南(试行)》", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    (
        "《国务院关于取消和下放一批行政许可事项的决定》(国发〔2020〕13号)",
        "",
        InstrumentLevel.NORMATIVE_DOCUMENT,
    ),
    ("ＧＢ／Ｔ　３５２７３－２０２０　个人信息安全规范", "", InstrumentLevel.NATIONAL_STANDARD),
    (
        "《关于〈数据出境安全评估办法(征求意见稿)〉公开征求意见的通知》",
        "",
        InstrumentLevel.DEPARTMENTAL_RULE,
    ),
    ("网络安全审查办法", "", InstrumentLevel.DEPARTMENTAL_RULE),
    ("《工业数据分类分级指南》（试行）", "", InstrumentLevel.NORMATIVE_DOCUMENT),
    ("《上海市数据条例》", "上海市人民代表大会常务委员会 ", InstrumentLevel.LOCAL_REGULATION),
    (
        "《关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》",
        "最高人民法院 最高人民检察院",
        InstrumentLevel.JUDICIAL_INTERPRETATION,
    ),
)
def test_spaces_and_bracket_widths_do_not_change_the_reading(title, issuers, level):
    assert infer_level(title, issuers) == level


@pytest.mark.parametrize("title", ["", "《2020年度网络安全报告》", "《数据安全倡议》"])
def test_a_title_that_tells_nothing_reads_none(title):
    assert infer_level(title) is None


# Level names in a 效力级别 cell.


@pytest.mark.parametrize(
    ("alias", "level"),
    [
        ("法规", InstrumentLevel.ADMINISTRATIVE_REGULATION),
        ("规章", InstrumentLevel.DEPARTMENTAL_RULE),
        ("国标", InstrumentLevel.NATIONAL_STANDARD),
        ("行标", InstrumentLevel.INDUSTRY_STANDARD),
        ("指南", InstrumentLevel.PRACTICE_GUIDE),
        ("指引", InstrumentLevel.PRACTICE_GUIDE),
        ("部门规范性文件", InstrumentLevel.NORMATIVE_DOCUMENT),
        ("部门工作文件", InstrumentLevel.NORMATIVE_DOCUMENT),
        ("行政规范性文件", InstrumentLevel.NORMATIVE_DOCUMENT),
        ("国务院规范性文件", InstrumentLevel.NORMATIVE_DOCUMENT),
        ("地方政府规章", InstrumentLevel.LOCAL_REGULATION),
        ("地方规范性文件", InstrumentLevel.NORMATIVE_DOCUMENT),
        ("推荐性国家标准", InstrumentLevel.NATIONAL_STANDARD),
        ("强制性国家标准", InstrumentLevel.NATIONAL_STANDARD),
        ("国家标准（推荐性）", InstrumentLevel.NATIONAL_STANDARD),
        ("国家标准(推荐性)", InstrumentLevel.NATIONAL_STANDARD),
        ("法律解释", InstrumentLevel.LAW),
        ("有关法律问题的决定", InstrumentLevel.LAW),
        ("地方法规", InstrumentLevel.LOCAL_REGULATION),
        ("行业规定", InstrumentLevel.PRACTICE_GUIDE),
        ("团体标准", InstrumentLevel.PRACTICE_GUIDE),
    ],
)
def test_a_level_alias_reads_through_the_importers_matcher(alias, level):
    read = choice_from_text(alias, Instrument.Level.choices, LEVEL_ALIASES)
    assert read == level


def test_no_alias_repeats_one_of_the_nine_labels():
    labels = {"法律", "行政法规", "部门规章", "规范性文件", "司法解释", "地方性法规"}
    labels |= {"国家标准", "行业标准", "实践指南"}
    assert not labels & LEVEL_ALIASES.keys()
    assert set(LEVEL_ALIASES.values()) <= set(InstrumentLevel.values)


# The 2020 snapshot as a whole: the practice's own levels.

PRACTICE_LEVELS = {
    "法律": InstrumentLevel.LAW,
    "行政法规": InstrumentLevel.ADMINISTRATIVE_REGULATION,
    "部门规章": InstrumentLevel.DEPARTMENTAL_RULE,
    "规范性文件": InstrumentLevel.NORMATIVE_DOCUMENT,
    "司法解释": InstrumentLevel.JUDICIAL_INTERPRETATION,
    "地方性法规": InstrumentLevel.LOCAL_REGULATION,
    "国家标准": InstrumentLevel.NATIONAL_STANDARD,
    "行业标准": InstrumentLevel.INDUSTRY_STANDARD,
    "实践指南": InstrumentLevel.PRACTICE_GUIDE,
}
# Titles the rule reads otherwise than the practice filed them, with what it reads and why
# no honest rule reads them right: only the 文号 (a 令 or not) tells a rule from a document.
PINNED = {
    "《互联网用户公众账号信息服务管理规定（修订草案征求意见稿）》": (
        InstrumentLevel.DEPARTMENTAL_RULE,
        "CAC issued the 2017 text as a normative document, not by 令; only the 文号 tells",
    ),
    "《互联网直播营销信息内容服务管理规定（征求意见稿）》": (
        InstrumentLevel.DEPARTMENTAL_RULE,
        "a CAC 规定 filed as a normative document; it became the 7-ministry 办法（试行）, a 通知",
    ),
    "《民用航空安全保卫信息规则（征求意见稿）》": (
        InstrumentLevel.DEPARTMENTAL_RULE,
        "CAAC's 规章 are numbered CCAR; a 规则 without one is its normative document",
    ),
    "《交通运输科学数据管理办法（征求意见稿）》": (
        InstrumentLevel.DEPARTMENTAL_RULE,
        "a ministry 办法 issued by 通知 rather than 令; only its 文号 tells",
    ),
    "《工业互联网标识管理办法（征求意见稿）》": (
        InstrumentLevel.DEPARTMENTAL_RULE,
        "a MIIT 办法 issued by 通知 rather than 令; only its 文号 tells",
    ),
}


def snapshot_rows():
    """(title, the practice's level, the level read) for every instrument in the snapshot."""
    for path in sorted(SNAPSHOT.glob("instruments_*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                # The law table has no 效力级别 column: every row is a 法律.
                practice = PRACTICE_LEVELS[row.get("效力级别", "法律")]
                yield row["名称"], practice, infer_level(row["名称"])


def test_the_snapshot_reads_as_the_practice_filed_it_but_for_the_pinned_few():
    rows = list(snapshot_rows())
    disagreements = {title: read for title, practice, read in rows if read != practice}
    assert disagreements == {title: read for title, (read, _why) in PINNED.items()}
    assert (len(rows), len(rows) - len(disagreements)) == (82, 77)


def test_no_snapshot_law_is_read_as_anything_else_nor_anything_else_as_a_law():
    rows = list(snapshot_rows())
    laws = [title for title, practice, _read in rows if practice == InstrumentLevel.LAW]
    assert [
        title
        for title, practice, read in rows
        if (read == InstrumentLevel.LAW) != (practice == InstrumentLevel.LAW)
    ] == []
    assert len(laws) == 7


@pytest.mark.parametrize(
    "title,issuers,level",
    [
        (
            "关于修改《中华人民共和国网络安全法》的决定（征求意见稿）",
            "国家互联网信息办公室",
            "law",
        ),
        ("中华人民共和国数据安全法【现行有效】", "", "law"),
        ("中华人民共和国网络安全法 主席令第五十三号", "", "law"),
        ("中华人民共和国个人信息保护法（草案）征求意见", "", "law"),
        ("《个人信息安全规范》（GB/T 35273—2020）", "", "national_standard"),
        ("《移动智能终端个人信息保护技术要求》（YD/T 2407-2021）", "", "industry_standard"),
        (
            "《电信和互联网服务 用户个人信息保护 定义及分类》YD/T 2781-2014",
            "",
            "industry_standard",
        ),
        ("《杭州城市大脑赋能城市治理促进条例》", "", "local_regulation"),
        ("《河北雄安新区条例》", "", "local_regulation"),
        ("《海南自由贸易港社会信用条例》", "", "local_regulation"),
    ],
)
def test_titles_as_databases_and_careless_tables_write_them(title, issuers, level):
    assert infer_level(title, issuers) == level
