import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.partial_dates import (
    EARLIEST,
    LATEST,
    PARTIAL_DATE_FORM,
    DatePrecision,
    format_partial_date,
    iso_partial_date,
    last_day,
    parse_partial_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021", (datetime.date(2021, 1, 1), DatePrecision.YEAR)),
        ("2021-04", (datetime.date(2021, 4, 1), DatePrecision.MONTH)),
        ("2021-04-30", (datetime.date(2021, 4, 30), DatePrecision.DAY)),
        (2021, (datetime.date(2021, 1, 1), DatePrecision.YEAR)),
        (datetime.date(2021, 4, 30), (datetime.date(2021, 4, 30), DatePrecision.DAY)),
    ],
)
def test_parse_accepts_year_month_and_day(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["30/04/2021", "2021-4", "2021-02-30", "April 2021", "", "21", None, 3.5])
def test_parse_rejects_other_forms_naming_the_value(text):
    with pytest.raises(ValueError, match=repr(text).replace("(", r"\(").replace(")", r"\)")):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("date", "precision", "human", "iso", "last"),
    [
        (datetime.date(2021, 1, 1), DatePrecision.YEAR, "2021", "2021", datetime.date(2021, 12, 31)),
        (datetime.date(2021, 4, 1), DatePrecision.MONTH, "April 2021", "2021-04", datetime.date(2021, 4, 30)),
        (
            datetime.date(2020, 2, 1),
            DatePrecision.MONTH,
            "February 2020",
            "2020-02",
            datetime.date(2020, 2, 29),
        ),
        (
            datetime.date(2021, 4, 30),
            DatePrecision.DAY,
            "30 April 2021",
            "2021-04-30",
            datetime.date(2021, 4, 30),
        ),
    ],
)
def test_display_iso_and_period_end(date, precision, human, iso, last):
    assert format_partial_date(date, precision) == human
    assert iso_partial_date(date, precision) == iso
    assert last_day(date, precision) == last


def test_no_date_displays_as_empty():
    assert format_partial_date(None, DatePrecision.DAY) == ""
    assert iso_partial_date(None, DatePrecision.YEAR) == ""


@given(st.dates(min_value=EARLIEST, max_value=LATEST), st.sampled_from(list(DatePrecision)))
def test_iso_form_round_trips_through_the_parser(date, precision):
    first = {"year": date.replace(month=1, day=1), "month": date.replace(day=1), "day": date}[precision]
    assert parse_partial_date(iso_partial_date(first, precision)) == (first, precision)


@given(st.dates(min_value=datetime.date(1000, 1, 1)), st.sampled_from(list(DatePrecision)))
def test_iso_form_round_trips_unbounded_and_bounded_refuses_only_outside_the_range(date, precision):
    first = {"year": date.replace(month=1, day=1), "month": date.replace(day=1), "day": date}[precision]
    text = iso_partial_date(first, precision)
    assert parse_partial_date(text, bounded=False) == (first, precision)
    if EARLIEST <= first <= LATEST:
        assert parse_partial_date(text) == (first, precision)
    else:
        with pytest.raises(ValueError, match="outside the years"):
            parse_partial_date(text)


def _parses(text):
    try:
        parse_partial_date(text, bounded=False)
    except ValueError:
        return False
    return True


# PARTIAL_DATE_FORM (the schema's pattern of the date filters) and the parser say the same.
_FORM = re.compile(rf"\s*{PARTIAL_DATE_FORM}\s*")
_EDGES = [
    f"{y}{m}{d}"
    for y in ("0000", "0001", "0004", "0100", "0400", "1900", "2000", "2023", "2024", "9999")
    for m in ("", "-00", "-01", "-02", "-04", "-12", "-13")
    for d in ("", "-00", "-01", "-28", "-29", "-30", "-31", "-32")
]


@pytest.mark.parametrize(
    "text", [*_EDGES, " 2021 ", "\t2021-02-28\n", "2021 -01", "21", "20210", "2021-4", "2021/04"]
)
def test_the_partial_date_pattern_takes_what_the_parser_takes(text):
    assert (_FORM.fullmatch(text) is not None) == _parses(text)


@given(st.dates(), st.sampled_from(["year", "month", "day"]), st.text(" \t", max_size=2))
def test_the_partial_date_pattern_takes_every_real_date(day, form, space):
    text = {
        "year": f"{day.year:04d}",
        "month": f"{day.year:04d}-{day.month:02d}",
        "day": f"{day.year:04d}-{day:%m-%d}",
    }[form]
    assert _FORM.fullmatch(space + text + space) is not None
    assert _parses(space + text + space)


@given(st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True) | st.text(max_size=12))
def test_the_partial_date_pattern_refuses_what_the_parser_refuses(text):
    assert (_FORM.fullmatch(text) is not None) == _parses(text)
