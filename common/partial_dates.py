"""Partial dates: a `DateField` holding the first day of a period plus a precision.

"2021" is stored as (2021-01-01, YEAR), "April 2021" as (2021-04-01, MONTH) and
"30 April 2021" as (2021-04-30, DAY). Dates are never kept as strings.
"""

import calendar
import datetime
import re

from django.db import models
from django.db.models import Q


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


_PARTIAL_DATE_RE = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$")


def parse_partial_date(value):
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD" into (first day, precision).

    Raises ValueError naming the value when it is not one of those forms or is not
    a real date (e.g. "2021-02-30").
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
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
