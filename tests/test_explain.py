"""The hot reads use indexes on PostgreSQL: EXPLAIN over thousands of visits, after ANALYZE.

Each case asserts the plan reads the table through one of the named indexes (Index Scan,
Index Only Scan or Bitmap Index Scan) and never with a Seq Scan on it. No planner settings
are changed (except in the one test that says so): the planner chooses the index because it
is cheaper at this size. The data is generated once (a few seconds), so the cases share one
test and every failing case is listed.
"""

import json

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.synthetic import generate
from people.models import Person
from places.models import Place, PlaceKind
from visits.aggregates import partners_of, stored_pairs
from visits.filtersets import VisitFilterSet
from visits.models import Engagement, Participant, Visit
from visits.selectors import visible_visits, visit_ids_at_place, visit_ids_of_person, visits_of_person

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's; SQLite has its own planner"
)

VISITS = 6000


@pytest.fixture
def many_visits(db, analyst):
    generate(visits=VISITS, seed=7, progress=lambda _: None)
    with connection.cursor() as cursor:
        # The generated rows wait in the GIN indexes' pending lists until VACUUM (which cannot run
        # in the test's transaction) moves them, and the planner prices a long pending list as
        # slow to read. Move them, as autovacuum would on a live database.
        cursor.execute(
            "SELECT gin_clean_pending_list(index.oid) FROM pg_class index"
            " JOIN pg_am ON pg_am.oid = index.relam WHERE pg_am.amname = 'gin'"
        )
        cursor.execute("ANALYZE")
    return visible_visits(analyst)


def like_index_on_path():
    """The index Django adds for LIKE 'prefix%' on a db_index CharField (varchar_pattern_ops)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'places_place' AND indexdef LIKE %s",
            ["%(path varchar_pattern_ops)%"],
        )
        (name,) = cursor.fetchone()
    return name


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        result = cursor.fetchone()[0]
    return json.loads(result) if isinstance(result, str) else result


def plan_of_query(run):
    """The plan of the one query `run()` makes, as it made it."""
    with CaptureQueriesContext(connection) as queries:
        run()
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {query['sql']}")
        result = cursor.fetchone()[0]
    return json.loads(result) if isinstance(result, str) else result


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def failures(queryset, indexes, table="visits_visit"):
    """What is wrong with the plan of `queryset`: a Seq Scan on `table`, or none of `indexes` used."""
    steps = list(nodes(plan(queryset)[0]["Plan"]))
    used = {n.get("Index Name") for n in steps} - {None}
    problems = []
    if any(n["Node Type"] == "Seq Scan" and n.get("Relation Name") == table for n in steps):
        problems.append(f"Seq Scan on {table}")
    if not used & set(indexes):
        problems.append(f"none of {sorted(indexes)} used (used: {sorted(used)})")
    return problems


def typical_person():
    """A person of few visits, as most people are: the generated data is heavy-tailed
    (bench/synthetic.py), and for its busiest people the planner rightly walks the date index."""
    return Person.objects.annotate(n=Count("participations")).filter(n__gt=0).order_by("n", "pk").first()


def test_hot_reads_use_indexes_not_seq_scans(many_visits):
    first = Visit.objects.order_by("pk").first()
    middle = many_visits.order_by("start_date", "id")[VISITS // 2]
    person = typical_person()
    country = Place.objects.filter(kind=PlaceKind.COUNTRY, pk=first.host_country_id).get()
    newest = ("-start_date", "slug")
    participant_indexes = {Participant._meta.indexes[0].name, "visits_participant_person_id_506fc9cf"}
    cases = {
        "list in default order": (many_visits.order_by(*newest)[:100], {"visit_default_order"}),
        # The cursor page's range on its first field, as KeysetCursorPagination writes it.
        "deep cursor page": (
            many_visits.filter(start_date__gte=middle.start_date).order_by("start_date", "id")[:100],
            {"visit_cursor_order"},
        ),
        "country filter": (
            many_visits.filter(host_country=first.host_country_id).order_by(*newest)[:100],
            {"visit_country_order"},
        ),
        "principal filter": (
            many_visits.filter(principal=first.principal_id).order_by(*newest)[:100],
            {"visit_principal_order"},
        ),
        "date range filter": (
            VisitFilterSet(
                {"date_after": "2020-01-01", "date_before": "2020-03-31"}, queryset=many_visits
            ).qs.order_by(*newest)[:100],
            {"visit_default_order"},
        ),
        "participant filter": (
            VisitFilterSet({"participant": person.slug}, queryset=many_visits).qs.order_by(*newest)[:100],
            {"visits_visit_pkey"},
        ),
        "participant filter, participants side": (
            VisitFilterSet({"participant": person.slug}, queryset=many_visits).qs,
            participant_indexes,
            "visits_participant",
        ),
        # A person's visits for their map, network and calendar: the appearances table's range.
        "person's visits (map, network, calendar)": (
            visits_of_person(many_visits, person),
            {"appearance_person_order"},
        ),
        "place subtree by path prefix": (
            Place.objects.filter(path__startswith=country.path),
            {like_index_on_path()},
            "places_place",
        ),
        "place filter": (
            VisitFilterSet({"place": country.slug}, queryset=many_visits).qs.order_by(*newest)[:100],
            {"visits_visit_pkey", "visit_country_order"},
        ),
        # Who met whom, stored (visits.pairs): the strongest pairs (/network/) and a person's.
        "strongest pairs": (stored_pairs(drafts=False)[:50], {"pair_strongest"}, "visits_pair"),
        "a person's pairs": (
            partners_of(person, drafts=False)[:25],
            {"pair_key", "pair_person_b"},
            "visits_pair",
        ),
    }
    problems = {name: failures(*case) for name, case in cases.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_q_search_reads_engagements_and_participants_through_indexes(many_visits):
    """The visit `q` search: each branch of its UNION is an indexed lookup (visits migration 0006).

    At this size the planner still scans the visits (6,000 rows) and people (200) tables for the
    search's own branches and hash-joins the matching ids against the visits: cheaper than the
    indexes here. At 1M it reads all four tables through their indexes (docs/performance.md).
    """
    name = Visit.objects.order_by("pk").first().principal.name
    page = VisitFilterSet({"q": name}, queryset=many_visits).qs.order_by("-start_date", "slug")[:100]
    engagement_texts = {"engagement_title_trgm", "engagement_description_trgm", "engagement_outcome_trgm"}
    problems = {
        "engagements' texts": failures(page, engagement_texts, "visits_engagement"),
        "participants' names as stated": failures(
            page, {"participant_name_as_stated_trgm"}, "visits_participant"
        ),
        "participations of the people named": failures(
            page,
            {Participant._meta.indexes[0].name, "visits_participant_person_id_506fc9cf"},
            "visits_participant",
        ),
    }
    assert {branch: found for branch, found in problems.items() if found} == {}


@pytest.mark.parametrize(
    "model, field, index",
    [
        (Visit, "title", "visit_title_trgm"),
        (Visit, "purpose", "visit_purpose_trgm"),
        (Visit, "summary", "visit_summary_trgm"),
        (Engagement, "title", "engagement_title_trgm"),
        (Engagement, "description", "engagement_description_trgm"),
        (Engagement, "outcome", "engagement_outcome_trgm"),
        (Participant, "name_as_stated", "participant_name_as_stated_trgm"),
        (Person, "name", "person_name_trgm"),
    ],
)
def test_each_trigram_index_serves_the_sql_of_icontains(db, model, field, index):
    """An expression index serves only its exact expression: UPPER(col::text), as Django writes it.

    Whether it is cheaper than a scan depends on the table's size (above); this proves it can be
    used at all, with sequential scans disabled for this transaction only.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    matching = model.objects.filter(**{f"{field}__icontains": "Weber"}).order_by()
    assert failures(matching, {index}, model._meta.db_table) == []


def test_person_and_place_pages_read_a_page_and_the_count_from_one_index_range(many_visits, analyst, editor):
    """The pages' two reads of the appearances table (visits.selectors.visit_ids_of_person and
    visit_ids_at_place): the page of ids is a LIMIT over the table's index in list order (no
    sort: it reads the entries up to the page, not the whole history), the count reads the same
    index's range, and neither touches the participations or the visits. For the busiest person and
    the country that received most, as a reader (drafts hidden) and as an editor."""
    busiest = Person.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    country = (
        Place.objects.filter(kind=PlaceKind.COUNTRY).annotate(n=Count("visits_hosted")).order_by("-n").first()
    )
    indexes = {"person": "appearance_person_order", "place": "appearance_place_order"}
    problems = {}
    for user in (analyst, editor):
        for kind, ids in (
            ("person", visit_ids_of_person(user, busiest)),
            ("place", visit_ids_at_place(user, country)),
        ):
            assert ids.count() > 100  # a history long enough for the plan to matter
            for read, run in (("page", lambda ids=ids: list(ids[100:150])), ("count", ids.count)):
                steps = list(nodes(plan_of_query(run)[0]["Plan"]))
                scans = {(n["Node Type"], n.get("Relation Name"), n.get("Index Name")) for n in steps}
                where = f"{user.username} {kind} {read}"
                touched = {table for _, table, _ in scans} - {None, "visits_appearance"}
                if touched:
                    problems[where] = f"reads {sorted(touched)}"
                elif not any(index == indexes[kind] for _, _, index in scans):
                    problems[where] = f"{indexes[kind]} not used: {sorted(scans, key=str)}"
                elif any(node == "Seq Scan" for node, _, _ in scans) or (
                    read == "page" and any(node in ("Sort", "Bitmap Heap Scan") for node, _, _ in scans)
                ):
                    problems[where] = f"not one index range (in order, for a page): {sorted(scans, key=str)}"
    assert problems == {}
