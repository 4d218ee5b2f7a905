"""The world map, who met whom and the timeline over a whole filtered list (issue 15, items 3, 4, 6):
the figures each page hands its script and shows as tables, filters, drafts hidden, escaping,
bad input, and queries that do not grow with the rows."""

import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from pages import timeline
from pages.maps import numeric_code
from places.models import PlaceKind
from tests import factories
from visits.models import VisitStatus


def embedded(response, element_id):
    """The JSON a page embeds with json_script under `element_id`."""
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.text, re.S
    )
    assert match, f"no #{element_id} on the page"
    return json.loads(match.group(1))


@pytest.fixture
def world(db):
    russia = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    france = factories.CountryFactory(iso_code="FR", name="France", slug="france")
    kazan = factories.PlaceFactory(name="Kazan", slug="kazan", parent=russia, latitude=55.79, longitude=49.12)
    expo = factories.PlaceFactory(
        name="Kazan Expo",
        slug="kazan-expo",
        kind=PlaceKind.VENUE,
        parent=kazan,
        latitude=55.61,
        longitude=49.28,
    )
    ada = factories.PersonFactory(name="Ada Lovelace", slug="ada")
    bob = factories.PersonFactory(name="Bob Brown", slug="bob")
    cy = factories.PersonFactory(name="Cy Young", slug="cy")
    return {
        "russia": russia,
        "france": france,
        "kazan": kazan,
        "expo": expo,
        "ada": ada,
        "bob": bob,
        "cy": cy,
    }


def visit(world, *, country, year=2021, status=VisitStatus.HELD, people=(), principal=None):
    """A visit to `country` with one stop at which `people` took part."""
    made = factories.VisitFactory(
        principal=principal or world["ada"],
        host_country=world[country],
        start_date=datetime.date(year, 4, 30),
        status=status,
    )
    stop = factories.EngagementFactory(visit=made, venue=world["expo"] if country == "russia" else None)
    for person in people:
        factories.ParticipantFactory(engagement=stop, person=person)
    return made


def test_numeric_codes_come_from_pycountry():
    assert numeric_code("RU") == "643"
    assert numeric_code("FR") == "250"
    assert numeric_code("SUHH") == "810"  # a former country: pycountry's historic table
    assert numeric_code("XK") == ""  # user-assigned: no shape, table only
    assert numeric_code("") == ""


def test_home_map_counts_visits_per_country_for_the_current_filter(world, analyst_client):
    for _ in range(3):
        visit(world, country="russia")
    visit(world, country="france")
    visit(world, country="france", status=VisitStatus.DRAFT)  # an analyst does not see drafts

    data = embedded(analyst_client.get("/"), "map-data")
    assert {c["id"]: c["visits"] for c in data["countries"]} == {"643": 3, "250": 1}
    russia = next(c for c in data["countries"] if c["id"] == "643")
    assert parse_qs(urlsplit(russia["url"]).query) == {"country": ["russia"]}

    # The filter of the list applies to the map, and clicking keeps it.
    response = analyst_client.get("/?principal=ada&date_after=2021")
    countries = embedded(response, "map-data")["countries"]
    assert {c["id"]: c["visits"] for c in countries} == {"643": 3, "250": 1}
    query = parse_qs(urlsplit(countries[0]["url"]).query)
    assert query == {"principal": ["ada"], "date_after": ["2021"], "country": ["russia"]}
    # The same figures as a table, for screen readers and without JavaScript.
    assert re.search(r">Russia</a></td><td class=\"num\">3</td>", response.text)
    assert re.search(r">France</a></td><td class=\"num\">1</td>", response.text)


def test_editor_map_counts_drafts(world, editor_client):
    visit(world, country="france", status=VisitStatus.DRAFT)
    assert embedded(editor_client.get("/"), "map-data")["countries"][0]["visits"] == 1


def test_a_bad_filter_shows_its_message_and_no_figures(world, analyst_client):
    visit(world, country="russia")
    response = analyst_client.get("/?date_after=April")
    assert response.status_code == 400
    assert "date_after" in response.text
    assert 'id="map-data"' not in response.text


def test_timeline_draws_each_visit_when_few(world, analyst_client):
    visit(world, country="russia", year=2019)
    visit(world, country="france", year=2021)
    data = embedded(analyst_client.get("/"), "timeline-data")
    assert len(data["items"]) == 2
    assert "counts" not in data


def test_timeline_counts_per_year_over_the_whole_list_when_many(world, analyst_client, monkeypatch):
    monkeypatch.setattr(timeline, "ITEMS_AT_MOST", 2)
    for year in (1990, 1990, 2000, 2021):
        visit(world, country="russia", year=year)
    response = analyst_client.get("/")
    data = embedded(response, "timeline-data")
    assert data["items"] == []
    assert data["unit"] == "year"
    assert [(c["period"], c["visits"]) for c in data["counts"]] == [("1990", 2), ("2000", 1), ("2021", 1)]
    first = data["counts"][0]
    assert (first["start"], first["end"]) == ("1990-01-01", "1991-01-01")
    # Each bar lists its period's visits, and does.
    assert parse_qs(urlsplit(first["url"]).query) == {"date_after": ["1990"], "date_before": ["1990"]}
    assert analyst_client.get(first["url"]).content.count(b'class="visit-row"') == 2
    assert "Visits per year, as a table (3 years)" in response.text


def test_timeline_counts_per_month_within_a_few_years(world, analyst_client, monkeypatch):
    monkeypatch.setattr(timeline, "ITEMS_AT_MOST", 1)
    factories.VisitFactory(host_country=world["russia"], start_date=datetime.date(2021, 4, 2))
    factories.VisitFactory(host_country=world["russia"], start_date=datetime.date(2021, 4, 20))
    factories.VisitFactory(host_country=world["russia"], start_date=datetime.date(2022, 2, 1))
    data = embedded(analyst_client.get("/?country=russia"), "timeline-data")
    assert data["unit"] == "month"
    assert [(c["period"], c["visits"], c["end"]) for c in data["counts"]] == [
        ("2021-04", 2, "2021-05-01"),
        ("2022-02", 1, "2022-03-01"),
    ]
    assert parse_qs(urlsplit(data["counts"][0]["url"]).query)["country"] == ["russia"]


def test_network_page_lists_the_strongest_pairs_first(world, analyst_client):
    ada, bob, cy = world["ada"], world["bob"], world["cy"]
    visit(world, country="russia", people=[ada, bob])
    visit(world, country="france", people=[ada, bob])
    visit(world, country="france", people=[bob, cy])
    visit(world, country="france", people=[ada, cy], status=VisitStatus.DRAFT)  # hidden from an analyst

    response = analyst_client.get("/network/")
    assert response.status_code == 200
    data = embedded(response, "network-data")
    names = {node["id"]: node["label"] for node in data["nodes"]}
    pairs = [({names[e["from"]], names[e["to"]]}, e["value"]) for e in data["edges"]]
    assert pairs == [({"Ada Lovelace", "Bob Brown"}, 2), ({"Bob Brown", "Cy Young"}, 1)]
    assert "2 pairs" in response.text
    rows = re.findall(
        r"<tr><td><a [^>]*>([^<]+)</a></td><td><a [^>]*>([^<]+)</a></td><td class=\"num\">(\d+)",
        response.text,
    )
    assert rows == [("Ada Lovelace", "Bob Brown", "2"), ("Bob Brown", "Cy Young", "1")]

    # The list's filters apply; the control keeps them.
    filtered = analyst_client.get("/network/?country=russia&pairs=25")
    assert [(e["value"]) for e in embedded(filtered, "network-data")["edges"]] == [1]
    assert '<input type="hidden" name="country" value="russia">' in filtered.text


def test_network_control_takes_only_its_choices(world, analyst_client):
    response = analyst_client.get("/network/?pairs=7")
    assert response.status_code == 400
    assert "pairs" in response.text and "&#x27;7&#x27; is not one of 25, 50, 100, 250" in response.text
    assert analyst_client.get("/people/ada/?pairs=lots").status_code == 400
    assert analyst_client.get("/network/?country=atlantis").status_code == 400


def test_network_limits_to_the_strongest(world, analyst_client):
    people = [factories.PersonFactory() for _ in range(9)]
    visit(world, country="russia", people=people)  # 36 pairs at one stop
    response = analyst_client.get("/network/?pairs=25")
    assert len(embedded(response, "network-data")["edges"]) == 25
    assert "the 25 strongest of 36 pairs" in response.text


def test_person_page_has_their_destinations_and_whom_they_met(world, analyst_client):
    ada, bob, cy = world["ada"], world["bob"], world["cy"]
    visit(world, country="russia", people=[ada, bob, cy])
    visit(world, country="france", principal=bob, people=[bob, cy])  # without Ada
    response = analyst_client.get("/people/ada/")
    countries = embedded(response, "map-data")["countries"]
    assert [(c["name"], c["visits"]) for c in countries] == [("Russia", 1)]
    assert parse_qs(urlsplit(countries[0]["url"]).query) == {"participant": ["ada"], "country": ["russia"]}
    network = embedded(response, "network-data")
    assert sorted(node["label"] for node in network["nodes"]) == ["Ada Lovelace", "Bob Brown", "Cy Young"]
    assert [node["label"] for node in network["nodes"] if node.get("centre")] == ["Ada Lovelace"]
    # Only pairs with Ada: Bob and Cy also met without her.
    assert len(network["edges"]) == 2
    assert "Whom Ada Lovelace met" in response.text


def test_person_network_is_who_met_whoms_pairs_with_them(world, analyst_client, editor_client):
    """The person page reads their partners from their own stops (visits.aggregates.partners_of);
    the result is who_met_whom's pairs that include them, counts and drafts' rule alike."""
    from visits.aggregates import who_met_whom
    from visits.models import Visit

    ada, bob, cy = world["ada"], world["bob"], world["cy"]
    visit(world, country="russia", people=[ada, bob, cy])
    visit(world, country="france", people=[ada, bob])
    visit(world, country="france", people=[ada, cy], status=VisitStatus.DRAFT)
    visit(world, country="france", principal=bob, people=[bob, cy])
    for client, statuses, expected in (
        (analyst_client, [VisitStatus.HELD], {("Bob Brown", 2), ("Cy Young", 1)}),
        (editor_client, [VisitStatus.HELD, VisitStatus.DRAFT], {("Bob Brown", 2), ("Cy Young", 2)}),
    ):
        network = embedded(client.get("/people/ada/"), "network-data")
        names = {node["id"]: node["label"] for node in network["nodes"]}
        edges = {(names[e["to"] if e["from"] == ada.pk else e["from"]], e["value"]) for e in network["edges"]}
        assert edges == expected
        pairs = who_met_whom(Visit.objects.filter(status__in=statuses))
        with_ada = {
            (
                row["engagement__participants__person__name"]
                if row["person_id"] == ada.pk
                else row["person__name"],
                row["engagements"],
            )
            for row in pairs
            if ada.pk in (row["person_id"], row["engagement__participants__person_id"])
        }
        assert edges == with_ada


def test_place_page_shows_its_located_places_as_points(world, analyst_client):
    response = analyst_client.get("/places/kazan/")
    data = embedded(response, "map-data")
    assert [(p["name"], p["kind"], p["lat"], p["lon"]) for p in data["points"]] == [
        ("Kazan Expo", "Venue", 55.61, 49.28),
        ("Kazan", "City", 55.79, 49.12),
    ]
    assert data["focus"] == "643"  # the map is fitted to Russia
    assert data["points"][0]["url"] == "/places/kazan-expo/"
    assert "Places on the map, as a table (2)" in response.text
    # A place with nothing located has no map.
    assert 'id="map-data"' not in analyst_client.get("/places/france/").text


def test_names_are_escaped_in_the_embedded_data(world, analyst_client):
    hostile = "</script><script>alert(1)</script>"
    world["bob"].name = hostile
    world["bob"].save()
    world["russia"].name = hostile
    world["russia"].save()
    visit(world, country="russia", people=[world["ada"], world["bob"]])
    for url in ("/", "/network/", "/people/ada/"):
        text = analyst_client.get(url).text
        assert "<script>alert(1)" not in text, url
    assert embedded(analyst_client.get("/network/"), "network-data")["nodes"][1]["label"] == hostile


def home_queries(client, world, visits):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.VisitFactory.create_batch(visits, host_country=world["russia"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_home_queries_do_not_grow_with_visits(world, analyst_client, monkeypatch):
    """The same queries for 1 visit as for 30 (the timeline's items: its visits in one query)
    and for 31 as for 120 (counts per year, then per month: one query more); the whole count is
    in tests/test_pages_queries.py."""
    monkeypatch.setattr(timeline, "ITEMS_AT_MOST", 30)
    one = home_queries(analyst_client, world, 1)
    thirty = home_queries(analyst_client, world, 29)
    assert len(one) == len(thirty)
    many = home_queries(analyst_client, world, 1)
    assert len(many) == len(one) + 1
    # Visits per year and per month (all in 2021) in place of the visits themselves.
    assert sum("GROUP BY" in sql for sql in many) == sum("GROUP BY" in sql for sql in one) + 2
    assert len(home_queries(analyst_client, world, 89)) == len(many)


@pytest.mark.parametrize("people", [2, 12])
def test_network_queries_do_not_grow_with_pairs(world, analyst_client, django_assert_num_queries, people):
    visit(world, country="russia", people=[factories.PersonFactory() for _ in range(people)])
    # session, user, permissions x2, then the pairs and their count
    with django_assert_num_queries(4 + 2):
        assert analyst_client.get("/network/?pairs=25").status_code == 200
