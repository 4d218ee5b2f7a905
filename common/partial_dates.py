"""Partial dates: a `DateField` holding the first day of a period plus a precision.

"2021" is stored as (2021-01-01, YEAR), "April 2021" as (2021-04-01, MONTH) and
"30 April 2021" as (2021-04-30, DAY). Dates are never kept as strings.

Every date the register stores lies in the years MIN_YEAR..MAX_YEAR (1000-2999): the parser
refuses others and every stored date field validates it (`validate_record_date`), so a page
or feed that computes the end of a period or the day after never leaves Python's date range
(year 1-9999). The code that does such arithmetic still stays safe at the range's ends
(`day_after`), for rows written before the bound existed.
"""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


# The years a record's dates may have: the register's sources start in the 18th century; the
# margins leave room for history and plans without coming near Python's year 9999.
MIN_YEAR = 1000
MAX_YEAR = 2999
EARLIEST = datetime.date(MIN_YEAR, 1, 1)
LATEST = datetime.date(MAX_YEAR, 12, 31)


def out_of_range_message(day):
    return f"{day.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR} that the register records."


def validate_record_date(value):
    """Validator of every stored date field: the date lies in MIN_YEAR..MAX_YEAR."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(out_of_range_message(value), code="date_out_of_range")


def day_after(day):
    """The day after `day`, or None after the last day Python can hold (9999-12-31)."""
    return None if day >= datetime.date.max else day + datetime.timedelta(days=1)


_PARTIAL_DATE_RE = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$")


def parse_partial_date(value, *, bounded=True):
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD" into (first day, precision).

    Raises ValueError naming the value when it is not one of those forms, is not a real date
    (e.g. "2021-02-30") or, unless `bounded=False` (a search bound, not a stored date), lies
    outside the years MIN_YEAR..MAX_YEAR.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if bounded and not EARLIEST <= value <= LATEST:
            raise ValueError(f"{value!r}: {out_of_range_message(value)}")
        return value, DatePrecision.DAY
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    match = _PARTIAL_DATE_RE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    try:
        first_day = datetime.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None
    if bounded and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{value!r}: {out_of_range_message(first_day)}")
    if match["day"]:
        return first_day, DatePrecision.DAY
    if match["month"]:
        return first_day, DatePrecision.MONTH
    return first_day, DatePrecision.YEAR


def truncate(date, precision):
    """The first day of the period of `precision` that contains `date`."""
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1)
    return date


def last_day(date, precision):
    """The last day of the period that starts on `date` with `precision`."""
    if precision == DatePrecision.YEAR:
        return date.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date


def format_partial_date(date, precision):
    """Human form: "2021", "April 2021" or "30 April 2021"; "" for no date."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return f"{calendar.month_name[date.month]} {date.year}"
    return f"{date.day} {calendar.month_name[date.month]} {date.year}"


def iso_partial_date(date, precision):
    """Machine form: "2021", "2021-04" or "2021-04-30"; "" for no date."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def period_ends_on_or_after(prefix, day):
    """Q for rows whose `<prefix>_date` period (with `<prefix>_precision`) ends on or after `day`.

    A period ends on or after `day` exactly when its first day is on or after `day`
    truncated to the period's precision, which keeps the test in SQL.
    """
    date_field, precision_field = f"{prefix}_date", f"{prefix}_precision"
    return (
        Q(**{precision_field: DatePrecision.DAY, f"{date_field}__gte": day})
        | Q(
            **{precision_field: DatePrecision.MONTH, f"{date_field}__gte": truncate(day, DatePrecision.MONTH)}
        )
        | Q(**{precision_field: DatePrecision.YEAR, f"{date_field}__gte": truncate(day, DatePrecision.YEAR)})
    )


def precision_field(**kwargs):
    return models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, **kwargs)
