"""The draft rule's cost on PostgreSQL: each row is settled by the cheapest probe that decides it,
and the probes for other tables are never run (EXPLAIN ANALYZE: a plan node that never ran has
0 loops, whatever plan the planner chose, because PostgreSQL stops evaluating a condition as soon
as its outcome is known and builds a hashed subplan only when it is first asked).

Built as "id IN (every draft's principals and participants)", the rule read every participation
of every draft for any person, and the sources index never finished at 100,000 visits
(docs/performance.md, "Search and index pages").
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.visibility import visible
from people.models import Person
from sources.selectors import citation_counts
from tests import factories
from visits.models import VisitStatus

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN ANALYZE is PostgreSQL's")

PARTICIPATION_TABLES = {"visits_participant", "visits_historicalparticipant"}


def executed_tables(sql, params=None):
    """The tables that the plan of `sql` read at least once (plan nodes with 1 loop or more)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        result = cursor.fetchone()[0]
    plan = json.loads(result) if isinstance(result, str) else result

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    return {
        node["Relation Name"]
        for node in nodes(plan[0]["Plan"])
        if "Relation Name" in node and node["Actual Loops"] > 0
    }


@pytest.fixture
def people_with_published_visits(db):
    """Five people, each the principal of a published visit, who also took part in a draft's
    stop (so the draft's participations exist to be read), and a draft led by one of them."""
    people = [factories.PersonFactory() for _ in range(5)]
    for person in people:
        factories.VisitFactory(principal=person)
    draft = factories.VisitFactory(principal=people[0], status=VisitStatus.DRAFT)
    stop = factories.EngagementFactory(visit=draft)
    for person in people:
        factories.ParticipantFactory(engagement=stop, person=person)
    return people


def test_a_person_with_a_published_visit_is_settled_without_reading_participations(
    people_with_published_visits, analyst
):
    people = visible(Person.objects.all(), analyst).values("pk")
    assert {row["pk"] for row in people} == {person.pk for person in people_with_published_visits}
    sql, params = people.query.sql_with_params()
    read = executed_tables(sql, params)
    assert "visits_visit" in read
    assert read & PARTICIPATION_TABLES == set()


def test_a_sources_citation_count_probes_only_the_rule_of_the_cited_records_model(db, analyst):
    """Citations of visits only: the counts of a page of sources never run the rules of stops,
    participants, people or posts (the content type is tested first)."""
    source = factories.SourceFactory()
    draft = factories.VisitFactory(status=VisitStatus.DRAFT)
    factories.ParticipantFactory(engagement=factories.EngagementFactory(visit=draft))
    for visit in (factories.VisitFactory(), factories.VisitFactory(), draft):
        factories.CitationFactory(source=source, content_object=visit)
    with CaptureQueriesContext(connection) as queries:
        assert citation_counts([source.pk], analyst) == {source.pk: 2}
    # The last query is the count (the ones before read the user's permissions).
    read = executed_tables(queries.captured_queries[-1]["sql"])
    assert "visits_visit" in read
    assert read & {"visits_engagement", "visits_participant", "people_person", "people_membership"} == set()
