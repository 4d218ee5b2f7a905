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
import functools
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, IntegerField, Q
from django.db.models.lookups import Exact
from django.utils.deconstruct import deconstructible


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


def _partial_date_form(*, bounded):
    """What parse_partial_date(value, bounded=...) accepts once the value is stripped, as one
    regular expression (for OpenAPI `pattern`s): a year (MIN_YEAR..MAX_YEAR, or 0001-9999 when not
    bounded), a month, and a day that month has (29 February in leap years only).
    tests/test_partial_dates.py checks that the two agree."""
    assert (MIN_YEAR, MAX_YEAR) == (1000, 2999), "the bounded patterns below spell these years"
    if bounded:
        year = r"[12][0-9]{3}"
        centuries = r"(?:1[26]|2[048])00"  # 1200, 1600, 2000, 2400, 2800
        decades = r"[12][0-9]"
    else:
        year = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"  # no year 0
        centuries = r"(?:0[48]|[2468][048]|[13579][26])00"
        decades = r"[0-9]{2}"
    # Divisible by 4 and not by 100, or by 400.
    leap_year = rf"(?:{decades}(?:0[48]|[2468][048]|[13579][26])|{centuries})"
    month = r"(?:0[1-9]|1[0-2])"
    month_day = (
        r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
        r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    )
    return rf"(?:{year}(?:-{month})?|{year}-{month_day}|{leap_year}-02-29)"


# A search bound (any year) and a stored date (MIN_YEAR..MAX_YEAR).
PARTIAL_DATE_FORM = _partial_date_form(bounded=False)
RECORD_DATE_FORM = _partial_date_form(bounded=True)


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


def format_partial_date(date, precision, about=False):
    """Human form: "2021", "April 2021" or "30 April 2021" ("about 30 April 2021" when the date is
    uncertain); "" for no date."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        words = str(date.year)
    elif precision == DatePrecision.MONTH:
        words = f"{calendar.month_name[date.month]} {date.year}"
    else:
        words = f"{date.day} {calendar.month_name[date.month]} {date.year}"
    return f"about {words}" if about else words


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


# -- Dates as editors write them --------------------------------------------------------------

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ABOUT_RE = re.compile(r"^(?:about|approximately|approx\.?|circa|ca\.?|c\.|~)\s*", re.IGNORECASE)
_WRITTEN_FORMS = [
    # (pattern, precision); named groups year, month (a number or a name), day.
    (re.compile(r"^(?P<year>\d{4})$"), DatePrecision.YEAR),
    (re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"), DatePrecision.MONTH),
    (re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"), DatePrecision.DAY),
    (re.compile(r"^(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})$"), DatePrecision.MONTH),
    (
        re.compile(r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})$"),
        DatePrecision.DAY,
    ),
    (
        re.compile(r"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$"),
        DatePrecision.DAY,
    ),
    (re.compile(r"^(?P<month>\d{1,2})[/.](?P<year>\d{4})$"), DatePrecision.MONTH),
    (re.compile(r"^(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4})$"), DatePrecision.DAY),
]
WRITTEN_FORMS_HINT = (
    'A year ("2021"), a month ("April 2021", "04/2021", "2021-04") or a day ("30 April 2021", '
    '"30/04/2021", "2021-04-30")'
)
ABOUT_HINT = '; start with "about" when the date is uncertain ("about 30 April 2021")'


def parse_written_date(text):
    """Read a date as an editor writes it: (first day, precision, about).

    "2021", "April 2021", "Apr 2021", "04/2021", "2021-04", "30 April 2021", "April 30, 2021",
    "30/04/2021" (day first), "30.04.2021" or "2021-04-30"; the precision is the one written.
    A leading "about" (or "c.", "circa", "~") marks the date uncertain. Raises ValueError with
    a message for the editor.
    """
    words = " ".join(str(text).split())
    about = bool(_ABOUT_RE.match(words))
    rest = _ABOUT_RE.sub("", words, count=1).strip().lower()
    for pattern, precision in _WRITTEN_FORMS:
        match = pattern.match(rest)
        if match is None:
            continue
        parts = match.groupdict()
        month = parts.get("month") or "1"
        month = int(month) if month.isdigit() else _MONTHS.get(month)
        if month is None:
            raise ValueError(f"“{parts['month']}” is not the name of a month.")
        try:
            day = datetime.date(int(parts["year"]), month, int(parts.get("day") or 1))
        except ValueError:
            raise ValueError(f"“{words}” is not a real date.") from None
        if not EARLIEST <= day <= LATEST:
            raise ValueError(out_of_range_message(day))
        return day, precision, about
    raise ValueError(f"“{words}” is not a date the register reads. {WRITTEN_FORMS_HINT}.")


# -- The database's rule: a period is stored as its first day ----------------------------------


class _DatePart(Func):
    """A part of a date as a number, in SQL each database knows without the app's own functions
    (a backup is checked by a bare sqlite3, which must be able to read the check constraints)."""

    output_field = IntegerField()
    arity = 1
    part = None  # EXTRACT's field name
    sqlite_format = None  # strftime's

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"EXTRACT({self.part} FROM {sql})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(strftime(%s, {sql}) AS INTEGER)", (self.sqlite_format, *params)


@deconstructible(path="common.partial_dates.DayOfMonth")
class DayOfMonth(_DatePart):
    part, sqlite_format = "DAY", "%d"


@deconstructible(path="common.partial_dates.MonthOfYear")
class MonthOfYear(_DatePart):
    part, sqlite_format = "MONTH", "%m"


def normalised_condition(prefix):
    """The condition that `<prefix>_date` is the first day of its `<prefix>_precision` period."""
    date_field, precision_field = f"{prefix}_date", f"{prefix}_precision"
    first_of_month = Exact(DayOfMonth(date_field), 1)
    return (
        Q(**{f"{date_field}__isnull": True})
        | Q(**{precision_field: DatePrecision.DAY})
        | Q(first_of_month, **{precision_field: DatePrecision.MONTH})
        | Q(first_of_month, Exact(MonthOfYear(date_field), 1), **{precision_field: DatePrecision.YEAR})
    )


def normalised_constraint(model_name, prefix):
    """A CheckConstraint: the `<prefix>` date is stored as the first day of its period (month
    precision: day 1; year precision: 1 January)."""
    return models.CheckConstraint(
        condition=normalised_condition(prefix),
        name=f"{model_name}_{prefix}_first_day_of_period",
        violation_error_message=f"{prefix.replace('_', ' ').capitalize()} date: a date known only to the "
        "month or year is stored as the first day of that month or year.",
    )


def first_days_of_periods(app_label, model_name, prefixes):
    """A data migration's forward function: rows written before the first-day rule get their
    month- or year-precision dates moved to the period's first day (a month-precision 2022-05-15
    was missed by date filters). One function for every model with partial dates."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for prefix in prefixes:
            date_name, precision_name = f"{prefix}_date", f"{prefix}_precision"
            wrong = model.objects.exclude(normalised_condition(prefix)).only(date_name, precision_name)
            rows = list(wrong.iterator(chunk_size=2000))
            for row in rows:
                setattr(row, date_name, truncate(getattr(row, date_name), getattr(row, precision_name)))
            model.objects.bulk_update(rows, [date_name], batch_size=500)

    return forwards


@functools.cache
def date_pairs(model):
    """The partial dates of `model`: (prefix, date field, precision field or None, about field or
    None) for each `<prefix>_date` + `<prefix>_precision` pair, and each date field with an
    `<name>_about` flag but no precision (a stop's day)."""
    names = [f.name for f in model._meta.concrete_fields]
    pairs = []
    for name in names:
        if name.endswith("_precision") and f"{name[: -len('_precision')]}_date" in names:
            prefix = name[: -len("_precision")]
            about = f"{prefix}_about" if f"{prefix}_about" in names else None
            pairs.append((prefix, f"{prefix}_date", name, about))
        elif name.endswith("_about"):
            date_name = name[: -len("_about")]
            if date_name in names and isinstance(model._meta.get_field(date_name), models.DateField):
                pairs.append((date_name, date_name, None, name))
    return tuple(pairs)
