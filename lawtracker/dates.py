"""Dates as the review prints them, known to the day, the month or only the year."""

import calendar
import datetime
import math
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lawtracker.text import folded, without_spaces


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


@dataclass(frozen=True)
class PartialDate:
    """A date and how precisely it is known; a month or a year sits on its first day."""

    value: datetime.date
    precision: str
    note: str = ""

    def __str__(self) -> str:
        return format_partial_date(self.value, self.precision)

    @property
    def last_day(self) -> datetime.date:
        return period_end(self.value, self.precision)


def period_end(value: datetime.date, precision: str) -> datetime.date:
    """The last day a date known to this precision may be: 2020.08 → 2020-08-31."""
    if precision == Precision.YEAR:
        return datetime.date(value.year, 12, 31)
    if precision == Precision.MONTH:
        return datetime.date(
            value.year, value.month, calendar.monthrange(value.year, value.month)[1]
        )
    return value


# What the review and the spreadsheets write in a cell that has no date yet.
NO_DATE = {"", "-", "--", "—", "——", "―", "――", "/", "无"}

# 2020.10.21 · 2020.9.12 · 2020.08 · 2021-08-20 · 2021/8/20 · 2020: one separator throughout.
NUMERIC = re.compile(
    r"(?P<year>\d{4})(?:(?P<sep>[./-])(?P<month>\d{1,2})(?:(?P=sep)(?P<day>\d{1,2}))?)?"
)
# 2020年8月20日 · 2020年11月 · 2020年
CHINESE = re.compile(r"(?P<year>\d{4})年(?:(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})[日号]?)?)?")
# 20200820 · 202008: the digits alone, as some systems export them.
DIGITS_ONLY = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<month>0[1-9]|1[0-2])(?P<day>[0-3]\d)?")
# What follows the date: a word such as 修订 or 修正, bracketed or not.
NOTE = re.compile(r"[(\[【]?(?P<note>[\u4e00-\u9fff]*)[)\]】]?")
# str() of a spreadsheet datetime cell: the time of day says nothing about the date.
TIME_OF_DAY = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")

# Excel's 1900 date system counts 1900-02-29, a day that never was, as serial 60.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_LEAP_BUG = 60


def parse_partial_date(raw: object) -> PartialDate | None:
    """A cell's date and precision; None when it says there is none, ValueError if unreadable."""
    if raw is None:
        return None
    if isinstance(raw, datetime.datetime):
        return PartialDate(raw.date(), Precision.DAY)
    if isinstance(raw, datetime.date):
        return PartialDate(raw, Precision.DAY)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return PartialDate(excel_serial_date(raw), Precision.DAY)
    if not isinstance(raw, str):
        raise ValueError(gettext("Cannot read “%(text)s” as a date.") % {"text": raw})

    # NFKC folds full-width digits, dots and slashes and the ideographic space.
    text = TIME_OF_DAY.sub("", folded(raw).strip())
    compact = without_spaces(text)
    if compact in NO_DATE:
        return None
    for pattern in (DIGITS_ONLY, CHINESE, NUMERIC):
        match = pattern.fullmatch(compact) if pattern is DIGITS_ONLY else pattern.match(compact)
        note = NOTE.fullmatch(compact, match.end()) if match else None
        if note:
            break
    else:
        raise ValueError(
            gettext(
                "Cannot read “%(text)s” as a date: write it as 2021.08.20, 2021-08-20 or "
                "2021年8月20日, 2021.08 for a month, 2021 for a year, -- for none."
            )
            % {"text": raw.strip()}
        )

    year, month, day = match["year"], match["month"], match["day"]
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    try:
        value = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(
            gettext("“%(text)s” is not a real date.") % {"text": raw.strip()}
        ) from None
    return PartialDate(value, precision, note["note"])


def excel_serial_date(serial: int | float) -> datetime.date:
    """The day an Excel (1900 date system) serial number stands for; the time is dropped."""
    finite = not isinstance(serial, float) or math.isfinite(serial)
    if not finite or serial < 1 or int(serial) == EXCEL_LEAP_BUG:
        raise ValueError(
            gettext("%(value)s is not an Excel date serial number.") % {"value": serial}
        )
    days = int(serial)
    # Serials before the phantom 1900-02-29 are one day ahead of the real calendar.
    if days < EXCEL_LEAP_BUG:
        days += 1
    try:
        return EXCEL_EPOCH + datetime.timedelta(days=days)
    except OverflowError:
        raise ValueError(
            gettext("%(value)s is not an Excel date serial number.") % {"value": serial}
        ) from None


def format_partial_date(value: datetime.date, precision: str) -> str:
    """A date as precisely as it is known, in the review's style: 2020.10.21, 2020.08, 2020."""
    if precision == Precision.DAY:
        return f"{value.year:04d}.{value.month:02d}.{value.day:02d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}.{value.month:02d}"
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    raise ValueError(gettext("Unknown date precision “%(precision)s”.") % {"precision": precision})
