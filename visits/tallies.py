"""Stored visit counts (visits.models.PersonTally, PlaceTally), kept in step with the visits.

Whenever a visit's appearances are rewritten (visits.appearances.refresh: every save or delete of
a visit, stop or participant, and every bulk writer), the counts of every person and place the
visit named before or names now are counted again from the visits and stops themselves, through
their indexes: the appearances' rows (before and after) are a superset of the principals, host
countries and venues concerned. A visit's deletion counts again, after the cascade, what it named
(`visit_deleting` / `visit_deleted`). The same SQL counts every person and place in the
migration's backfill (`rebuild`).
"""

import contextlib

from django.db import connection

from visits.models import VisitStatus

PUBLISHED = "CASE WHEN v.status <> %s THEN 1 ELSE 0 END"

PERSON_ROWS = f"""
INSERT INTO visits_persontally (person_id, visits, published_visits)
SELECT v.principal_id, COUNT(*), SUM({PUBLISHED})
FROM visits_visit v WHERE v.principal_id {{people}}
GROUP BY v.principal_id
"""

PLACE_ROWS = f"""
INSERT INTO visits_placetally (place_id, visits, published_visits, stops, published_stops)
SELECT place_id, SUM(visits), SUM(published_visits), SUM(stops), SUM(published_stops) FROM (
    SELECT v.host_country_id AS place_id, 1 AS visits, {PUBLISHED} AS published_visits,
        0 AS stops, 0 AS published_stops
    FROM visits_visit v WHERE v.host_country_id {{places}}
    UNION ALL
    SELECT e.venue_id, 0, 0, 1, 1 FROM visits_engagement e WHERE e.venue_id {{places}}
    UNION ALL
    -- Published stops are every stop less those of drafts: both read from the index on
    -- (venue, visit) and the drafts' partial index, where joining every stop to its visit for
    -- the status read the visits (1.1 s for a visit's places at 1,000,000 visits; 130 ms now).
    SELECT e.venue_id, 0, 0, 0, -1
    FROM visits_engagement e JOIN visits_visit v ON v.id = e.visit_id
    WHERE e.venue_id {{places}} AND v.status = %s
) counted
GROUP BY place_id
"""

# Ids per statement: under SQLite's oldest limit of 999 parameters.
CHUNK = 400


def _count(cursor, people, people_params, places, places_params):
    """Count again the people whose id matches the SQL `people` and the places matching `places`."""
    draft = VisitStatus.DRAFT
    cursor.execute(f"DELETE FROM visits_persontally WHERE person_id {people}", people_params)
    cursor.execute(PERSON_ROWS.format(people=people), [draft, *people_params])
    cursor.execute(f"DELETE FROM visits_placetally WHERE place_id {places}", places_params)
    cursor.execute(
        PLACE_ROWS.format(places=places), [draft, *places_params, *places_params, *places_params, draft]
    )


def _among(ids):
    return f"IN ({', '.join(['%s'] * len(ids))})" if ids else "IN (NULL)"


def count_again(people, places):
    """Count again these people and places (ids)."""
    people, places = sorted(set(people) - {None}), sorted(set(places) - {None})
    with connection.cursor() as cursor:
        for start in range(0, max(len(people), len(places)), CHUNK):
            some_people, some_places = people[start : start + CHUNK], places[start : start + CHUNK]
            _count(cursor, _among(some_people), some_people, _among(some_places), some_places)


def named_by(cursor, among, visit_ids):
    """The people and places the appearances of these visits name: (people, places)."""
    cursor.execute(
        f"SELECT DISTINCT person_id, place_id FROM visits_appearance WHERE visit_id {among}", visit_ids
    )
    rows = cursor.fetchall()
    return {row[0] for row in rows} - {None}, {row[1] for row in rows} - {None}


def rebuild(cursor=None):
    """Count every person and place (the migration's backfill): one INSERT ... SELECT per table."""
    with contextlib.ExitStack() as stack:
        cursor = cursor or stack.enter_context(connection.cursor())
        _count(cursor, "IS NOT NULL", [], "IS NOT NULL", [])


def visit_deleting(sender, instance, **kwargs):
    """pre_delete of a visit: what it names, counted again once it is gone (visit_deleted)."""
    with connection.cursor() as cursor:
        instance._tallies_named = named_by(cursor, "= %s", [instance.pk])


def visit_deleted(sender, instance, **kwargs):
    people, places = getattr(instance, "_tallies_named", (set(), set()))
    count_again(people | {instance.principal_id}, places | {instance.host_country_id})
