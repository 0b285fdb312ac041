"""One body written several ways reads as one key; different bodies do not."""

import pytest

from instruments.names import body_province, full_name, is_central, name_key, recognise_family
from tests.factories import region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "province,spellings",
    [
        ("北京", ["北京市网信办", "北京网信办", "北京市互联网信息办公室", "北京 市网信办"]),
        ("广东", ["广东省通信管理局", "通信管理局", "通信管理局（广东）", "广东通信管理局"]),
        ("广东", ["广东省公安厅", "省公安厅", "公安厅"]),
        ("上海", ["上海市公安局网安总队", "市公安局网安总队", "上海市公安局网络安全保卫总队"]),
        (
            "江苏",
            ["中国银行保险监督管理委员会江苏监管局", "江苏银保监局", "中国银保监会江苏监管局"],
        ),
        ("广东", ["广东省委网信办", "中共广东省委网信办", "广东省网信办"]),
        ("浙江", ["绍兴市市场监督管理局", "绍兴市市场监管局"]),
    ],
)
def test_the_spellings_of_one_body_share_a_key(province, spellings):
    assert len({name_key(name, region(province)) for name in spellings}) == 1


@pytest.mark.parametrize(
    "spellings",
    [
        ["国家互联网信息办公室", "国家网信办", "中央网信办", "中央网络安全和信息化委员会办公室"],
        ["工业和信息化部", "工信部"],
        ["国家市场监督管理总局", "市场监管总局", "国家市场监管总局"],
        ["全国信息安全标准化技术委员会", "全国网络安全标准化技术委员会", "信安标委"],
    ],
)
def test_the_spellings_of_one_central_body_share_a_key(spellings):
    assert len({name_key(name, None) for name in spellings}) == 1


@pytest.mark.parametrize(
    "first,second",
    [
        (("网安大队", "湖南"), ("网安大队", "河北")),  # the same words, two provinces' bodies
        (("网信办", "河北"), ("河北省网信办", "河北")),  # some 网信办 of 河北, not the province's
        (("广州市网信办", "广东"), ("广东省网信办", "广东")),
        (("工业和信息化部", None), ("工业和信息化部网络安全管理局", None)),
        (("历下公安分局网安大队", "山东"), ("历下公安分局网警大队", "山东")),
    ],
)
def test_different_bodies_have_different_keys(first, second):
    def key(name, province):
        return name_key(name, province and region(province))

    assert key(*first) != key(*second)


@pytest.mark.parametrize(
    "name,province,expected",
    [
        ("通信管理局", "广东", "广东省通信管理局"),
        ("通信管理局（广东）", "广东", "广东省通信管理局"),
        ("省公安厅", "广东", "广东省公安厅"),
        ("市公安局网安总队", "上海", "上海市公安局网安总队"),
        ("北京网信办", "北京", "北京网信办"),
        ("上海银保监局", "上海", "上海银保监局"),
        ("市场监管局", "上海", "市场监管局"),
        ("网安大队", "湖南", "网安大队"),
        ("国家网信办", None, "国家互联网信息办公室"),
    ],
)
def test_a_new_authority_is_named_as_fully_as_its_spelling_allows(name, province, expected):
    assert full_name(name, province and region(province)) == expected


@pytest.mark.parametrize(
    "name,family",
    [
        ("网络安全审查办公室", "cyberspace"),
        ("中央网络安全和信息化委员会办公室", "cyberspace"),
        ("国家互联网应急中心", None),
        ("中国信息通信研究院", "miit"),
        ("国家金融监督管理总局", "other"),
    ],
)
def test_a_family_is_recognised_from_the_name(name, family):
    assert recognise_family(name) == family


@pytest.mark.parametrize(
    "province,spellings",
    [
        ("北京", ["北京市市场监督管理局", "北京市市场监管局", "北京市场监管局"]),
        ("广东", ["深圳市网信办", "深圳网信办"]),
        ("浙江", ["杭州市公安局", "杭州公安局"]),
        ("广东", ["广东省通信管理局", "广东通管局", "通管局"]),
    ],
)
def test_more_spellings_of_one_body_share_a_key(province, spellings):
    place = region(province)
    assert len({name_key(name, body_province(name, place)) for name in spellings}) == 1


def test_a_city_named_like_its_province_is_not_the_province():
    jilin = region("吉林")
    assert name_key("吉林市网信办", jilin) != name_key("吉林省网信办", jilin)
    assert name_key("吉林网信办", jilin) == name_key("吉林省网信办", jilin)


def test_a_body_is_in_the_place_its_own_name_says_whatever_the_cases_region():
    assert body_province("北京市网信办", region("上海")) == region("北京")
    assert body_province("网安大队", region("上海")) == region("上海")
    assert body_province("国家网信办", region("上海")) is None


@pytest.mark.parametrize("name", ["自然资源部", "人力资源社会保障部", "中国民用航空局", "民航局"])
def test_the_state_councils_ministries_are_central(name):
    assert is_central(name)


def test_a_central_banks_short_name_in_a_provinces_case_is_its_local_branch():
    assert is_central("人民银行")
    assert not is_central("人民银行", region("广东"))
    assert is_central("国家网信办", region("广东"))


def test_a_central_body_created_from_a_long_spelling_gets_its_official_name():
    assert full_name("中共中央网络安全和信息化委员会办公室", None) == "国家互联网信息办公室"
    assert recognise_family("广东通管局") == "miit"
