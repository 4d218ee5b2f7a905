"""Who met whom, stored (visits.models.PairVisit and Pair), kept in step with the participants.

A visit's `PairVisit` rows are rewritten whole with its appearances (visits.appearances.refresh
calls `refresh_chunk` for the same visits, so every write and bulk writer that keeps the
appearances keeps these), and the `Pair` rows of every pair those visits had or have are summed
again from `PairVisit`: its pair index, so a write costs the visits of the pairs it touches,
never the whole register. A visit's deletion removes its share before the cascade (`forget`).
All set-based SQL, the same statements as the migration's backfill (`rebuild`).

Reading who met whom was a self-join of the participants of every stop: 120 s for /network/
at 1,000,000 visits (docs/performance.md).
"""

import contextlib

from django.db import connection

from visits.models import VisitStatus

# One row per (visit, pair): the people who took part in one of its stops, the lower id first.
VISIT_ROWS = """
INSERT INTO visits_pairvisit
    (visit_id, person_a_id, person_b_id, engagements, first_date, last_date, visit_status)
SELECT e.visit_id, a.person_id, b.person_id, COUNT(DISTINCT e.id),
    MIN(COALESCE(e.date, v.start_date)), MAX(COALESCE(e.date, v.start_date)), v.status
FROM visits_participant a
JOIN visits_participant b ON b.engagement_id = a.engagement_id AND b.person_id > a.person_id
JOIN visits_engagement e ON e.id = a.engagement_id
JOIN visits_visit v ON v.id = e.visit_id
WHERE e.visit_id {ids}
GROUP BY e.visit_id, a.person_id, b.person_id, v.status
"""

# The pairs summed over their visits, for both views: every visit (drafts true) and the
# published ones (drafts false; a pair met only in drafts has no such row).
PAIR_ROWS = """
INSERT INTO visits_pair (drafts, person_a_id, person_b_id, engagements, visits, first_date, last_date)
SELECT %s, person_a_id, person_b_id, SUM(engagements), COUNT(*), MIN(first_date), MAX(last_date)
FROM visits_pairvisit WHERE {pairs}
GROUP BY person_a_id, person_b_id
UNION ALL
SELECT %s, person_a_id, person_b_id, SUM(engagements), COUNT(*), MIN(first_date), MAX(last_date)
FROM visits_pairvisit WHERE {pairs} AND visit_status <> %s
GROUP BY person_a_id, person_b_id
"""

# Pairs per statement: under SQLite's oldest limit of 999 parameters, each pair's two ids twice.
CHUNK = 200


def _sum_pairs(cursor, pairs, params):
    """Rewrite the Pair rows of the pairs the SQL condition `pairs` (with `params`) selects."""
    cursor.execute(f"DELETE FROM visits_pair WHERE {pairs}", params)
    cursor.execute(PAIR_ROWS.format(pairs=pairs), [True, *params, False, *params, VisitStatus.DRAFT])


def _sum_listed(cursor, pairs):
    """Rewrite the Pair rows of these (person_a_id, person_b_id) pairs: one index probe per pair
    in each table (an OR of equalities; a row-value IN over a subquery or VALUES was planned as a
    scan of both tables at 1,000,000 visits, 15 s a write)."""
    pairs = sorted(pairs)
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        _sum_pairs(
            cursor,
            "(" + " OR ".join(["(person_a_id = %s AND person_b_id = %s)"] * len(chunk)) + ")",
            [person for pair in chunk for person in pair],
        )


def _pairs_of(cursor, among, visit_ids):
    cursor.execute(
        f"SELECT DISTINCT person_a_id, person_b_id FROM visits_pairvisit WHERE visit_id {among}",
        visit_ids,
    )
    return set(cursor.fetchall())


def refresh_chunk(cursor, among, visit_ids):
    """Rewrite the PairVisit rows of the visits `among` (an SQL `IN (...)` of `visit_ids`) and
    the Pair rows of every pair they had before or have now: four statements, and two per 200
    pairs touched."""
    before = _pairs_of(cursor, among, visit_ids)
    cursor.execute(f"DELETE FROM visits_pairvisit WHERE visit_id {among}", visit_ids)
    cursor.execute(VISIT_ROWS.format(ids=among), visit_ids)
    _sum_listed(cursor, before | _pairs_of(cursor, among, visit_ids))


def forget(visit_id):
    """A visit is being deleted: its share leaves its pairs' sums (before the cascade that
    removes its PairVisit rows, which would leave no trace of which pairs it counted in)."""
    among = "= %s"
    with connection.cursor() as cursor:
        before = _pairs_of(cursor, among, [visit_id])
        if before:
            cursor.execute(f"DELETE FROM visits_pairvisit WHERE visit_id {among}", [visit_id])
            _sum_listed(cursor, before)


def rebuild(cursor=None, *, between=None):
    """Write the PairVisit rows of every visit and every Pair (the migration's backfill), or of
    the new visits whose ids lie `between` (first, last), as a bulk writer's are: one INSERT ...
    SELECT per table, no row passes through Python."""
    with contextlib.ExitStack() as stack:
        cursor = cursor or stack.enter_context(connection.cursor())
        if between is None:
            cursor.execute("DELETE FROM visits_pair")
            cursor.execute("DELETE FROM visits_pairvisit")
            cursor.execute(VISIT_ROWS.format(ids="IS NOT NULL"))
            cursor.execute(PAIR_ROWS.format(pairs="TRUE"), [True, False, VisitStatus.DRAFT])
            return
        among = "BETWEEN %s AND %s"
        cursor.execute(f"DELETE FROM visits_pairvisit WHERE visit_id {among}", list(between))
        cursor.execute(VISIT_ROWS.format(ids=among), list(between))
        now = f"SELECT person_a_id, person_b_id FROM visits_pairvisit WHERE visit_id {among}"
        _sum_pairs(cursor, f"(person_a_id, person_b_id) IN ({now})", list(between))


def visit_deleting(sender, instance, **kwargs):
    """pre_delete of a visit (connected in visits.apps)."""
    forget(instance.pk)
