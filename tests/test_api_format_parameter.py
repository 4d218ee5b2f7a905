"""An unknown `?format=` is a 400 naming the format and listing those the endpoint writes.

An analyst asking a list for JSON Lines (`/api/v1/visits/?format=jsonl`, a format only the
exports write) or for a typo (`format=cvs`) used to get DRF's bare 404 "Not found.", as if the
resource did not exist.
"""

import pytest
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture
def api(analyst):
    factories.VisitFactory()
    client = APIClient()
    client.force_authenticate(analyst)
    return client


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("/api/v1/visits/", ["json", "csv"]),
        ("/api/v1/people/", ["json", "csv"]),
        ("/api/v1/visits/stats/by-country/", ["json", "csv"]),
        ("/api/v1/visits/who-met-whom/", ["json", "csv"]),
        ("/api/v1/visits/export/", ["csv", "jsonl"]),
    ],
)
@pytest.mark.parametrize("asked", ["xml", "cvs"])
def test_unknown_format_is_a_400_naming_it(api, url, valid, asked):
    response = api.get(url, {"format": asked})
    assert response.status_code == 400, response.content
    # In the endpoint's first format: JSON, or an export's CSV (its default).
    message = response.content.decode()
    assert "format" in message
    assert f"Unknown format {asked!r}" in message
    assert all(name in message for name in valid), message


def test_jsonl_on_a_list_points_to_the_export(api):
    response = api.get("/api/v1/visits/", {"format": "jsonl"})
    assert response.status_code == 400
    assert "json, csv" in response.json()["format"][0]


def test_unknown_format_on_a_detail_is_a_400(api):
    visit = factories.VisitFactory()
    response = api.get(f"/api/v1/visits/{visit.pk}/", {"format": "xml"})
    assert response.status_code == 400
    assert "'xml'" in response.json()["format"][0]


def test_known_formats_still_answer(api):
    assert api.get("/api/v1/visits/", {"format": "csv"}).status_code == 200
    assert api.get("/api/v1/visits/", {"format": "json"}).status_code == 200
    assert api.get("/api/v1/visits/export/", {"format": "jsonl"}).status_code == 200
