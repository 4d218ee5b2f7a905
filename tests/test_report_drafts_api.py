"""POST /api/v1/report-drafts/: the Innopolis report in, its proposal out, every quote pinned."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Person
from reports.extraction.gazetteer import Gazetteer

URL = "/api/v1/report-drafts/"
TEXT = (Path(__file__).resolve().parent.parent / "data/reports/innopolis-2021-04-30.txt").read_text()


def post(client, **data):
    return client.post(URL, {"published_on": "2021-04-30", **data}, content_type="application/json")


def every_quote(body):
    """Each quoted item in the proposal: (quote, start, end)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if {"quote", "start", "end"} <= value.keys() and isinstance(value["quote"], str):
                found.append((value["quote"], value["start"], value["end"]))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    return found


def by_key(body):
    return {item["key"]: item for group in ("people", "organisations", "places") for item in body[group]}


@pytest.mark.django_db
def test_the_innopolis_report_on_an_empty_register(editor_client):
    response = post(editor_client, text=TEXT, title="Innopolis")
    assert response.status_code == 200, response.content
    body = response.json()
    names = {person["name"]: person for person in body["people"]}
    assert set(names) == {"Nikol Pashinyan", "Mikhail Mishustin", "Ruslan Shigaleyev", "Renat Khalimov"}
    assert all(person["match"] is None for person in body["people"])
    assert (names["Nikol Pashinyan"]["title"], names["Nikol Pashinyan"]["acting"]) == ("Prime Minister", True)
    assert names["Ruslan Shigaleyev"]["title"] == "Mayor"
    assert names["Renat Khalimov"]["title_as_stated"] == "Director General of the Technopark"
    keys = by_key(body)
    visit = body["visit"]
    assert keys[visit["principal"]]["name"] == "Nikol Pashinyan"
    assert keys[visit["host_country"]]["name"] == "Russia"
    assert (visit["kind"], visit["start"], visit["end"]) == ("working", "2021-04-30", None)
    # Told second, happened first: "Before the visit to Innopolis".
    assert [keys[stop["venue"]]["name"] for stop in body["stops"]] == [
        "Kazan Expo International Exhibition Center",
        "Innopolis",
    ]
    assert body["stops"][0]["order_cue"]["quote"] == "Before the visit to Innopolis"
    roles = {
        (keys[p["person"]]["name"] if p["person"] else p["name_as_stated"], p["role"])
        for p in body["stops"][1]["participants"]
    }
    assert roles == {
        ("Nikol Pashinyan", "principal"),
        ("Ruslan Shigaleyev", "presenter"),
        ("Renat Khalimov", "presenter"),
    }
    facts = {(keys[f["place"]]["name"], f["kind"]): f for f in body["facts"]}
    assert (facts["Innopolis", "area"]["value"], facts["Innopolis", "area"]["unit"]) == ("1200", "ha")
    assert facts["Innopolis", "population"]["value"] == "3800"
    assert facts["Innopolis", "registered_companies"]["qualifier"] == "more_than"
    assert facts["Innopolis", "founded"]["as_of"] == "2015"
    quotes = every_quote(body)
    assert len(quotes) > 30
    for quote, start, end in quotes:
        assert body["text"][start:end] == quote


@pytest.mark.django_db
def test_a_register_that_knows_the_people_matches_them(editor_client, seeded):
    body = post(editor_client, text=TEXT).json()
    matches = {person["name"]: person["match"] for person in body["people"]}
    for slug in ("nikol-pashinyan", "mikhail-mishustin", "ruslan-shigaleyev", "renat-khalimov"):
        person = Person.objects.get(slug=slug)
        assert matches[person.name]["id"] == person.pk
    places = {place["name"]: place["match"] for place in body["places"]}
    assert places["Russia"]["slug"] == "russia"
    assert places["Kazan Expo International Exhibition Center"]["slug"] == "kazan-expo"


@pytest.mark.django_db
def test_names_are_matched_despite_spelling_and_inflection(editor_client, seeded):
    text = "Prime Minister Nikol Pashinian met Mayor Ruslan Shigaleev in Innopolis today."
    body = post(editor_client, text=text).json()
    matches = {person["name"]: (person["match"] or {}).get("slug") for person in body["people"]}
    assert matches == {"Nikol Pashinyan": "nikol-pashinyan", "Ruslan Shigaleyev": "ruslan-shigaleyev"}


@pytest.mark.django_db
def test_html_is_read_as_text(editor_client):
    html = (
        "<html><head><script>alert(1)</script><style>p{}</style></head><body><h1>News</h1>"
        "<p>President Anna Berg visited the Tallinn Port in Tallinn today.</p></body></html>"
    )
    body = post(editor_client, html=html).json()
    assert "alert" not in body["text"] and "<" not in body["text"]
    assert [person["name"] for person in body["people"]] == ["Anna Berg"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * 200_001}, "text"),
        ({"text": "A visit.", "published_on": "30/02/2021"}, "published_on"),
        ({"text": "A visit.", "url": "not a url"}, "url"),
        # Text fields take JSON text only, as the schema says; DRF's CharField took numbers.
        ({"html": 5}, "html"),
        ({"text": 12.5}, "text"),
        ({"text": "A visit.", "title": 7}, "title"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(editor_client, data, field):
    response = editor_client.post(URL, data, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_only_editors_draft(analyst_client, anonymous_client):
    assert post(anonymous_client, text=TEXT).status_code == 401
    assert post(analyst_client, text=TEXT).status_code == 403
    assert analyst_client.get(URL).status_code in (403, 405)


@pytest.mark.django_db
def test_the_gazetteer_loads_in_six_queries_whatever_the_register_holds(seeded):
    with CaptureQueriesContext(connection) as queries:
        gazetteer = Gazetteer.from_database()
    assert len(queries) == 6
    assert gazetteer.find("Nikol Pashinyan")[0].slug == "nikol-pashinyan"
