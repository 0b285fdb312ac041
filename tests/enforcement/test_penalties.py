import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from enforcement.models import PenaltyKind, PenaltyTarget
from enforcement.penalties import ParsedPenalty, parse_penalties, unreadable_amounts

pytestmark = pytest.mark.usefixtures("english")


K, T = PenaltyKind, PenaltyTarget
ORG, RESPONSIBLE, INDIVIDUAL = T.ORGANIZATION, T.RESPONSIBLE_PERSON, T.INDIVIDUAL
SNAPSHOT = Path(__file__).resolve().parents[2] / "fixtures" / "review_2020"


def fine(amount, target=ORG, text="", person=""):
    return ParsedPenalty(K.FINE, target, Decimal(amount) if amount else None, None, person, text)


def sanction(kind, text, target=ORG, days=None, person=""):
    return ParsedPenalty(kind, target, None, days, person, text)


def org(text):
    return parse_penalties(text, subject_is_person=False)


def person(text):
    return parse_penalties(text, subject_is_person=True)


# The review's own penalty texts, read in full.


def test_warning_and_fine_in_thousands():
    assert org("警告 罚款 5 千元") == [
        sanction(K.WARNING, "警告"),
        fine("5000", text="罚款5千元"),
    ]


def test_interview_fine_of_unknown_amount_and_week_long_suspension():
    assert org("约谈、罚款 自行暂停“网易新闻”APP 跟评功能一周") == [
        sanction(K.INTERVIEW, "约谈"),
        fine(None, text="罚款"),
        sanction(K.SUSPENSION, "自行暂停“网易新闻”APP跟评功能一周", days=7),
    ]


def test_company_and_its_responsible_person_are_fined_apart():
    assert org("公司罚款 1 万元 直接负责人 罚款 5 千元") == [
        fine("10000", ORG, "公司罚款1万元"),
        fine("5000", RESPONSIBLE, "直接负责人罚款5千元"),
    ]


def test_unit_fine_in_mixed_wan_and_qian_and_responsible_person_fine():
    assert org("单位罚款 1 万 5 千元 负责人罚款 5 千元") == [
        fine("15000", ORG, "单位罚款1万5千元"),
        fine("5000", RESPONSIBLE, "负责人罚款5千元"),
    ]


def test_two_named_persons_fined_confiscated_and_detained():
    assert person("曹某罚款 1 万元，没收违法所得 陈某某予以行 政拘留 5 日 并处罚款 1 万元") == [
        fine("10000", INDIVIDUAL, "曹某罚款1万元", person="曹某"),
        ParsedPenalty(K.CONFISCATION, INDIVIDUAL, None, None, "曹某", "没收违法所得"),
        sanction(K.DETENTION, "陈某某予以行政拘留5日", INDIVIDUAL, days=5, person="陈某某"),
        fine("10000", INDIVIDUAL, "并处罚款1万元", person="陈某某"),
    ]


def test_named_responsible_person_of_one_company_is_detained():
    assert org("警告 其中一家公司负责人王 某做出行政 拘留三日") == [
        sanction(K.WARNING, "警告"),
        sanction(
            K.DETENTION,
            "其中一家公司负责人王某做出行政拘留三日",
            RESPONSIBLE,
            days=3,
            person="王某",
        ),
    ]


def test_each_named_person_gets_their_own_fine():
    assert person("翟某某罚款 1 万元 陈某某罚款 5 千元") == [
        fine("10000", INDIVIDUAL, "翟某某罚款1万元", person="翟某某"),
        fine("5000", INDIVIDUAL, "陈某某罚款5千元", person="陈某某"),
    ]


def test_rectification_warning_and_fine_in_chinese_numerals():
    assert org("责令立即整改 警告 七万五千元罚款") == [
        sanction(K.RECTIFY, "责令立即整改"),
        sanction(K.WARNING, "警告"),
        fine("75000", text="七万五千元罚款"),
    ]


def test_criminal_fine_without_amount_is_a_fine_of_unknown_amount():
    assert org("警告 罚金") == [sanction(K.WARNING, "警告"), fine(None, text="罚金")]


def test_app_takedown_warning_and_fine_in_decimal_wan():
    assert org("涉嫌违法的 App 应用下架 警告 罚款 1.5 万元") == [
        sanction(K.TAKEDOWN, "涉嫌违法的App应用下架"),
        sanction(K.WARNING, "警告"),
        fine("15000", text="罚款1.5万元"),
    ]


def test_detention_without_days_has_unknown_days():
    assert person("行政拘留") == [sanction(K.DETENTION, "行政拘留", INDIVIDUAL)]


def test_website_filing_cancelled_for_a_person():
    assert person("注销网站备案") == [sanction(K.ICP_CANCEL, "注销网站备案", INDIVIDUAL)]


def test_month_long_suspension_has_unknown_days_and_apology_follows():
    text = (
        "停更“全家微生活”微信服务号一个月 在官网、APP、微博、微信公众号等相关网络平台"
        "显著位置发布置顶“致歉信”"
    )
    assert org(text) == [
        sanction(K.SUSPENSION, "停更“全家微生活”微信服务号一个月"),
        sanction(
            K.APOLOGY,
            "在官网、APP、微博、微信公众号等相关网络平台显著位置发布置顶“致歉信”",
        ),
    ]


def test_fine_on_a_natural_person_is_on_the_individual():
    assert person("罚款 10 万元") == [fine("100000", INDIVIDUAL, "罚款10万元")]


def test_fine_on_an_organization_without_a_cue_is_on_the_organization():
    assert org("罚款 10 万元") == [fine("100000", ORG, "罚款10万元")]


def test_suspension_in_days_runs_until_rectification():
    assert org("约谈 责令其自行暂停更新“陪玩日常”频道七天开展全面整改") == [
        sanction(K.INTERVIEW, "约谈"),
        sanction(K.SUSPENSION, "责令其自行暂停更新“陪玩日常”频道七天", days=7),
        sanction(K.RECTIFY, "开展全面整改"),
    ]


def test_interview_closure_and_filing_cancelled():
    assert org("约谈 责令关停网站 注销备案号") == [
        sanction(K.INTERVIEW, "约谈"),
        sanction(K.CLOSURE, "责令关停网站"),
        sanction(K.ICP_CANCEL, "注销备案号"),
    ]


def test_rectification_mentioned_twice_is_one_row():
    assert org("责令整改 整改期间暂停新用户注册 全面清理违规内容 处理相关责任人员") == [
        sanction(K.RECTIFY, "责令整改"),
        sanction(K.SUSPENSION, "整改期间暂停新用户注册全面清理违规内容"),
        sanction(K.OTHER, "处理相关责任人员", RESPONSIBLE),
    ]


def test_warning_broken_across_lines_on_the_responsible_person():
    assert org("对该电子网 络安全负责 人处以警告 处罚") == [
        sanction(K.WARNING, "对该电子网络安全负责人处以警告处罚", RESPONSIBLE)
    ]


def test_fine_and_confiscation_with_its_amount():
    assert org("罚款 1 万元 没收违法所得 5287.68 元") == [
        fine("10000", text="罚款1万元"),
        ParsedPenalty(K.CONFISCATION, ORG, Decimal("5287.68"), None, "", "没收违法所得5287.68元"),
    ]


def test_rectification_after_a_responsible_person_fine_is_on_the_company():
    assert org("公司罚款 1 万元 直接负责的主管人员罚款 5 千元 责令限期整改") == [
        fine("10000", ORG, "公司罚款1万元"),
        fine("5000", RESPONSIBLE, "直接负责的主管人员罚款5千元"),
        sanction(K.RECTIFY, "责令限期整改"),
    ]


def test_rectification_joined_by_bing_follows_the_warning():
    assert org("警告，并责令立即整改到位。") == [
        sanction(K.WARNING, "警告"),
        sanction(K.RECTIFY, "并责令立即整改到位"),
    ]


# Amounts in every spelling the review uses.


@pytest.mark.parametrize(
    "text, amount",
    [
        ("罚款 5 千元", "5000"),
        ("罚款 1 万 5 千元", "15000"),
        ("罚款 1.5 万元", "15000"),
        ("七万五千元罚款", "75000"),
        ("罚款100万元", "1000000"),
        ("2 万元罚款", "20000"),
        ("20 万元罚款", "200000"),
        ("罚款人民币5万元", "50000"),
        ("罚款50,000元", "50000"),
        ("罚款伍万元", "50000"),
        ("罚款 3.5 万元", "35000"),
        ("罚款 614 元", "614"),
        ("罚款5万", "50000"),
        ("罚 款 1 0 万 元", "100000"),
    ],
)
def test_fine_amount_is_read_in_every_spelling(text, amount):
    [parsed] = org(text)
    assert (parsed.kind, parsed.amount) == (K.FINE, Decimal(amount))
    assert parsed.amount.as_tuple().exponent == -2


@pytest.mark.parametrize("text", ["罚款", "罚金", "罚款一次", "约谈、罚款"])
def test_fine_without_an_amount_has_unknown_amount_not_zero(text):
    fines = [parsed for parsed in org(text) if parsed.kind == K.FINE]
    assert [parsed.amount for parsed in fines] == [None]


# Whom each sanction is on.


@pytest.mark.parametrize(
    "text",
    [
        "网络安全负 责人罚款 1 万元",
        "直接负责人罚款 5 千元",
        "直接负责的主管人员罚款 5 千元",
        "直接责任人员罚款 5 千元",
        "公司负责人罚款 5 千元",
        "对其法定代表人罚款 1 万元",
        "法定代表人罚款 1 万元",
        "法人代表罚款 5 千元",
        "主要负责人罚款 5 千元",
        "实际控制人罚款 5 千元",
        "其他直接责任人员罚款 5 千元",
    ],
)
def test_responsible_person_cue_puts_the_sanction_on_the_responsible_person(text):
    assert [parsed.target for parsed in person(text)] == [RESPONSIBLE]


@pytest.mark.parametrize("text", ["公司罚款 1 万元", "单位罚款 1 万元", "企业罚款 1 万元"])
def test_organization_cue_puts_the_sanction_on_the_organization(text):
    assert [parsed.target for parsed in person(text)] == [ORG]


@pytest.mark.parametrize("name", ["王某", "陈某某", "翟某某"])
def test_named_person_is_the_individual_sanctioned(name):
    [parsed] = org(f"{name}罚款 1 万元")
    assert (parsed.target, parsed.person) == (INDIVIDUAL, name)


def test_company_referred_to_with_mou_is_not_a_person():
    [parsed] = person("对某公司罚款 1 万元")
    assert (parsed.target, parsed.person) == (ORG, "")


def test_named_responsible_person_keeps_the_name():
    [parsed] = org("其中一家公司负责人王某做出行政拘留三日")
    assert (parsed.target, parsed.person, parsed.days) == (RESPONSIBLE, "王某", 3)


def test_fine_on_the_legal_representative_is_on_the_responsible_person_not_the_company():
    assert org("罚款 5 万元，对其法定代表人罚款 1 万元") == [
        fine("50000", ORG, "罚款5万元"),
        fine("10000", RESPONSIBLE, "对其法定代表人罚款1万元"),
    ]


def test_legal_representative_named_in_full_keeps_the_name():
    assert org("对该公司罚款 10 万元，对其法定代表人王五罚款 1 万元") == [
        fine("100000", ORG, "对该公司罚款10万元"),
        fine("10000", RESPONSIBLE, "对其法定代表人王五罚款1万元", person="王五"),
    ]


def test_directly_responsible_manager_named_in_full_keeps_the_name():
    assert org("对直接负责的主管人员李四罚款 5000 元") == [
        fine("5000", RESPONSIBLE, "对直接负责的主管人员李四罚款5000元", person="李四"),
    ]


def test_person_named_in_full_in_a_companys_case_is_fined_as_an_individual():
    assert org("警告，对张三罚款 2000 元") == [
        sanction(K.WARNING, "警告"),
        fine("2000", INDIVIDUAL, "对张三罚款2000元", person="张三"),
    ]


def test_person_named_in_full_is_detained_as_an_individual():
    assert org("给予李四行政拘留五日") == [
        sanction(K.DETENTION, "给予李四行政拘留五日", INDIVIDUAL, days=5, person="李四"),
    ]


def test_person_addressed_after_a_closure_ends_its_object():
    assert org("责令关停网站 对张三罚款 2000 元") == [
        sanction(K.CLOSURE, "责令关停网站"),
        fine("2000", INDIVIDUAL, "对张三罚款2000元", person="张三"),
    ]


def test_name_inside_a_suspensions_object_is_no_party():
    assert org("暂停“张三说法”频道更新一周") == [
        sanction(K.SUSPENSION, "暂停“张三说法”频道更新一周", days=7),
    ]


def test_person_partys_fines_are_all_on_individuals():
    parsed = person("对张三罚款 2000 元，对李四罚款 1000 元，没收违法所得 500 元 行政拘留 5 日")
    assert [(row.kind, row.target, row.person) for row in parsed] == [
        (K.FINE, INDIVIDUAL, "张三"),
        (K.FINE, INDIVIDUAL, "李四"),
        (K.CONFISCATION, INDIVIDUAL, "李四"),
        (K.DETENTION, INDIVIDUAL, ""),
    ]


@pytest.mark.parametrize("text", ["对单位罚款 1 万元", "对华为罚款 1 万元", "对全体罚款 1 万元"])
def test_words_and_brands_that_look_like_names_are_no_person(text):
    [parsed] = org(text)
    assert (parsed.target, parsed.person) == (ORG, "")


def test_fine_joined_by_bing_chu_inherits_the_detained_person():
    assert person("陈某某予以行政拘留 5 日 并处罚款 1 万元") == [
        sanction(K.DETENTION, "陈某某予以行政拘留5日", INDIVIDUAL, days=5, person="陈某某"),
        fine("10000", INDIVIDUAL, "并处罚款1万元", person="陈某某"),
    ]


def test_fine_joined_by_bing_chu_inherits_the_responsible_person():
    assert org("负责人罚款 5 千元 并处罚款 1 万元")[1].target == RESPONSIBLE


def test_sanction_without_cue_after_a_responsible_person_falls_back_to_the_subject():
    assert [parsed.target for parsed in org("罚款1万元 负责人罚款 5 千元 警告")] == [
        ORG,
        RESPONSIBLE,
        ORG,
    ]


# Detention and suspension days.


@pytest.mark.parametrize(
    "text, days",
    [
        ("行政拘留 2 日", 2),
        ("行政拘留14日", 14),
        ("拘留三日", 3),
        ("行政拘留十五日", 15),
        ("行 政 拘 留 1 0 日", 10),
        ("行政拘留", None),
    ],
)
def test_detention_days_are_read(text, days):
    [parsed] = person(text)
    assert (parsed.kind, parsed.days, parsed.target) == (K.DETENTION, days, INDIVIDUAL)


@pytest.mark.parametrize(
    "text, days",
    [
        ("暂停跟评功能一周", 7),
        ("暂停更新七天", 7),
        ("停更7天", 7),
        ("停止更新 5 日", 5),
        ("暂停两周", 14),
        ("停更“全家微生活”微信服务号一个月", None),
        ("暂停新用户注册", None),
    ],
)
def test_suspension_days_are_read_when_given_in_days_or_weeks(text, days):
    [parsed] = org(text)
    assert (parsed.kind, parsed.days) == (K.SUSPENSION, days)


def test_every_detention_with_its_own_days_is_its_own_row():
    detained = person("王某行政拘留 5 日 李某行政拘留 10 日")
    assert [(parsed.person, parsed.days) for parsed in detained] == [("王某", 5), ("李某", 10)]


# One row per kind and party, except for money and detention.


@pytest.mark.parametrize(
    "text",
    [
        "责令改正",
        "责令整改",
        "限期整改",
        "全面整改",
        "责令立即整改",
        "责令逐一改正",
        "责令其限期整改",
        "责令限期整改",
        "责令整改 限期整改 全面整改",
        "责令改正 整改期间",
    ],
)
def test_every_phrasing_of_rectification_is_one_rectify_row(text):
    assert [parsed.kind for parsed in org(text)] == [K.RECTIFY]


def test_repeated_warning_and_interview_are_one_row_each():
    assert [parsed.kind for parsed in org("约谈 警告 再次约谈 警告")] == [K.INTERVIEW, K.WARNING]


def test_rectification_of_two_parties_is_a_row_for_each():
    rows = org("公司责令整改 负责人责令整改")
    assert [(parsed.kind, parsed.target) for parsed in rows] == [
        (K.RECTIFY, ORG),
        (K.RECTIFY, RESPONSIBLE),
    ]


def test_two_fines_of_the_same_amount_on_the_same_party_are_two_rows():
    assert [parsed.amount for parsed in org("罚款 1 万元 罚款 1 万元")] == [
        Decimal("10000"),
        Decimal("10000"),
    ]


# Each kind by its words.


@pytest.mark.parametrize(
    "text, kind",
    [
        ("警告", K.WARNING),
        ("罚款", K.FINE),
        ("没收违法所得", K.CONFISCATION),
        ("责令改正", K.RECTIFY),
        ("暂停更新", K.SUSPENSION),
        ("停更", K.SUSPENSION),
        ("停止更新", K.SUSPENSION),
        ("约谈", K.INTERVIEW),
        ("关停网站", K.CLOSURE),
        ("关闭网站", K.CLOSURE),
        ("注销网站备案", K.ICP_CANCEL),
        ("注销备案号", K.ICP_CANCEL),
        ("注销备案", K.ICP_CANCEL),
        ("行政拘留", K.DETENTION),
        ("下架", K.TAKEDOWN),
        ("公开致歉", K.APOLOGY),
        ("处理相关责任人", K.OTHER),
    ],
)
def test_kind_is_recognised_by_its_words(text, kind):
    assert [parsed.kind for parsed in org(text)] == [kind]


def test_text_naming_no_known_sanction_is_one_other_row_holding_the_text():
    assert org("通 报 全 省") == [sanction(K.OTHER, "通报全省")]


def test_dealing_with_responsible_persons_alone_is_an_other_row_on_them():
    assert org("处理相关责任人") == [sanction(K.OTHER, "处理相关责任人", RESPONSIBLE)]


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty_penalty_text_has_no_sanctions(text):
    assert org(text) == []


# The 2020 snapshot as a whole.

PEOPLE = {"李某", "董某", "杨某", "支某", "文某", "陈某某", "姚某某", "曹某", "翟某某等人"}
PEOPLE |= {"何某珍韦某南", "某市民"}


def snapshot_penalties():
    for path in sorted(SNAPSHOT.glob("cases_*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                subject = "".join(row["被处罚主体"].split())
                yield from parse_penalties(row["处罚结果"], subject_is_person=subject in PEOPLE)


def test_snapshot_penalties_add_up():
    parsed = list(snapshot_penalties())
    fines = [row for row in parsed if row.kind == K.FINE]
    assert Counter(row.kind for row in parsed) == {
        K.FINE: 98,
        K.WARNING: 90,
        K.RECTIFY: 86,
        K.SUSPENSION: 6,
        K.DETENTION: 6,
        K.INTERVIEW: 5,
        K.ICP_CANCEL: 3,
        K.OTHER: 2,
        K.CONFISCATION: 2,
        K.APOLOGY: 1,
        K.CLOSURE: 1,
        K.TAKEDOWN: 1,
    }
    assert sum(row.amount for row in fines if row.target == ORG and row.amount) == Decimal(
        "4828000.00"
    )
    assert sum(row.amount for row in fines if row.target != ORG and row.amount) == Decimal(
        "255614.00"
    )
    # 虎牙直播 and 网易网 were fined 罚款 with no amount given, 京某科技 罚金.
    assert [row.text for row in fines if row.amount is None] == ["罚款", "罚款", "罚金"]


@pytest.mark.parametrize(
    "text",
    [
        "罚款￥50,000元",
        "罚款：5万元",
        "罚款金额5万元",
        "罚款共计5万元",
        "罚款合计人民币5万元",
        "罚款50000",
        "罚款RMB 50000元",
        "罚款人民币伍万元整",
        "处5万元的罚款",
        "罚没款5万元",
        "罚款 5.0 万元",
    ],
)
def test_an_amount_written_any_usual_way_is_read(text):
    [fine] = parse_penalties(text, subject_is_person=False)
    assert (fine.kind, fine.target, fine.amount) == (K.FINE, ORG, Decimal("50000.00"))


@pytest.mark.parametrize(
    "text,written", [("罚款1,0000元", "1,0000元"), ("罚款一万五千亿亿元", "一万五千亿亿元")]
)
def test_an_amount_that_cannot_be_read_is_named_never_taken_as_zero(text, written):
    [fine] = parse_penalties(text, subject_is_person=False)
    assert fine.amount is None
    assert unreadable_amounts(text) == [written]
    assert unreadable_amounts("罚款5万元，罚款") == []  # no amount is not an unreadable one


@pytest.mark.parametrize(
    "text,expected",
    [
        ("对张三、李四各罚款2000元", [(INDIVIDUAL, "张三", 2000), (INDIVIDUAL, "李四", 2000)]),
        ("对该公司及其法定代表人各罚款1万元", [(ORG, "", 10000), (RESPONSIBLE, "", 10000)]),
        ("对公司和张三各罚款1万元", [(ORG, "", 10000), (INDIVIDUAL, "张三", 10000)]),
        ("对张三、李四分别罚款2000元", [(INDIVIDUAL, "张三", 2000), (INDIVIDUAL, "李四", 2000)]),
        (
            "对王五、赵六分别罚款1000元、2000元",
            [(INDIVIDUAL, "王五", 1000), (INDIVIDUAL, "赵六", 2000)],
        ),
        (
            "对公司董事长兼CEO程维、总裁柳青各处人民币100万元罚款",
            [(RESPONSIBLE, "程维", 1000000), (RESPONSIBLE, "柳青", 1000000)],
        ),
    ],
)
def test_each_party_of_a_各_or_分别_fine_is_fined(text, expected):
    fines = parse_penalties(text, subject_is_person=False)
    assert [(f.target, f.person, f.amount) for f in fines] == [
        (target, person, Decimal(amount)) for target, person, amount in expected
    ]


def test_a_并处_after_各_is_each_partys_too():
    penalties = parse_penalties(
        "对周某某、吴某某各处行政拘留5日并处罚款1000元", subject_is_person=True
    )
    assert [(p.kind, p.person, p.days, p.amount) for p in penalties] == [
        (K.DETENTION, "周某某", 5, None),
        (K.DETENTION, "吴某某", 5, None),
        (K.FINE, "周某某", None, Decimal("1000.00")),
        (K.FINE, "吴某某", None, Decimal("1000.00")),
    ]
