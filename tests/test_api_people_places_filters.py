"""People, organisation, membership and place filters, on the seeded data and on factories."""

import datetime

import pytest

from people.models import Membership
from places.models import PlaceKind
from tests import factories


def slugs(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"name": "mishustin"}, ["mikhail-mishustin"]),
        ({"q": "Khalimov"}, ["renat-khalimov"]),
        ({"post": "Prime Minister"}, ["mikhail-mishustin", "nikol-pashinyan"]),
        ({"post": "mayor"}, ["ruslan-shigaleyev"]),
        ({"organisation": "government-of-armenia"}, ["nikol-pashinyan"]),
        ({"organisation": "government-of-russia", "post": "Prime Minister"}, ["mikhail-mishustin"]),
        ({"organisation": "government-of-russia", "post": "Mayor"}, []),
        ({"holds_post_on": "2021-04-30", "post": "Director General"}, ["renat-khalimov"]),
    ],
)
def test_people_filters_on_seeded_data(seeded, analyst_client, params, expected):
    assert slugs(analyst_client, "/api/v1/people/", **params) == expected


def test_people_found_by_other_name(db, analyst_client):
    name = factories.PersonNameFactory(name="Никол Пашинян")
    factories.PersonFactory()
    assert slugs(analyst_client, "/api/v1/people/", name="Пашинян") == [name.person.slug]
    assert slugs(analyst_client, "/api/v1/people/", q="Пашинян") == [name.person.slug]


def test_holds_post_on_uses_the_dates_of_one_and_the_same_post(db, analyst_client):
    ministry = factories.OrganisationFactory(slug="ministry")
    before = factories.MembershipFactory(
        organisation=ministry,
        title="Minister",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    # Held a post in the same ministry in 2021, but not the post of minister.
    factories.MembershipFactory(
        person=before.person, organisation=ministry, title="Adviser", start_date=datetime.date(2020, 1, 1)
    )
    now = factories.MembershipFactory(
        organisation=ministry, title="Minister", start_date=datetime.date(2019, 6, 1)
    )
    url = "/api/v1/people/"
    assert slugs(analyst_client, url, post="Minister", holds_post_on="2021-04-30") == [now.person.slug]
    assert slugs(analyst_client, url, post="Minister", holds_post_on="2012-01-01") == [before.person.slug]
    assert slugs(analyst_client, url, organisation="ministry", holds_post_on="2021-04-30") == sorted(
        [before.person.slug, now.person.slug]
    )


def test_holds_post_on_counts_an_end_of_month_precision_to_the_months_last_day(db, analyst_client):
    post = factories.MembershipFactory(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 4, 1), end_precision="month"
    )
    assert Membership.objects.count() == 1
    assert slugs(analyst_client, "/api/v1/people/", holds_post_on="2021-04-30") == [post.person.slug]
    assert slugs(analyst_client, "/api/v1/people/", holds_post_on="2021-05-01") == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "country"}, ["armenia", "russia"]),
        (
            {"kind": ["venue", "region"]},
            ["innopolis-technopark", "innopolis-university", "kazan-expo", "tatarstan"],
        ),
        ({"parent": "innopolis"}, ["innopolis-technopark", "innopolis-university"]),
        ({"country": "AM"}, ["armenia"]),
        ({"country": "RU", "kind": "city"}, ["innopolis", "kazan"]),
        ({"within": "tatarstan", "kind": "city"}, ["innopolis", "kazan"]),
        ({"q": "innopolis"}, ["innopolis", "innopolis-technopark", "innopolis-university"]),
    ],
)
def test_place_filters_on_seeded_data(seeded, analyst_client, params, expected):
    assert slugs(analyst_client, "/api/v1/places/", **params) == expected


def test_place_found_by_other_name_and_country_code(db, analyst_client):
    from places.models import PlaceName

    city = factories.PlaceFactory(slug="yerevan", parent=factories.CountryFactory(iso_code="AM"))
    PlaceName.objects.create(place=city, name="Երևան", language="hy")
    factories.PlaceFactory(slug="paris")
    assert slugs(analyst_client, "/api/v1/places/", q="Երևան") == ["yerevan"]
    assert slugs(analyst_client, "/api/v1/places/", country="am", kind=PlaceKind.CITY) == ["yerevan"]


def test_organisation_and_membership_filters(seeded, analyst_client):
    assert slugs(analyst_client, "/api/v1/organisations/", country="RU", kind="government") == [
        "government-of-russia"
    ]
    response = analyst_client.get("/api/v1/memberships/", {"acting": "true"})
    assert [row["person"]["slug"] for row in response.json()["results"]] == ["nikol-pashinyan"]
    response = analyst_client.get(
        "/api/v1/memberships/", {"held_on": "2021-04-30", "organisation": "innopolis-technopark"}
    )
    assert [row["person"]["slug"] for row in response.json()["results"]] == ["renat-khalimov"]


def test_ordering_by_name_and_default_order_is_stable(db, analyst_client):
    for slug in ["b", "a", "c"]:
        factories.PersonFactory(slug=slug, name="Same Name", sort_name="Same")
    assert [r["slug"] for r in analyst_client.get("/api/v1/people/").json()["results"]] == ["b", "a", "c"]
    ordered = analyst_client.get("/api/v1/people/", {"ordering": "-slug"}).json()["results"]
    assert [r["slug"] for r in ordered] == ["c", "b", "a"]
