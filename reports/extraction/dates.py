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
    rf"|\b(?P<d1>{_DAY})(?:\s*(?:-|–|to|and)\s*(?P<d2>{_DAY}))?\s+(?P<m1>{_MONTHS})(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|\b(?P<m2>{_MONTHS})\s+(?P<d3>{_DAY})(?:\s*(?:-|–|to|and)\s*(?P<d4>{_DAY}))?(?:,?\s+(?P<y2>\d{{4}}))?"
    r"|\b(?P<rel>today|yesterday|this morning|this afternoon|this evening|tonight)\b"
    r"|\b(?:on|last)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass
class FoundDate:
    first: datetime.date
    last: datetime.date
    start: int
    end: int


def _parse(phrase, base):
    import dateparser  # on first use: its import and data take about a second, not paid at start-up

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.datetime.combine(base, datetime.time())
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def find_dates(text, published_on):
    """The dates a report gives, in text order; a date after the report's is left out (a plan)."""
    found = []
    for match in _DATE.finditer(text):
        first = last = None
        if match.group("iso"):
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
        elif match.group("weekday"):
            if published_on is None:
                continue
            back = (published_on.weekday() - _WEEKDAYS.index(match.group("weekday").lower())) % 7
            first = last = published_on - datetime.timedelta(days=back)
        else:
            month = match.group("m1") or match.group("m2")
            year = match.group("y1") or match.group("y2") or ""
            day1 = match.group("d1") or match.group("d3")
            day2 = match.group("d2") or match.group("d4")
            first = _parse(f"{day1} {month} {year}".strip(), published_on)
            last = _parse(f"{day2} {month} {year}".strip(), published_on) if day2 else first
            if first is None or last is None:
                continue
        if published_on is not None and first > published_on + datetime.timedelta(days=1):
            continue
        found.append(FoundDate(first, max(first, last), match.start(), match.end()))
    return found
