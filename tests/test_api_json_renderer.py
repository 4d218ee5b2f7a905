"""The API's JSON is encoded by orjson (common.api.renderers.FastJSONRenderer): byte for byte
what DRF's own JSONRenderer writes, on every kind of response."""

import datetime
import decimal
import json

import pytest
from rest_framework.renderers import JSONRenderer

from common.api.renderers import FastJSONRenderer
from tests import factories

URLS = [
    "/api/v1/",
    "/api/v1/visits/",
    "/api/v1/visits/?brief=1",
    "/api/v1/visits/pashinyan-innopolis-2021-04-30/",
    "/api/v1/engagements/",
    "/api/v1/participants/",
    "/api/v1/people/",
    "/api/v1/organisations/",
    "/api/v1/memberships/",
    "/api/v1/places/",
    "/api/v1/place-facts/",
    "/api/v1/sources/",
    "/api/v1/citations/",
    "/api/v1/changes/",
    "/api/v1/visits/stats/by-country/",
    "/api/v1/visits/stats/by-year/",
    "/api/v1/visits/who-met-whom/",
    "/api/v1/visits/?date_after=2021-13",  # an error body
    "/api/v1/visits/999999/",  # not found
]


@pytest.mark.parametrize("url", URLS)
def test_api_responses_are_what_drfs_renderer_writes(seeded, editor_client, url):
    response = editor_client.get(url)
    assert response["Content-Type"] == "application/json"
    assert response.content == JSONRenderer().render(response.data)
    assert json.loads(response.content)  # and it is JSON


def test_values_orjson_would_write_its_own_way_are_written_as_drf_writes_them():
    data = {
        "when": datetime.datetime(2021, 4, 30, 10, 5, 1, 123456, tzinfo=datetime.UTC),
        "day": datetime.date(2021, 4, 30),
        "time": datetime.time(10, 5),
        "amount": decimal.Decimal("1.50"),
        "line breaks for JavaScript": "a\u2028b\u2029c",
        "not ascii": "Ереван",
        1: "an integer key",
        "nested": [{"float": 0.1, "none": None, "bool": True}],
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_indented_output_on_request(seeded, editor_client):
    response = editor_client.get("/api/v1/places/", HTTP_ACCEPT="application/json; indent=2")
    assert response.content.startswith(b'{\n  "count"')


def test_an_unknown_value_is_refused_as_drf_refuses_it():
    with pytest.raises(TypeError):
        JSONRenderer().render({"x": object()})
    with pytest.raises(TypeError):
        FastJSONRenderer().render({"x": object()})


def test_a_list_page_of_factory_records(db, editor_client):
    for n in range(3):
        factories.ParticipantFactory(name_as_stated=f"Guest {n} \u2028", person=None)
    response = editor_client.get("/api/v1/participants/")
    assert response.content == JSONRenderer().render(response.data)
