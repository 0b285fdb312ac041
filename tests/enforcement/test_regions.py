"""Reading a case's region cell: national, provinces in any form, cities, several places."""

import pytest

from enforcement.regions import read_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    "text",
    [
        "全国",
        "中央",
        "国家",
        "中国",
        "national",
        "National",
        "NATIONAL",
        "nationwide",
        "全国范围",
        " 全 国 ",
    ],
)
def test_a_national_region_is_national_with_no_province(text):
    place = read_region(text)
    assert (place.national, place.province, place.city) == (True, None, "")


@pytest.mark.parametrize(
    "text,province,city",
    [
        ("广东", "广东", ""),
        ("广东省", "广东", ""),
        ("Guangdong", "广东", ""),
        ("inner mongolia", "内蒙古", ""),
        ("内蒙古自治区呼和浩特市", "内蒙古", "呼和浩特市"),
        ("广西壮族自治区南宁", "广西", "南宁"),
        ("河北 唐山", "河北", "唐山"),
        ("河北唐山", "河北", "唐山"),
        ("广东省深圳市", "广东", "深圳市"),
        ("江苏盐城、宿迁", "江苏", "盐城、宿迁"),
        ("浙江/杭州", "浙江", "杭州"),
        ("浙江（杭州）", "浙江", "杭州"),
        ("杭州（浙江）", "浙江", "杭州"),
        ("北京市海淀区", "北京", "海淀区"),
        # A city alone is placed in its province (fixtures/cities.json).
        ("深圳", "广东", "深圳"),
        ("南宁市", "广西", "南宁市"),
        ("瑞安", "浙江", "瑞安"),
        ("延边", "吉林", "延边"),
        # Several provinces: the first one named is the case's.
        ("北京、上海", "北京", ""),
        ("广东深圳、上海", "广东", "深圳"),
        # Full-width forms and stray spaces read the same.
        ("江苏　盐城", "江苏", "盐城"),
    ],
)
def test_a_province_city_or_several_places_resolve_by_the_stated_rule(text, province, city):
    place = read_region(text)
    assert (place.province.short_name, place.city, place.national) == (province, city, False)


@pytest.mark.parametrize(
    "agencies,province,national",
    [
        (["工业和信息化部"], None, True),
        (["国家网信办"], None, True),
        (["网络安全审查办公室"], None, True),
        (["国家市场监督管理总局"], None, True),
        (["上海市网信办"], "上海", False),
        (["南宁市公安局青秀分局"], "广西", False),
        (["中国银行保险监督管理委员会江苏监管局"], "江苏", False),
        (["网安大队"], None, False),
        ([], None, False),
    ],
)
def test_an_empty_region_is_read_from_the_agency_where_it_tells(agencies, province, national):
    place = read_region("", agencies)
    assert (place.province and place.province.short_name, place.national) == (province, national)


@pytest.mark.parametrize("text", ["--", "—", "无", "/"])
def test_a_dash_is_an_empty_region(text):
    assert read_region(text, ["国家网信办"]).national


@pytest.mark.parametrize("text", ["火星", "某市", "境外", "123"])
def test_an_unreadable_region_is_refused_with_what_is_accepted(text):
    with pytest.raises(ValueError) as error:
        read_region(text)
    message = str(error.value)
    assert f"“{text}” is not a region the tracker reads" in message
    assert "广东省" in message and "深圳" in message and "全国" in message


def test_places_spelled_differently_share_a_key_and_other_places_do_not():
    same = {read_region(text).key for text in ("江苏 盐城", "江苏盐城市", "江苏省盐城")}
    assert len(same) == 1
    assert read_region("江苏 盐城").key != read_region("江苏 宿迁").key
    assert read_region("全国").key == read_region("", ["公安部"]).key == "national"


@pytest.mark.parametrize(
    "text,province,city",
    [
        ("吉林市", "吉林", "吉林市"),  # the city, not only the province of the same name
        ("吉林省长春市", "吉林", "长春市"),
        ("海南藏族自治州", "青海", "海南藏族自治州"),  # a prefecture of 青海, not 海南省
        ("海南", "海南", ""),
    ],
)
def test_the_longer_place_name_wins(text, province, city):
    place = read_region(text)
    assert (place.province.short_name, place.city) == (province, city)


@pytest.mark.parametrize("text", ["全国范围内", "国家级", "全国各地"])
def test_more_ways_of_saying_the_whole_country(text):
    assert read_region(text).national


@pytest.mark.parametrize("text", ["多地", "不详", "未知"])
def test_a_region_the_source_does_not_give_is_kept_unknown(text):
    place = read_region(text)
    assert (place.province, place.national) == (None, False)
