"""The bench's raw endpoint (bench/raw.py: plain SQL, Python, orjson) writes the API's bodies
byte for byte, for every figure it is the baseline of (docs/performance.md). PostgreSQL only,
as the bench."""

import pytest
from django.core.cache import cache
from django.db import connection

from tests import factories
from tests.test_api_list_read_path import varied  # noqa: F401 (a fixture)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench runs on PostgreSQL")

QUERIES = [
    "limit=100",
    "limit=2",
    "limit=2&offset=2",
    "limit=100&country=FR&date_after=2021-01-01&date_before=2021-12-31",
    "date_after=2022-10-15&date_before=2022",
    "limit=100&q=Pashinyan",
    "limit=100&q=technopark",
    "limit=100&q=an%20aide",
]


@pytest.fixture
def more(varied):  # noqa: F811
    france = factories.CountryFactory(iso_code="FR", name="France", slug="france")
    for year in (2020, 2021, 2021):
        factories.VisitFactory(host_country=france, start_date=f"{year}-05-01")


@pytest.mark.parametrize("query", QUERIES)
def test_raw_list_body_is_the_api_body(more, editor_client, query):
    from bench.raw import visit_list_body

    api = editor_client.get(f"/api/v1/visits/?{query}")
    assert api.status_code == 200
    assert api.json()["results"], "a figure over an empty list proves nothing"
    assert visit_list_body(query) == api.content


def test_raw_by_country_body_is_the_api_body(more, editor_client):
    from bench.raw import by_country_body

    cache.clear()
    api = editor_client.get("/api/v1/visits/stats/by-country/")
    assert api.status_code == 200 and len(api.json()) >= 2
    assert by_country_body() == api.content
