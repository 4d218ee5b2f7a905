"""What keeps big tables cheap: bounded counts, cached aggregates, queries constant in rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.db import counts
from tests import factories
from visits.models import Visit, VisitStatus

# Session, user, the user's own and group permissions.
AUTH = 4


@pytest.fixture
def aggregate_cache(settings):
    settings.AGGREGATE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def by_country(client):
    response = client.get("/api/v1/visits/stats/by-country/")
    assert response.status_code == 200
    return {row["country_slug"]: row["visits"] for row in response.json()}


def test_cached_aggregate_is_answered_without_querying_the_visits(
    aggregate_cache, analyst_client, django_assert_num_queries
):
    visit = factories.VisitFactory(status=VisitStatus.HELD)
    with django_assert_num_queries(AUTH + 1):
        first = by_country(analyst_client)
    with django_assert_num_queries(AUTH):
        assert by_country(analyst_client) == first == {visit.host_country.slug: 1}


def test_cached_aggregates_are_kept_apart_for_those_who_see_drafts(
    aggregate_cache, analyst_client, editor_client
):
    held = factories.VisitFactory(status=VisitStatus.HELD)
    factories.VisitFactory(status=VisitStatus.DRAFT, host_country=held.host_country)
    assert by_country(analyst_client) == {held.host_country.slug: 1}
    assert by_country(editor_client) == {held.host_country.slug: 2}
    assert by_country(analyst_client) == {held.host_country.slug: 1}


def test_saving_a_visit_drops_the_cached_aggregates(aggregate_cache, analyst_client):
    visit = factories.VisitFactory(status=VisitStatus.HELD)
    assert by_country(analyst_client) == {visit.host_country.slug: 1}
    visit.status = VisitStatus.DRAFT
    visit.save()
    assert by_country(analyst_client) == {}


def test_small_results_are_counted_exactly(db):
    factories.VisitFactory.create_batch(3)
    assert counts.bounded_count(Visit.objects.all()) == (3, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_big_results_get_the_planners_estimate_and_the_last_page_is_exact(
    monkeypatch, editor_client, django_assert_num_queries
):
    monkeypatch.setattr(counts, "EXACT_UP_TO", 5)
    factories.VisitFactory.create_batch(12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE visits_visit")
    count, estimated = counts.bounded_count(Visit.objects.all())
    assert estimated and count >= 6

    page = editor_client.get("/api/v1/visits/", {"limit": 5, "fields": "id"}).json()
    assert page["count"] >= 6 and page["next"] and len(page["results"]) == 5
    last = editor_client.get("/api/v1/visits/", {"limit": 5, "offset": 10, "fields": "id"}).json()
    assert last["count"] == 12 and last["next"] is None and len(last["results"]) == 2


def full_visit():
    """A visit with a cited stop whose participant holds a post: every level the list prefetches."""
    participant = factories.ParticipantFactory()
    factories.MembershipFactory(person=participant.person)
    factories.CitationFactory(content_object=participant.engagement.visit)
    return participant.engagement.visit


def test_api_list_queries_do_not_grow_with_rows(editor_client):
    def page():
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get("/api/v1/visits/", {"limit": 100})
        assert response.status_code == 200
        return len(response.json()["results"]), len(captured)

    full_visit()
    page()  # warms the per-process caches (content types) that a running server already holds
    rows_one, queries_one = page()
    for _ in range(20):
        full_visit()
    rows_many, queries_many = page()
    assert (rows_one, rows_many) == (1, 21)
    # Auth, the bounded count, the page's ordered ids, the visits by id, then (common.api.reads) one
    # query per list (engagements, participants, citations of visits, stops and participants: 5),
    # one per model the lists refer to (people, places, sources: 3; no stop has a host and no
    # participant an organisation here, and a query for no ids is not run), and the people's
    # posts with the posts' organisations (2), however many rows.
    expected = AUTH + 3 + 5 + 3 + 2
    assert (queries_one, queries_many) == (expected, expected)
