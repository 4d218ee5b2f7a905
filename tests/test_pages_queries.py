"""Each page runs the same number of queries for 1 visit as for 100 (lists paginate at 50)."""

import datetime

import pytest

from pages.helpers import PAGE_SIZE
from places.models import PlaceKind
from tests import factories

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(db):
    country = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    city = factories.PlaceFactory(name="Kazan", slug="kazan", parent=country)
    venue = factories.PlaceFactory(name="Expo", slug="expo", kind=PlaceKind.VENUE, parent=city)
    person = factories.PersonFactory(slug="ada")
    organisation = factories.OrganisationFactory(slug="host", country=country)
    post = factories.MembershipFactory(person=person, organisation=organisation, start_date=None)
    source = factories.SourceFactory()
    fact = factories.PlaceFactFactory(place=city)
    # Every kind of fact the person, organisation and place pages cite.
    for record in (person, post, organisation, city, fact):
        factories.CitationFactory(source=source, content_object=record)
    return {
        "country": country,
        "venue": venue,
        "person": person,
        "organisation": organisation,
        "source": source,
    }


def make_visits(world, count):
    """`count` visits by the same person, each with a stop at the same venue hosted by the same body,
    another participant with a post, and citations on the visit, stop and participant."""
    for n in range(count):
        visit = factories.VisitFactory(
            slug=f"visit-{n:03d}",
            principal=world["person"],
            host_country=world["country"],
            start_date=datetime.date(2020, 1, 1) + n * ONE_DAY,
        )
        add_stop(world, visit, sequence=1)


def add_stop(world, visit, *, sequence):
    engagement = factories.EngagementFactory(
        visit=visit, sequence=sequence, venue=world["venue"], host_organisation=world["organisation"]
    )
    participant = factories.ParticipantFactory(engagement=engagement)
    membership = factories.MembershipFactory(person=participant.person, organisation=world["organisation"])
    # The membership is one more cited member on the organisation's page.
    for record in (visit, engagement, participant, membership):
        factories.CitationFactory(source=world["source"], content_object=record)


# session, user, the user's permissions and group permissions, then each page's own reads.
PAGES = {
    # filter choices (countries, kinds of visit; people and places are completed as typed),
    # count, page of visits, the
    # timeline's visits (all of them, up to pages.timeline.ITEMS_AT_MOST), visits per country (map)
    "/": 4 + 6,
    # person, posts, other names, the count of their visits and the page's ids (two reads of the
    # appearances table's index), the page's visits, their visits per country (map), whom they met
    # (network: how many and the strongest, two reads of the stored pairs) and the citations of
    # the person and their posts
    "/people/ada/": 4 + 10,
    # person, visits, the first stop's place of each, the places above them (LOCATION)
    "/people/ada/visits.ics": 4 + 4,
    # organisation, members, children, count, page of hosted stops
    # and the citations of the organisation and its members' posts
    "/organisations/host/": 4 + 6,
    # place, ancestors, children, facts, the count of its visits and the page's ids (two reads of
    # the appearances table's index), the page's visits, the places in it with coordinates (map)
    # and the citations of the place and its facts
    "/places/kazan/": 4 + 9,
    # place, subtree, visits, the first stop's place of each, the places above them
    "/places/russia/visits.ics": 4 + 5,
}


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("count", [1, 100])
def test_list_pages_run_a_fixed_number_of_queries(
    world, analyst_client, django_assert_num_queries, url, count
):
    make_visits(world, count)
    with django_assert_num_queries(PAGES[url]):
        response = analyst_client.get(url)
    assert response.status_code == 200
    if url.endswith(".ics"):
        assert response.content.count(b"BEGIN:VEVENT") == count
    else:
        assert response.content.count(b'class="visit-row"') == min(count, PAGE_SIZE)


@pytest.mark.parametrize("stops", [1, 100])
def test_visit_page_runs_a_fixed_number_of_queries(world, analyst_client, django_assert_num_queries, stops):
    visit = factories.VisitFactory(slug="long", principal=world["person"], host_country=world["country"])
    for sequence in range(1, stops + 1):
        add_stop(world, visit, sequence=sequence)
    # session, user, permissions x2, then: visit with principal, country and parent; stops with venue
    # and host; participants with person and organisation; their posts; citations with sources.
    with django_assert_num_queries(4 + 5):
        response = analyst_client.get("/visits/long/")
    assert response.status_code == 200
    assert response.content.count(b'<li class="engagement"') == stops
    assert response.content.count(b'<tr class="participant"') == stops
