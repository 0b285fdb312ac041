import csv
from pathlib import Path

import pytest

from enforcement.parties import (
    BRANDS,
    COMPOUND_SURNAMES,
    SURNAMES,
    first_person,
    guess_subject_kind,
    is_person,
    person_name_at,
)

SNAPSHOT = Path(__file__).resolve().parents[2] / "fixtures" / "review_2020"


def snapshot_rows():
    for path in sorted(SNAPSHOT.glob("cases_*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            yield from csv.DictReader(file)


# Who is a natural person.


@pytest.mark.parametrize(
    "subject",
    [
        "李某",
        "姚某某",
        "何某珍",
        "何某珍 韦某南",
        "何某珍韦某南",
        "翟某某等人",
        "某市民",
        "网民何某珍",
    ],
)
def test_anonymised_persons_are_persons(subject):
    assert is_person(subject)


@pytest.mark.parametrize("subject", ["张三", "王小明", "于洋", "欧阳娜娜", "司马南", "王 小明"])
def test_persons_named_in_full_are_persons(subject):
    assert is_person(subject)


@pytest.mark.parametrize(
    "subject",
    [
        "张三（法定代表人）",
        "李四(某科技公司员工)",
        "王五（网名“小鱼”）",
        "赵六，男，35岁",
        "刘洋（男，1990年生）",
    ],
)
def test_person_with_a_role_or_description_is_a_person(subject):
    assert is_person(subject)


@pytest.mark.parametrize(
    "subject",
    [
        "张三、李四",
        "张三 李四",
        "张三和李四",
        "王某及李某",
        "张某某等3人",
        "王和平、李某等人",
        "张三（法定代表人）、李四",
    ],
)
def test_several_persons_are_persons(subject):
    assert is_person(subject)


@pytest.mark.parametrize(
    "subject",
    [
        "济南某酒店",
        "某医院",
        "三河某燃气有限公司",
        "李某店",
        "某单位",
        "京某科技有限公司三河市燕郊分公司",
        "张三店",
        "刘记",
        "王五科技",
        "李四网",
        "王氏集团",
        "张三科技（北京）有限公司",
        "陈六App",
        "张三、某公司",
        "新浪微博",
    ],
)
def test_organisations_and_shops_are_not_persons(subject):
    assert not is_person(subject)


@pytest.mark.parametrize("brand", sorted(BRANDS))
def test_brands_that_read_like_names_are_not_persons(brand):
    assert not is_person(brand)


def test_every_brand_would_read_as_a_name_without_the_list():
    # An entry that reads as no name would be dead weight on the list.
    for brand in BRANDS:
        assert brand[:1] in SURNAMES or brand[:2] in COMPOUND_SURNAMES, brand


@pytest.mark.parametrize(
    ("facts", "penalty_text"),
    [
        ("该公司未落实网络安全保护责任。", "罚款 1 万元"),
        ("经查，该企业未留存网络日志。", "警告"),
        ("该平台未履行审核义务。", "约谈"),
        ("", "罚款 5 万元，对其法定代表人罚款 1 万元"),
        ("", "罚款 5 万元，对直接负责的主管人员罚款 1 万元"),
    ],
)
def test_short_name_the_texts_speak_of_as_an_organisation_is_not_a_person(facts, penalty_text):
    assert is_person("金桥")
    assert not is_person("金桥", facts=facts, penalty_text=penalty_text)


@pytest.mark.parametrize("subject", ["陈某某", "张三（北京某网络科技有限公司运维工程师）"])
def test_anonymised_or_described_person_stays_a_person_whatever_the_facts_say(subject):
    facts = "在担任某公司运维工程师期间，该公司未履行网络安全保护义务。"
    assert is_person(subject, facts=facts)


def test_a_persons_own_company_in_the_facts_is_no_organisation_reference():
    # 姚某某 in the 2020 review: 用于其公司电话贷款推销业务.
    assert is_person("张三", facts="用于其公司电话贷款推销业务")


def test_snapshot_persons_are_exactly_the_anonymised_ones():
    # The persons enforcement.services.guess_subject_kind read before the full-name rule.
    persons = {
        row["被处罚主体"]
        for row in snapshot_rows()
        if is_person(row["被处罚主体"], facts=row["违法事实"], penalty_text=row["处罚结果"])
    }
    assert persons == {
        "李某",
        "董某",
        "支某",
        "杨某",
        "文某",
        "曹某",
        "陈某某",
        "姚某某",
        "翟某某等人",
        "何某珍 韦某南",
        "某市民",
    }


def test_familymart_in_the_snapshot_is_kept_out_by_the_brand_list_not_by_its_texts():
    # 全 is a surname and the texts never say 该公司: only BRANDS tells 全家 is no person.
    [row] = [row for row in snapshot_rows() if row["被处罚主体"] == "全家"]
    assert "全" in SURNAMES and "全家" in BRANDS
    assert not is_person("全家", facts=row["违法事实"], penalty_text=row["处罚结果"])
    assert is_person("全佳", facts=row["违法事实"], penalty_text=row["处罚结果"])


# The persons a penalty text names.


@pytest.mark.parametrize(
    ("text", "start", "name"),
    [
        ("对张三罚款2000元", 1, "张三"),
        ("给予李四行政拘留五日", 2, "李四"),
        ("对该公司法定代表人王五罚款1万元", 9, "王五"),
        ("对王小明处以警告", 1, "王小明"),
        ("对欧阳娜娜罚款", 1, "欧阳娜娜"),
        ("对王和平罚款", 1, "王和平"),
        ("对张三、李四分别罚款", 4, "李四"),
        ("李四并处罚款1万元", 0, "李四"),
        ("对张三罚款", 0, ""),
        ("对单位罚款", 1, ""),
        ("对华为罚款", 1, ""),
        ("对张三店罚款", 1, ""),
        ("严肃处理相关责任人", 0, ""),
        ("对王小明罚", 1, "王小明"),
    ],
)
def test_person_name_at_reads_a_full_name_up_to_the_words_that_end_it(text, start, name):
    assert person_name_at(text, start) == name


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("对张三罚款2000元", (0, "张三")),
        ("对该公司法定代表人王五罚款1万元", (9, "王五")),
        ("其中一家公司负责人王某做出行政拘留三日", (9, "王某")),
        ("关停网站对张三罚款", (4, "张三")),
        ("对其法定代表人罚款1万元", None),
        ("公司罚款1万元", None),
    ],
)
def test_first_person_is_where_a_penalty_text_first_names_one(text, found):
    assert first_person(text) == found


def test_only_a_person_addressed_with_dui_or_geiyu_ends_an_object():
    assert first_person("“张三”频道") == (1, "张三")
    assert first_person("“张三”频道", addressed_only=True) is None
    assert first_person("网站给予张三警告", addressed_only=True) == (2, "张三")


# The kind of party.


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("李某", "individual"),
        ("何某珍 韦某南", "individual"),
        ("某市民", "individual"),
        ("张三", "individual"),
        ("张三（某科技公司员工）", "individual"),
        ("济南某酒店", "company"),
        ("李某店", "company"),
        ("京某科技有限公司三河市燕郊分公司", "company"),
        ("济南某医院", "hospital"),
        ("原平市第一人民医院", "hospital"),
        ("广西某学院", "school"),
        ("新泰某中学", "school"),
        ("卫生管理部门", "government"),
        ("淮安市某机关直属单位", "government"),
        ("虎牙直播", "platform"),
        ("某单位", "other"),
        ("华为", "other"),
    ],
)
def test_kind_follows_the_partys_name(subject, kind):
    assert guess_subject_kind(subject) == kind


@pytest.mark.parametrize(
    ("subject", "facts", "kind"),
    [
        ("金桥", "该公司未落实网络安全保护责任。", "company"),
        ("金桥", "该医院网站存在漏洞。", "hospital"),
        ("金桥", "该校网站被植入后门。", "school"),
        ("金桥", "该平台未履行审核义务。", "platform"),
        ("金桥", "其网站存在漏洞。", "individual"),
        ("金桥", "该局民警检查发现其网站存在漏洞。", "individual"),
        ("某单位", "该医院未制定应急预案。", "hospital"),
        ("某单位", "该局民警检查发现其网站存在漏洞。", "other"),
        ("某单位", "网站存在漏洞。", "other"),
    ],
)
def test_kind_of_an_unclear_name_follows_how_the_facts_speak_of_it(subject, facts, kind):
    assert guess_subject_kind(subject, facts=facts) == kind


def test_second_hand_car_dealer_is_a_company_by_its_facts():
    # The one snapshot party whose kind the texts change: its name says only 车商, its facts
    # 该公司内部管理混乱 (services' guess from the name alone: "other").
    [row] = [row for row in snapshot_rows() if row["被处罚主体"] == "常州市某二手车商"]
    assert guess_subject_kind(row["被处罚主体"]) == "other"
    assert guess_subject_kind(row["被处罚主体"], facts=row["违法事实"]) == "company"


@pytest.mark.parametrize(
    "subject", ["华住", "乐视", "蒙牛", "易到", "花椒", "金融界", "房天下", "申通", "高途"]
)
def test_a_short_company_name_whose_given_name_is_no_name_is_not_a_person(subject):
    assert not is_person(subject, facts="违规收集使用个人信息。", penalty_text="罚款5万元")


@pytest.mark.parametrize("subject", ["张伟", "李娜", "欧阳修文", "陈小明", "刘德华"])
def test_a_full_name_of_usual_given_name_characters_is_a_person(subject):
    assert is_person(subject, facts="违规收集使用个人信息。", penalty_text="罚款5万元")


def test_a_name_of_rare_characters_is_a_person_when_the_texts_speak_of_a_person():
    assert not is_person("申通", penalty_text="罚款5万元")
    assert is_person("申通", penalty_text="行政拘留五日")  # detention is for persons only
    assert is_person("申通", facts="申通，男，35岁，在网络群组中出售公民个人信息。")
