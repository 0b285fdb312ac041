"""Reading the cells of a row: each reader records its problems by column, so that a row
reports all of them at once (`RowError`), never only the first."""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from lawtracker import public_ids
from lawtracker.dates import PartialDate, format_partial_date, parse_partial_date
from lawtracker.imports.files import clean_text, normalise_header
from lawtracker.languages import spellings

Errors = dict[str, list[str]]

# The longest text a date column may hold: a date, perhaps with a word (修订) after it.
DATE_TEXT_MAX = 50
URL_MAX = 500


class RowError(Exception):
    """Problems found in one row, by column."""

    def __init__(self, errors: Errors):
        super().__init__(errors)
        self.errors = errors


def add_error(errors: Errors, column: str, reason: str) -> None:
    errors.setdefault(column, []).append(reason)


def add_errors(errors: Errors, more: Errors) -> None:
    """Add problems by column, each reason once."""
    for column, reasons in more.items():
        listed = errors.setdefault(column, [])
        listed += [reason for reason in reasons if reason not in listed]


def check_length(errors: Errors, column: str, text: str, limit: int) -> bool:
    """Record against `column` a text longer than `limit`; whether it fits."""
    if len(text) <= limit:
        return True
    add_error(
        errors,
        column,
        _("is %(length)d characters long; at most %(max)d are allowed")
        % {"length": len(text), "max": limit},
    )
    return False


def check_names(errors: Errors, column: str, names: Iterable[str], limit: int) -> None:
    """Record against `column` each body a cell names that is longer than `limit`."""
    for name in names:
        if len(name) > limit:
            add_error(
                errors,
                column,
                _("names a body %(length)d characters long; at most %(max)d are allowed")
                % {"length": len(name), "max": limit},
            )


def require(errors: Errors, row: dict[str, Any], column: str, max_length: int) -> str:
    """A text that must be given, at most `max_length` characters."""
    text = clean_text(row.get(column))
    if not text:
        add_error(errors, column, _("must not be empty"))
    else:
        check_length(errors, column, text, max_length)
    return text


def date_cell(value: Any) -> tuple[str, PartialDate | None]:
    """A date cell as (its text as shown, the date it means). Excel keeps a typed "2020.10"
    as the number 2020.1, so a number is a date only when it is a whole number: a year
    (1900–2100), its digits (202108, 20210820) or an Excel serial date. Raises ValueError
    for any other number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = clean_text(value)
        if isinstance(value, datetime.date):
            parsed = parse_partial_date(value)
            return format_partial_date(parsed.value, parsed.precision), parsed
        return text, parse_partial_date(text)
    if value != int(value):
        raise ValueError(
            _(
                "%s is a number, not a date: type the date as text (2020.10) "
                "or format the cell as a date"
            )
            % value
        )
    if 1900 <= value <= 2100 or 190001 <= value <= 210012 or 19000101 <= value <= 21001231:
        parsed = parse_partial_date(str(int(value)))  # a year, 202108 or 20210820
    else:
        parsed = parse_partial_date(int(value))
    return format_partial_date(parsed.value, parsed.precision), parsed


def read_date(
    errors: Errors, row: dict[str, Any], column: str, *, required: bool = False
) -> tuple[str, PartialDate | None]:
    """A date column as (text as given, date with precision), problems recorded."""
    # Measured before it is read, so that a long cell is not echoed whole in a reason.
    given = row.get(column)
    if isinstance(given, str) and not check_length(
        errors, column, clean_text(given), DATE_TEXT_MAX
    ):
        return clean_text(given)[:DATE_TEXT_MAX], None
    try:
        text, parsed = date_cell(given)
    except ValueError as error:
        add_error(errors, column, str(error))
        return clean_text(given), None
    if parsed is None and required:
        add_error(errors, column, _("a date is required"))
    return text, parsed


def read_url(errors: Errors, row: dict[str, Any], column: str) -> str:
    """A source link: empty, or an http(s) address (never javascript: and the like)."""
    url = clean_text(row.get(column))
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            add_error(errors, column, _("“%s” is not a web address") % url)
        check_length(errors, column, url, URL_MAX)
    return url


def read_public_id(errors: Errors, row: dict[str, Any], column: str) -> str | None:
    """A tracker ID (LT-C-2020-0112, however typed): None when the cell is empty."""
    text = clean_text(row.get(column))
    if not text:
        return None
    if (found := public_ids.normalised(text)) is None:
        add_error(errors, column, _("“%s” is not a tracker ID (such as LT-C-2020-0112)") % text)
    return found


def collect(errors: Errors, column: str, call: Callable[..., Any], *args: Any) -> Any:
    """Run a parser, recording its ValueError against `column` instead of raising."""
    try:
        return call(*args)
    except ValueError as error:
        add_error(errors, column, str(error))
        return None


# Each list of choices' spellings, read once a process (by its codes and labels as read).
_CHOICE_NAMES: dict[tuple, list[tuple[str, set[str]]]] = {}


def choice_names(choices: list[tuple[str, Any]]) -> list[tuple[str, set[str]]]:
    """Each choice's code with the ways a cell may name it (as normalise_header reads
    them): its code, its label in either language, both labels together (警告 · Warning)."""
    key = tuple((code, str(label)) for code, label in choices)
    if key not in _CHOICE_NAMES:
        named = []
        for code, label in choices:
            labels = spellings(label)
            names = {code, *labels} | {
                f"{one}{between}{other}"
                for one in labels
                for other in labels
                for between in ("·", "/", "")
            }
            named.append((code, {normalise_header(name) for name in names}))
        _CHOICE_NAMES[key] = named
    return _CHOICE_NAMES[key]


def choice_from_text(
    text: str, choices: Iterable[tuple[str, str]], extra: dict[str, str] | None = None
) -> str:
    """A choice code from its code, its label in either language (or both, "警告 ·
    Warning"), or an extra alias."""
    wanted = normalise_header(text)
    choices = list(choices)
    for code, names in choice_names(choices):
        if wanted in names:
            return code
    for alias, code in (extra or {}).items():
        if wanted == normalise_header(alias):
            return code
    labels = "、".join(str(label) for _code, label in choices)  # in the file's language
    raise ValueError(
        _("“%(text)s” is not one of the allowed values: %(allowed)s")
        % {"text": text, "allowed": labels}
    )
