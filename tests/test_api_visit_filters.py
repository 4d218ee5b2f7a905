"""Each visit filter finds the Innopolis visit when it should and not when it should not."""

import datetime

import pytest

from common.partial_dates import DatePrecision
from places.models import PlaceKind
from tests import factories

SLUG = "pashinyan-innopolis-2021-04-30"
URL = "/api/v1/visits/"


def found(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {"principal": "nikol-pashinyan"},
        {"participant": "mikhail-mishustin"},
        {"participant": "ruslan-shigaleyev"},
        {"country": "RU"},
        {"country": "ru"},
        {"country": "russia"},
        {"place": "innopolis"},
        {"place": "kazan-expo"},
        {"place": "tatarstan"},
        {"place": "russia"},
        {"organisation": "innopolis-city-administration"},
        {"organisation": "eurasian-intergovernmental-council"},
        {"kind": "working"},
        {"status": "held"},
        {"date_after": "2021-04-30", "date_before": "2021-04-30"},
        {"date_after": "2021-04-01", "date_before": "2021-05-31"},
        {"date_after": "2021", "date_before": "2021"},
        {"date_after": "2021-04"},
        {"date_before": "2021-04-30"},
        {"q": "technopark"},
        {"q": "TECHNOPARK"},
        {"q": "Mishustin"},
        {"q": "heads of other governments"},
        {"q": "cooperation with Armenia"},
    ],
)
def test_the_innopolis_visit_is_found(seeded, analyst_client, params):
    assert found(analyst_client, **params) == [SLUG]


@pytest.mark.parametrize(
    "params",
    [
        {"principal": "mikhail-mishustin"},
        {"participant": "nobody"},
        {"country": "AM"},
        {"country": "armenia"},
        {"place": "armenia"},
        {"place": "innopolis-university"},
        {"organisation": "eurasian-economic-union"},
        {"kind": "state"},
        {"status": "planned"},
        {"date_after": "2021-05-01"},
        {"date_before": "2021-04-29"},
        {"date_after": "2022"},
        {"date_before": "2021-03"},
        {"q": "nuclear"},
    ],
)
def test_the_innopolis_visit_is_not_found_outside_the_filter(seeded, analyst_client, params):
    factories.PersonFactory(slug="nobody")
    assert found(analyst_client, **params) == []


def test_participant_filter_finds_visits_of_a_person_who_was_not_the_principal(db, analyst_client):
    guest = factories.PersonFactory(slug="guest")
    met = factories.ParticipantFactory(person=guest).engagement.visit
    factories.VisitFactory(slug="other-visit")
    assert found(analyst_client, participant="guest") == [met.slug]
    assert found(analyst_client, participant=str(guest.pk)) == [met.slug]


def test_place_filter_includes_venues_below_a_city_but_not_its_siblings(db, analyst_client):
    city = factories.PlaceFactory(slug="lyon")
    venue = factories.PlaceFactory(kind=PlaceKind.VENUE, slug="hall", parent=city)
    elsewhere = factories.PlaceFactory(slug="nice")
    in_hall = factories.EngagementFactory(venue=venue).visit
    factories.EngagementFactory(venue=elsewhere)
    assert found(analyst_client, place="lyon") == [in_hall.slug]
    assert found(analyst_client, place=str(venue.pk)) == [in_hall.slug]


def test_a_visit_with_several_matching_engagements_is_listed_once(db, analyst_client):
    person = factories.PersonFactory(slug="twice")
    visit = factories.VisitFactory()
    for _ in range(2):
        factories.ParticipantFactory(person=person, engagement=factories.EngagementFactory(visit=visit))
    assert found(analyst_client, participant="twice") == [visit.slug]
    assert found(analyst_client, q="twice") == []
    assert found(analyst_client, q=person.name) == [visit.slug]


def test_date_filters_respect_the_precision_of_the_visit(db, analyst_client):
    month_only = factories.VisitFactory(
        slug="april", start_date=datetime.date(2021, 4, 1), start_precision=DatePrecision.MONTH
    )
    long_trip = factories.VisitFactory(
        slug="trip",
        start_date=datetime.date(2021, 3, 28),
        end_date=datetime.date(2021, 4, 2),
    )
    # 15 April lies inside "April 2021" but after the trip ended.
    assert found(analyst_client, date_after="2021-04-15", date_before="2021-04-15") == [month_only.slug]
    # The trip's last day, 2 April, overlaps a range that starts on it.
    assert set(found(analyst_client, date_after="2021-04-02", date_before="2021-04-02")) == {
        month_only.slug,
        long_trip.slug,
    }
    assert found(analyst_client, date_before="2021-03-31") == [long_trip.slug]


def test_drafts_are_hidden_from_analysts_and_shown_to_editors(db, analyst_client, editor_client):
    draft = factories.VisitFactory(slug="draft", status="draft")
    assert found(analyst_client) == []
    assert analyst_client.get(f"{URL}{draft.pk}/").status_code == 404
    assert found(editor_client) == [draft.slug]
