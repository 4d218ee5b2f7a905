"""Visits as timeline items: the JSON the pages hand to vis-timeline through json_script."""

import datetime

from common.partial_dates import DatePrecision, day_after, last_day
from visits.aggregates import visits_by_month, visits_by_year
from visits.selectors import with_principal_and_country


def period_end(last):
    """The exclusive end of day `last`: the next day, or its last millisecond on 9999-12-31 (no next day)."""
    following = day_after(last)
    return following.isoformat() if following else f"{last.isoformat()}T23:59:59.999"


def period_item(*, id, content, start, last, url="", group=None, title="", class_name=""):
    """A range from `start` to the end of day `last`; vis-timeline's range end is exclusive."""
    item = {
        "id": id,
        "content": content,
        "start": start.isoformat(),
        "end": period_end(last),
        "type": "range",
        "title": title or content,
        "url": url,
        "className": class_name,
    }
    if group is not None:
        item["group"] = group
    return item


def person_group(person):
    return {"id": f"person-{person.pk}", "content": person.name, "url": person.get_absolute_url()}


def visit_item(visit, *, group=None):
    """A visit drawn over its whole period: "April 2021" covers 1-30 April (partial_dates.last_day);
    drawn as partial when a date is known only to the month or year, or is uncertain ("about")."""
    partial = (
        visit.start_precision != DatePrecision.DAY
        or (visit.end_date is not None and visit.end_precision != DatePrecision.DAY)
        or visit.start_about
        or visit.end_about
    )
    return period_item(
        id=f"visit-{visit.pk}",
        content=visit.title,
        start=visit.start_date,
        last=visit.last_day,
        url=visit.get_absolute_url(),
        group=group,
        title=f"{visit.title} — {visit.principal.name}, {visit.host_country.name}, {visit.dates_display}",
        class_name="item-partial" if partial else "",
    )


def visit_timeline(visits):
    """Items and groups for a list of visits, grouped by principal (people in order of first appearance)."""
    groups, items = {}, []
    for visit in visits:
        group = person_group(visit.principal)
        groups.setdefault(group["id"], group)
        items.append(visit_item(visit, group=group["id"]))
    return items, list(groups.values())


def engagement_item(engagement, *, day):
    """A stop on the visit's day timeline: at its times when known, else across its day."""
    content = f"{engagement.sequence}. {engagement.title}"
    url = f"#engagement-{engagement.sequence}"
    if engagement.start_time is None:
        return period_item(id=f"engagement-{engagement.pk}", content=content, start=day, last=day, url=url)
    start = datetime.datetime.combine(day, engagement.start_time)
    item = {"id": f"engagement-{engagement.pk}", "content": content, "title": content, "url": url}
    item["start"] = start.isoformat()
    if engagement.end_time is not None:
        item.update(type="range", end=datetime.datetime.combine(day, engagement.end_time).isoformat())
    else:
        item["type"] = "box"
    return item


# A timeline of more visits than this draws how many there are per month or year instead: a few
# hundred items are still legible and quick to draw, thousands are neither.
ITEMS_AT_MOST = 200
# Counts go per month when the visits start within this many years, else per year.
MONTHS_WITHIN_YEARS = 6


def visits_over_time(visits, *, count, period_url):
    """The timeline of a whole filtered set of `count` visits (not only the page shown).

    At most ITEMS_AT_MOST visits: each visit, grouped by principal. More: the number of visits
    per month or per year (`counts`, drawn as bars), each with `period_url(period)`, the list
    filtered to that period ("1962" or "1962-03"). Two queries either way when there are more.
    """
    if count <= ITEMS_AT_MOST:
        items, groups = visit_timeline(with_principal_and_country(visits)[:ITEMS_AT_MOST])
        return {"items": items, "groups": groups}
    years = [row for row in visits_by_year(visits) if row["year"] is not None]
    if years and years[-1]["year"] - years[0]["year"] < MONTHS_WITHIN_YEARS:
        periods = [
            (row["month"], row["month"].strftime("%Y-%m"), row["month"].strftime("%B %Y"), row["visits"])
            for row in visits_by_month(visits)
            if row["month"] is not None
        ]
        unit = "month"
    else:
        periods = [
            (datetime.date(row["year"], 1, 1), str(row["year"]), str(row["year"]), row["visits"])
            for row in years
        ]
        unit = "year"
    counts = [
        {
            "start": first.isoformat(),
            "end": period_end(
                last_day(first, DatePrecision.MONTH if unit == "month" else DatePrecision.YEAR)
            ),
            "period": period,
            "label": label,
            "visits": visits_in_period,
            "url": period_url(period),
        }
        for first, period, label, visits_in_period in periods
    ]
    return {"items": [], "groups": [], "counts": counts, "unit": unit}
