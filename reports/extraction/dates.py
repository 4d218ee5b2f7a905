"""Dates in a report: explicit ("30 April 2021", "April 30", "12-14 May 2022", "2021-04-30") read
by dateparser, the library that reads dates as reports write them, and relative ones ("today",
"yesterday", "on Monday") counted from the report's date."""

import datetime
import re
from dataclasses import dataclass

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"  # noqa: E501
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b"
    r"|\b(?P<nd>\d{1,2})\.(?P<nm>\d{1,2})\.(?P<ny>\d{4})\b"
    rf"|\b(?P<d1>{_DAY})(?:\s*(?:-|–|to|and)\s*(?P<d2>{_DAY}))?\s+(?P<m1>{_MONTHS})(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|\b(?P<m2>{_MONTHS})\s+(?P<d3>{_DAY})(?:\s*(?:-|–|to|and)\s*(?P<d4>{_DAY}))?(?:,?\s+(?P<y2>\d{{4}}))?"
    r"|\b(?P<rel>today|yesterday|this morning|this afternoon|this evening|tonight)\b"
    r"|\b(?:on|last)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    # A newspaper's weekday without "on": "met X Wednesday", "began the trip Monday".
    r"|(?<=[a-z] )(?P<bare>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!\s*\(?\d)",
    re.IGNORECASE,
)
# A line that only dates the report ("Press release, 14 November 2024", "September 20, 2024",
# "Thursday 17 October 2024", "Posted On: 07 AUG 2024 6:40PM", "2025-01-06 09:30") or a dateline
# ("Pavlodar, 27.02.2025." at a line's start): the report's date, not a day of the visit.
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][\w'’.-]*(?:[ \t]+[\w'’.-]+){0,3}[ \t]*[,:][ \t]*)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?$"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass
class FoundDate:
    first: datetime.date
    last: datetime.date
    start: int
    end: int


def _is_dateline(text, match):
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    rest = text[match.end() : len(text) if line_end < 0 else line_end]
    return bool(_DATELINE.match(text[line_start : match.start()])) and (
        not rest.strip(" \t.")
        # "(WAM) --" after the date, not "On Tuesday (6), Lula visited ..."
        or re.match(r"[ \t]*(?:[-–—.:]|$|\d{1,2}[:.]\d{2}|\([^)]{1,30}\)[ \t]*(?:[-–—]|$))", rest) is not None
    )


def _parse(phrase, base):
    import dateparser  # on first use: its import and data take about a second, not paid at start-up

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.datetime.combine(base, datetime.time())
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


# A newspaper's present tense of travel to come ("She heads Thursday to Osaka, before returning
# home on Saturday") is a plan too.
_FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are) (?:due|scheduled|expected|set) to|plans? to|heads|is heading|"
    r"before returning)\b"
)


def _is_plan(text, match):
    """A date in a sentence that tells what will happen ("The President will depart on September 21")."""
    start = max(text.rfind(". ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    ends = [i for i in (text.find(". ", match.end()), text.find("\n", match.end())) if i >= 0]
    return _FUTURE.search(text[start : min(ends) if ends else len(text)]) is not None


def _in_year(phrase, base):
    """A date written without its year is in the report's year, or the year before if that would
    put it months after the report ("30 December" in a report of 2 January)."""
    first = _parse(f"{phrase} {base.year}", base)
    if first is not None and first > base + datetime.timedelta(days=60):
        first = _parse(f"{phrase} {base.year - 1}", base)
    return first


def find_dates(text, published_on):
    """The dates a report gives, in text order; a date after the report's is left out (a plan),
    and so is a dateline's when the text gives other dates (the day it was written)."""
    found, datelines = [], []
    for match in _DATE.finditer(text):
        first = last = None
        if match.group("nd"):
            try:
                first = last = datetime.date(
                    int(match.group("ny")), int(match.group("nm")), int(match.group("nd"))
                )
            except ValueError:
                continue
        elif match.group("iso"):
            try:
                first = last = datetime.date.fromisoformat(match.group("iso"))
            except ValueError:
                continue
        elif match.group("rel"):
            if published_on is None:
                continue
            first = last = published_on - datetime.timedelta(
                days=1 if match.group("rel").lower() == "yesterday" else 0
            )
        elif match.group("weekday") or match.group("bare"):
            if published_on is None:
                continue
            weekday = (match.group("weekday") or match.group("bare")).lower()
            back = (published_on.weekday() - _WEEKDAYS.index(weekday)) % 7
            first = last = published_on - datetime.timedelta(days=back)
        else:
            month = match.group("m1") or match.group("m2")
            year = match.group("y1") or match.group("y2") or ""
            day1 = match.group("d1") or match.group("d3")
            day2 = match.group("d2") or match.group("d4")
            if year or published_on is None:
                first = _parse(f"{day1} {month} {year}".strip(), published_on)
                last = _parse(f"{day2} {month} {year}".strip(), published_on) if day2 else first
            else:
                first = _in_year(f"{day1} {month}", published_on)
                last = _in_year(f"{day2} {month}", published_on) if day2 else first
            if first is None or last is None:
                continue
        if published_on is not None and first > published_on + datetime.timedelta(days=1):
            continue
        if (
            published_on is not None
            and (
                first > published_on - datetime.timedelta(days=1)
                or match.group("weekday")
                or match.group("bare")
            )
            and _is_plan(text, match)
        ):
            continue  # "is due to meet X on Saturday": a plan (a weekday would count back a week)
        item = FoundDate(first, max(first, last), match.start(), match.end())
        (datelines if _is_dateline(text, match) else found).append(item)
    return found or datelines
