"""Every list and detail endpoint runs the same number of queries for 1 row and for 200 rows."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import PersonName
from places.models import PlaceName
from tests import factories


def build(n):
    """n visits, each with an engagement, participant, venue, host, posts, facts and citations on all."""
    country = factories.CountryFactory()
    for _ in range(n):
        source = factories.SourceFactory()
        person = factories.PersonFactory()
        PersonName.objects.create(person=person, name=f"{person.name} (ru)", language="ru")
        organisation = factories.OrganisationFactory(country=country)
        membership = factories.MembershipFactory(person=person, organisation=organisation)
        venue = factories.PlaceFactory(parent=country)
        PlaceName.objects.create(place=venue, name=f"{venue.name} (ru)", language="ru")
        fact = factories.PlaceFactFactory(place=venue, as_of_date="2021-01-01", as_of_precision="year")
        visit = factories.VisitFactory(principal=person, host_country=country)
        engagement = factories.EngagementFactory(visit=visit, venue=venue, host_organisation=organisation)
        participant = factories.ParticipantFactory(
            engagement=engagement, person=person, organisation=organisation
        )
        for record in (person, organisation, membership, venue, fact, visit, engagement, participant):
            factories.CitationFactory(source=source, content_object=record)


@pytest.fixture(autouse=True)
def warm_content_types(db):
    """Prefetching citations looks up each model's content type once per process, then caches it;
    a running server has it cached, so the counts below are taken warm."""
    ContentType.objects.get_for_models(*apps.get_models())


# session + user + the user's and the groups' permissions
AUTH = 4
# count + page
PAGE = 2
EXPECTED = {
    # The page's ids, then the rows read by id (common.api.reads): lists of citations,
    # engagements, participants, and the engagements' and participants' citations; the records
    # they refer to, one query per model (people, places, organisations, sources); the people's
    # posts and the posts' organisations
    "visits": AUTH + PAGE + 1 + 5 + 4 + 2,
    # participants, their posts, participants' and engagements' citations
    "engagements": AUTH + PAGE + 4,
    # posts, citations
    "participants": AUTH + PAGE + 2,
    # other names, memberships, citations
    "people": AUTH + PAGE + 3,
    "organisations": AUTH + PAGE + 1,
    "memberships": AUTH + PAGE + 1,
    # other names, citations
    "places": AUTH + PAGE + 2,
    "place-facts": AUTH + PAGE + 1,
    "sources": AUTH + PAGE,
    "citations": AUTH + PAGE,
}
# A detail has no count query; a visit's detail reads through its queryset's joins and prefetches:
# the visit, its citations, engagements, participants, their posts and their citations.
DETAIL = {**{resource: count - 1 for resource, count in EXPECTED.items()}, "visits": AUTH + 1 + 6}


@pytest.mark.parametrize("rows", [1, 200])
def test_list_query_counts_do_not_grow_with_rows(db, analyst_client, rows):
    build(rows)
    counts = {}
    for resource in EXPECTED:
        with CaptureQueriesContext(connection) as queries:
            response = analyst_client.get(f"/api/v1/{resource}/?limit=1000")
        assert response.status_code == 200
        assert response.json()["count"] >= rows
        counts[resource] = len(queries)
    # One comparison of all endpoints, so a failure shows every endpoint that drifted.
    assert counts == EXPECTED


@pytest.mark.parametrize("rows", [1, 200])
def test_visit_detail_query_count_does_not_grow_with_engagements(
    db, analyst_client, django_assert_num_queries, rows
):
    visit = factories.VisitFactory()
    for _ in range(rows):
        engagement = factories.EngagementFactory(visit=visit)
        factories.ParticipantFactory(engagement=engagement)
        factories.CitationFactory(content_object=engagement)
    with django_assert_num_queries(DETAIL["visits"]):
        response = analyst_client.get(f"/api/v1/visits/{visit.pk}/")
    assert len(response.json()["engagements"]) == rows


@pytest.mark.parametrize("resource", list(EXPECTED))
def test_detail_query_count(db, analyst_client, django_assert_num_queries, resource):
    build(1)
    first = analyst_client.get(f"/api/v1/{resource}/").json()["results"][0]
    with django_assert_num_queries(DETAIL[resource]):
        assert analyst_client.get(first["url"]).status_code == 200
