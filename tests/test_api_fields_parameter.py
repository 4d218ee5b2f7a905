"""`?fields=` naming no field (`fields=,`) is no selection, as a blank `fields=` is: every field.

It returned each record as an empty object (`{"results": [{}]}`): rows with nothing in them.
"""

import pytest
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture
def api(analyst):
    factories.VisitFactory(slug="only-visit")
    client = APIClient()
    client.force_authenticate(analyst)
    return client


def first(body):
    return body["results"][0] if "results" in body else body


@pytest.mark.parametrize("value", [",", " , ,", ""])
@pytest.mark.parametrize("url", ["/api/v1/visits/", "/api/v1/visits/only-visit/"])
def test_fields_naming_no_field_gives_every_field(api, url, value):
    response = api.get(url, {"fields": value})
    assert response.status_code == 200
    assert first(response.json()) == first(api.get(url).json())


def test_named_fields_still_select(api):
    assert api.get("/api/v1/visits/", {"fields": "slug,"}).json()["results"] == [{"slug": "only-visit"}]
