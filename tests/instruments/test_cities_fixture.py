"""The cities reference data (fixtures/cities.json) places a city in its province.

Every prefecture-level division (地级市, 地区, 自治州, 盟) and every county-level city
(县级市) of the 31 mainland provincial-level divisions, as of 2024; no districts,
counties, or cities of Hong Kong, Macao or Taiwan.
"""

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[2] / "fixtures"
CITIES = json.loads((FIXTURES / "cities.json").read_text(encoding="utf-8"))
REGIONS = json.loads((FIXTURES / "regions.json").read_text(encoding="utf-8"))

NOT_A_CITY_PROVINCE = {"110000", "120000", "310000", "500000", "710000", "810000", "820000"}


def by_short_name(short_name: str) -> list[dict]:
    return [city for city in CITIES if city["short_name"] == short_name]


def test_every_city_has_a_name_a_short_name_a_province_and_a_level():
    for city in CITIES:
        assert set(city) == {"name", "short_name", "province", "level"}, city
        assert city["level"] in {"prefecture", "county"}, city
        assert city["name"] and city["short_name"], city


def test_every_province_code_is_one_of_the_regions_but_no_municipality_or_sar_or_taiwan():
    region_codes = {region["code"] for region in REGIONS}
    for city in CITIES:
        assert city["province"] in region_codes, city
        assert city["province"] not in NOT_A_CITY_PROVINCE, city


def test_each_of_the_27_provinces_and_autonomous_regions_has_cities():
    provinces = {r["code"] for r in REGIONS if r["kind"] in {"province", "autonomous_region"}}
    assert {city["province"] for city in CITIES} == provinces - {"710000"}


def test_names_are_unique_within_a_province():
    names = Counter((city["province"], city["name"]) for city in CITIES)
    assert [key for key, count in names.items() if count > 1] == []


def test_no_district_or_county_is_listed_only_shi_diqu_zizhizhou_and_meng():
    for city in CITIES:
        assert city["name"].endswith(("市", "地区", "自治州", "盟")), city


def test_a_county_level_city_is_always_a_shi():
    for city in CITIES:
        if city["level"] == "county":
            assert city["name"].endswith("市"), city


def test_the_prefecture_level_total_is_333():
    assert sum(city["level"] == "prefecture" for city in CITIES) == 333


def test_the_prefecture_level_divisions_are_293_cities_7_prefectures_30_autonomous_prefectures_and_3_leagues():
    def kind(name: str) -> str:
        for suffix in ("自治州", "地区", "盟", "市"):
            if name.endswith(suffix):
                return suffix
        return name

    kinds = Counter(kind(c["name"]) for c in CITIES if c["level"] == "prefecture")
    assert kinds == {"市": 293, "地区": 7, "自治州": 30, "盟": 3}


def test_the_county_level_city_total_is_397():
    assert sum(city["level"] == "county" for city in CITIES) == 397


def test_a_shi_short_name_drops_the_shi_unless_one_character_would_remain():
    for city in CITIES:
        name = city["name"]
        if name.endswith("市"):
            expected = name if len(name) == 2 else name[:-1]
            assert city["short_name"] == expected, city
    assert by_short_name("芒市")[0]["name"] == "芒市"
    assert by_short_name("津市")[0]["name"] == "津市市"


def test_a_prefecture_or_league_short_name_drops_diqu_or_meng():
    assert by_short_name("阿里")[0]["name"] == "阿里地区"
    assert by_short_name("大兴安岭")[0]["name"] == "大兴安岭地区"
    assert by_short_name("锡林郭勒")[0]["name"] == "锡林郭勒盟"
    assert by_short_name("兴安")[0]["name"] == "兴安盟"
    assert by_short_name("阿拉善")[0]["name"] == "阿拉善盟"


def test_an_autonomous_prefecture_short_name_is_its_place_name():
    for city in CITIES:
        if city["name"].endswith("自治州"):
            assert city["name"].startswith(city["short_name"]), city
            assert "族" not in city["short_name"], city
    assert {c["short_name"]: c["name"] for c in CITIES if c["name"].endswith("自治州")} == {
        "延边": "延边朝鲜族自治州",
        "恩施": "恩施土家族苗族自治州",
        "湘西": "湘西土家族苗族自治州",
        "阿坝": "阿坝藏族羌族自治州",
        "甘孜": "甘孜藏族自治州",
        "凉山": "凉山彝族自治州",
        "黔西南": "黔西南布依族苗族自治州",
        "黔东南": "黔东南苗族侗族自治州",
        "黔南": "黔南布依族苗族自治州",
        "楚雄": "楚雄彝族自治州",
        "红河": "红河哈尼族彝族自治州",
        "文山": "文山壮族苗族自治州",
        "西双版纳": "西双版纳傣族自治州",
        "大理": "大理白族自治州",
        "德宏": "德宏傣族景颇族自治州",
        "怒江": "怒江傈僳族自治州",
        "迪庆": "迪庆藏族自治州",
        "临夏": "临夏回族自治州",
        "甘南": "甘南藏族自治州",
        "海北": "海北藏族自治州",
        "黄南": "黄南藏族自治州",
        "海南": "海南藏族自治州",
        "果洛": "果洛藏族自治州",
        "玉树": "玉树藏族自治州",
        "海西": "海西蒙古族藏族自治州",
        "昌吉": "昌吉回族自治州",
        "博尔塔拉": "博尔塔拉蒙古自治州",
        "巴音郭楞": "巴音郭楞蒙古自治州",
        "克孜勒苏": "克孜勒苏柯尔克孜自治州",
        "伊犁": "伊犁哈萨克自治州",
    }


def test_no_short_name_occurs_in_two_provinces():
    provinces = defaultdict(set)
    for city in CITIES:
        provinces[city["short_name"]].add(city["province"])
    assert {name for name, codes in provinces.items() if len(codes) > 1} == set()


def test_a_few_short_names_are_both_a_prefecture_and_its_seat_in_the_same_province():
    counts = Counter((city["short_name"], city["province"]) for city in CITIES)
    assert {key for key, count in counts.items() if count > 1} == {
        ("恩施", "420000"),
        ("大理", "530000"),
        ("楚雄", "530000"),
        ("文山", "530000"),
        ("临夏", "620000"),
        ("玉树", "630000"),
        ("昌吉", "650000"),
        ("阿克苏", "650000"),
        ("喀什", "650000"),
        ("和田", "650000"),
        ("塔城", "650000"),
        ("阿勒泰", "650000"),
    }
    for short_name, _ in counts:
        assert len({c["province"] for c in by_short_name(short_name)}) == 1


def test_short_names_that_equal_a_provincial_short_name_are_jilin_and_hainan():
    provincial = {region["short_name"] for region in REGIONS}
    assert {
        (city["short_name"], city["name"], city["province"])
        for city in CITIES
        if city["short_name"] in provincial
    } == {("吉林", "吉林市", "220000"), ("海南", "海南藏族自治州", "630000")}


def test_county_level_cities_administered_directly_by_a_province_are_included():
    direct = {
        "济源": "410000",
        "仙桃": "420000",
        "潜江": "420000",
        "天门": "420000",
        "五指山": "460000",
        "琼海": "460000",
        "文昌": "460000",
        "万宁": "460000",
        "东方": "460000",
        "石河子": "650000",
        "阿拉尔": "650000",
        "图木舒克": "650000",
        "五家渠": "650000",
        "北屯": "650000",
        "铁门关": "650000",
        "双河": "650000",
        "可克达拉": "650000",
        "昆玉": "650000",
        "胡杨河": "650000",
        "新星": "650000",
        "白杨": "650000",
    }
    for short_name, province in direct.items():
        assert [(c["province"], c["level"]) for c in by_short_name(short_name)] == [
            (province, "county")
        ], short_name


def test_prefecture_level_cities_without_counties_are_prefecture_level():
    for short_name in ("东莞", "中山", "儋州", "嘉峪关", "三沙"):
        assert [c["level"] for c in by_short_name(short_name)] == ["prefecture"], short_name


@pytest.mark.parametrize(
    "short_name, province, level",
    [
        ("深圳", "440000", "prefecture"),
        ("南宁", "450000", "prefecture"),
        ("瑞安", "330000", "county"),
        ("三河", "130000", "county"),
        ("原平", "140000", "county"),
        ("肥城", "370000", "county"),
        ("延边", "220000", "prefecture"),
        ("石河子", "650000", "county"),
        ("吉林", "220000", "prefecture"),
        ("海南", "630000", "prefecture"),
        ("龙港", "330000", "county"),
        ("阿里", "540000", "prefecture"),
    ],
)
def test_spot_checks_place_a_city_in_its_province(short_name, province, level):
    assert [(c["province"], c["level"]) for c in by_short_name(short_name)] == [(province, level)]
