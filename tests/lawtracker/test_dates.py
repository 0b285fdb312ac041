import datetime

import pytest

from lawtracker.dates import PartialDate, Precision, format_partial_date, parse_partial_date

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


@pytest.mark.parametrize(
    "raw, value, precision",
    [
        ("2020.10.21", D(2020, 10, 21), Precision.DAY),
        ("2020.9.12", D(2020, 9, 12), Precision.DAY),
        ("2020年8月20日", D(2020, 8, 20), Precision.DAY),
        ("2021年06月30日", D(2021, 6, 30), Precision.DAY),
        ("2020 年 8 月 20 日", D(2020, 8, 20), Precision.DAY),
        ("2021-08-20", D(2021, 8, 20), Precision.DAY),
        ("2021/8/20", D(2021, 8, 20), Precision.DAY),
        ("2021-08-20 00:00:00", D(2021, 8, 20), Precision.DAY),
    ],
)
def test_full_date_is_read_to_the_day(raw, value, precision):
    assert parse_partial_date(raw) == PartialDate(value, precision)


@pytest.mark.parametrize("raw", ["2020.08", "2020 年 8 月", "2020年8月", "2020-08", "2020/8"])
def test_month_only_date_keeps_month_precision(raw):
    assert parse_partial_date(raw) == PartialDate(D(2020, 8, 1), Precision.MONTH)


@pytest.mark.parametrize("raw", ["2020", "2020年", "2020 年"])
def test_year_only_date_keeps_year_precision(raw):
    assert parse_partial_date(raw) == PartialDate(D(2020, 1, 1), Precision.YEAR)


@pytest.mark.parametrize(
    "raw, note",
    [("2020.11.03 修订", "修订"), ("2020.11.03修正", "修正"), ("2020.11.03（修订）", "修订")],
)
def test_word_after_the_date_becomes_its_note(raw, note):
    assert parse_partial_date(raw) == PartialDate(D(2020, 11, 3), Precision.DAY, note)


@pytest.mark.parametrize(
    "raw",
    [
        "２０２０．１０．２１",
        "２０２０年１０月２１日",
        "\u30002020.10.21\u3000",
        "  2020.10.21\n",
        "2020\u3000年\u300010\u3000月\u300021\u3000日",
    ],
)
def test_full_width_digits_and_spaces_are_read_like_ascii(raw):
    assert parse_partial_date(raw) == PartialDate(D(2020, 10, 21), Precision.DAY)


@pytest.mark.parametrize("raw", [None, "", "  ", "--", "-", "—", "——", "/", "无", "－－"])
def test_placeholder_for_no_date_gives_none(raw):
    assert parse_partial_date(raw) is None


def test_date_cell_is_read_to_the_day():
    assert parse_partial_date(D(2021, 8, 20)) == PartialDate(D(2021, 8, 20), Precision.DAY)


def test_datetime_cell_drops_the_time_of_day():
    parsed = parse_partial_date(datetime.datetime(2021, 8, 20, 23, 59))
    assert parsed == PartialDate(D(2021, 8, 20), Precision.DAY)
    assert type(parsed.value) is datetime.date


@pytest.mark.parametrize(
    "serial, value",
    [
        (44428, D(2021, 8, 20)),
        (44428.75, D(2021, 8, 20)),
        (43831, D(2020, 1, 1)),
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
    ],
)
def test_excel_serial_number_is_read_in_the_1900_date_system(serial, value):
    assert parse_partial_date(serial) == PartialDate(value, Precision.DAY)


@pytest.mark.parametrize(
    "raw",
    [
        "2020.02.30",
        "2020.13",
        "2021-02-29",
        "2020年13月",
        "2020年2月30日",
        "0000.01.01",
    ],
)
def test_impossible_date_is_refused_naming_the_text(raw):
    with pytest.raises(ValueError, match=f"“{raw}” is not a real date"):
        parse_partial_date(raw)


@pytest.mark.parametrize(
    "raw",
    ["garbage", "2020.10-21", "2020102", "10.21", "2020.10.21.5", "2020.10.21 abc", "二〇二〇年"],
)
def test_unreadable_text_is_refused_naming_the_text(raw):
    with pytest.raises(ValueError, match=f"Cannot read “{raw}” as a date"):
        parse_partial_date(raw)


@pytest.mark.parametrize("serial", [0, -5, 60, 0.5, float("nan"), float("inf"), 10**9])
def test_impossible_excel_serial_is_refused(serial):
    with pytest.raises(ValueError, match="not an Excel date serial number"):
        parse_partial_date(serial)


@pytest.mark.parametrize("raw", [True, [2020, 1, 1]])
def test_value_of_another_type_is_refused(raw):
    with pytest.raises(ValueError, match="Cannot read"):
        parse_partial_date(raw)


@pytest.mark.parametrize(
    "value, precision, shown",
    [
        (D(2020, 10, 21), Precision.DAY, "2020.10.21"),
        (D(2020, 9, 2), Precision.DAY, "2020.09.02"),
        (D(2020, 8, 1), Precision.MONTH, "2020.08"),
        (D(2020, 1, 1), Precision.YEAR, "2020"),
        (D(2020, 8, 1), "month", "2020.08"),
    ],
)
def test_date_is_shown_as_precisely_as_it_is_known(value, precision, shown):
    assert format_partial_date(value, precision) == shown


def test_partial_date_prints_in_the_review_style():
    assert str(parse_partial_date("2020 年 11 月")) == "2020.11"


def test_unknown_precision_cannot_be_shown():
    with pytest.raises(ValueError, match="week"):
        format_partial_date(D(2020, 1, 1), "week")


@pytest.mark.parametrize(
    "raw", ["2020.10.21", "2020.08", "2020", "2020 年 11 月", "2020.11.03 修订", "2021/8/20"]
)
def test_formatted_date_reads_back_the_same(raw):
    parsed = parse_partial_date(raw)
    assert parse_partial_date(format_partial_date(parsed.value, parsed.precision)) == PartialDate(
        parsed.value, parsed.precision
    )


@pytest.mark.parametrize(
    "raw,value,precision",
    [
        ("20201021", datetime.date(2020, 10, 21), "day"),
        ("202010", datetime.date(2020, 10, 1), "month"),
    ],
)
def test_a_date_written_as_its_digits_alone_is_read(raw, value, precision):
    parsed = parse_partial_date(raw)
    assert (parsed.value, parsed.precision) == (value, precision)


def test_an_unreadable_date_says_which_forms_are_read():
    with pytest.raises(ValueError, match="write it as 2021.08.20, 2021-08-20 or 2021年8月20日"):
        parse_partial_date("8/20/2021")
