from decimal import Decimal

import pytest

from lawtracker.numbers import parse_amount, parse_chinese_number

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    "text, value",
    [
        ("614", "614"),
        ("5287.68", "5287.68"),
        ("50,000", "50000"),
        ("1,234,567.89", "1234567.89"),
        ("５２８７．６８", "5287.68"),
        ("５０，０００", "50000"),
        (" 5 287 ", "5287"),
    ],
)
def test_arabic_number_is_read_exactly(text, value):
    assert parse_chinese_number(text) == Decimal(value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("五", 5),
        ("十五", 15),
        ("二十万", 200_000),
        ("七万五千", 75_000),
        ("一百一十", 110),
        ("一千零五", 1005),
        ("两万", 20_000),
        ("百万", 1_000_000),
        ("三亿五千万", 350_000_000),
        ("一万亿", 10**12),
        ("零", 0),
        ("〇", 0),
    ],
)
def test_chinese_numerals_are_read(text, value):
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("伍万", 50_000),
        ("贰拾万", 200_000),
        ("壹拾伍万", 150_000),
        ("叁仟", 3000),
        ("伍萬", 50_000),
    ],
)
def test_financial_numerals_are_read(text, value):
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("5 千", "5000"),
        ("1 万 5 千", "15000"),
        ("1.5 万", "15000"),
        ("100万", "1000000"),
        ("3.5亿", "350000000"),
        ("1,000万", "10000000"),
        ("２０ 万", "200000"),
    ],
)
def test_arabic_digits_with_chinese_units_are_read(text, value):
    assert parse_chinese_number(text) == Decimal(value)


@pytest.mark.parametrize("text, value", [("七万五", 75_000), ("三千五", 3500), ("1万5", 15_000)])
def test_lone_digit_after_a_unit_counts_the_next_unit_down(text, value):
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "万",
        "五五",
        "五零",
        "一万二万",
        "三百五千",
        "一亿万",
        "1,5",
        "1,0000",
        "5.",
        ".5",
        "-5",
        "1.5万元",
        "约5万",
    ],
)
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError, match=f"Cannot read “{text.strip()}” as a number"):
        parse_chinese_number(text)


@pytest.mark.parametrize(
    "text, amount",
    [
        ("5 千元", "5000.00"),
        ("1 万 5 千元", "15000.00"),
        ("1.5 万元", "15000.00"),
        ("七万五千元", "75000.00"),
        ("100万元", "1000000.00"),
        ("人民币5万元", "50000.00"),
        ("50,000元", "50000.00"),
        ("伍万元", "50000.00"),
        ("5287.68 元", "5287.68"),
        ("614", "614.00"),
        ("3.5 万", "35000.00"),
        ("¥1,234.56", "1234.56"),
        ("5万元整", "50000.00"),
    ],
)
def test_amount_is_read_to_the_fen(text, amount):
    parsed = parse_amount(text)
    assert parsed == Decimal(amount)
    assert parsed.as_tuple().exponent == -2


def test_amount_beyond_the_fen_is_rounded_half_up():
    assert parse_amount("0.125元") == Decimal("0.13")


@pytest.mark.parametrize("cell, amount", [(5000, "5000.00"), (5287.68, "5287.68")])
def test_numeric_spreadsheet_cell_is_read_as_an_amount(cell, amount):
    assert parse_amount(cell) == Decimal(amount)


@pytest.mark.parametrize(
    "text", [None, "", "  ", "未公开", "金额未公开", "不详", "金额不详", "未披露", "--", "—"]
)
def test_amount_said_to_be_unknown_is_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["元", "人民币", "abc元", "五五元", "罚款5万元", "-5元"])
def test_unreadable_amount_is_refused_naming_the_text(text):
    with pytest.raises(ValueError, match=f"Cannot read “{text}” as an amount of money"):
        parse_amount(text)
