"""The appearances table (visits.models.Appearance), kept in step with what it is derived from.

A visit's rows are rewritten whole whenever the visit, one of its stops or one of their
participants is saved or deleted, and the rows of every visit received below a place when the
place moves in the tree: two set-based statements per write (`refresh`), the same SQL as the
migration's backfill (`rebuild`). Writers that create rows in bulk, with no signals (the
Historian importer, generate_data, the bench's fixtures), call `refresh` for what they wrote.
`batched()` holds the rewrites back to one per visit at the end of a block of many writes.
"""

import contextlib
import contextvars

from django.db import connection

from visits import pairs, tallies

# One row per (person, visit): the principal and every participant identified as a person.
PERSON_ROWS = """
INSERT INTO visits_appearance (person_id, place_id, visit_id, start_date, slug, visit_status)
SELECT appears.person_id, NULL, v.id, v.start_date, v.slug, v.status
FROM (
    SELECT v.id AS visit_id, v.principal_id AS person_id FROM visits_visit v WHERE v.id {ids}
    UNION
    SELECT e.visit_id, p.person_id FROM visits_participant p
    JOIN visits_engagement e ON e.id = p.engagement_id
    WHERE p.person_id IS NOT NULL AND e.visit_id {ids}
) appears
JOIN visits_visit v ON v.id = appears.visit_id
"""

# One row per (place, visit): the host country, each stop's venue, and every place above them,
# so that a place's page (visits received by it or anywhere below it) is one index range.
PLACE_ROWS = """
WITH RECURSIVE received(visit_id, place_id) AS (
    SELECT v.id, v.host_country_id FROM visits_visit v WHERE v.id {ids}
    UNION
    SELECT e.visit_id, e.venue_id FROM visits_engagement e
    WHERE e.venue_id IS NOT NULL AND e.visit_id {ids}
    UNION
    SELECT received.visit_id, p.parent_id FROM received
    JOIN places_place p ON p.id = received.place_id
    WHERE p.parent_id IS NOT NULL
)
INSERT INTO visits_appearance (person_id, place_id, visit_id, start_date, slug, visit_status)
SELECT NULL, received.place_id, v.id, v.start_date, v.slug, v.status
FROM received JOIN visits_visit v ON v.id = received.visit_id
"""

# Visits per statement: under SQLite's oldest limit of 999 parameters, each used twice.
CHUNK = 400


def rebuild(cursor=None, *, between=None):
    """Rewrite the rows of every visit from the visits, stops, participants and places (the
    migration's backfill), or of the visits whose ids lie `between` (first, last), as a bulk
    writer's new visits do: one DELETE and two INSERT ... SELECT, no row passes through Python."""
    ids, params = ("IS NOT NULL", []) if between is None else ("BETWEEN %s AND %s", list(between))
    with contextlib.ExitStack() as stack:
        cursor = cursor or stack.enter_context(connection.cursor())
        cursor.execute(f"DELETE FROM visits_appearance WHERE visit_id {ids}", params)
        for sql in (PERSON_ROWS, PLACE_ROWS):
            cursor.execute(sql.format(ids=ids), params * 2)


def refresh(visit_ids):
    """Rewrite the rows of these visits (ids; a deleted visit's rows are simply removed), and
    their share of who met whom (visits.pairs) and the counts of what they name (visits.tallies)."""
    ids = sorted(set(visit_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            among = f"IN ({', '.join(['%s'] * len(chunk))})"
            people, places = tallies.named_by(cursor, among, chunk)
            cursor.execute(f"DELETE FROM visits_appearance WHERE visit_id {among}", chunk)
            for sql in (PERSON_ROWS, PLACE_ROWS):
                cursor.execute(sql.format(ids=among), chunk * 2)
            # Who met whom at these visits and the counts of whom and what they name, stored
            # beside (visits.pairs, visits.tallies): the same writes change them.
            pairs.refresh_chunk(cursor, among, chunk)
            now_people, now_places = tallies.named_by(cursor, among, chunk)
            tallies.count_again(people | now_people, places | now_places)


# Set inside batched(): the ids of the visits changed so far, rewritten once at the end.
_pending = contextvars.ContextVar("appearances_pending", default=None)


@contextlib.contextmanager
def batched():
    """Within the block, changed visits are collected and rewritten once when it ends (not when
    it raises: its transaction is being rolled back). Nested blocks join the outermost."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set(set())
    try:
        yield
        changed = _pending.get()
    finally:
        _pending.reset(token)
    refresh(changed)


def changed(*visit_ids):
    """These visits (ids) changed: rewrite their rows now, or at the end of batched()."""
    pending = _pending.get()
    if pending is None:
        refresh(visit_ids)
    else:
        pending.update(visit_ids)


# --- Signal receivers (connected in visits.apps) ----------------------------------------------------


def _deleted_with(origin, *models):
    """Whether a deletion cascades from a record (or queryset) of one of `models`."""
    return isinstance(origin, models) or getattr(origin, "model", None) in models


def visit_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures (loaddata) hold the table's rows as they were
        changed(instance.pk)


def remember_parent(sender, instance, **kwargs):
    """post_init of a stop or participant: the visit (stop) it belonged to when loaded, so that
    moving it to another rewrites the rows of both visits. No query: the column as read."""
    instance._appearances_parent = instance.__dict__.get(_PARENT[sender._meta.model_name])


_PARENT = {"engagement": "visit_id", "participant": "engagement_id"}


def _parents(instance):
    """The stop's or participant's parent ids now and as loaded (they differ after a move)."""
    now = getattr(instance, _PARENT[instance._meta.model_name])
    before = getattr(instance, "_appearances_parent", None)
    instance._appearances_parent = now
    return {now, before} - {None}


def engagement_written(sender, instance, raw=False, origin=None, **kwargs):
    from visits.models import Visit

    # A visit's deletion takes its rows with it (a cascade), before its stops go.
    if not raw and not _deleted_with(origin, Visit):
        changed(*_parents(instance))


def participant_written(sender, instance, raw=False, origin=None, **kwargs):
    from visits.models import Engagement, Visit

    # A stop's deletion rewrites its visit once, after its participants go.
    if raw or _deleted_with(origin, Visit, Engagement):
        return
    stops = Engagement.objects.filter(pk__in=_parents(instance))
    changed(*stops.values_list("visit_id", flat=True))


def place_moved(sender, place, **kwargs):
    """A place moved in the tree (places.models.place_moved): the visits received in it or below
    it now have other places above them."""
    from visits.models import Engagement

    below = Engagement.objects.filter(venue__path__startswith=place.path)
    changed(*below.values_list("visit_id", flat=True).distinct())
