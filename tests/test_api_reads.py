"""What API lists read from the database, beyond how many queries (tests/test_api_query_counts.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.parametrize("url", ["/api/v1/visits/", "/api/v1/engagements/", "/api/v1/citations/"])
def test_lists_of_cited_records_do_not_read_the_sources_full_text(seeded, analyst_client, url):
    # A source's text is the whole report (tens of kB); lists show sources in brief, once per citation.
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(url)
    assert response.status_code == 200
    assert any('"sources_source"' in query["sql"] for query in queries.captured_queries)
    assert not any('"sources_source"."text"' in query["sql"] for query in queries.captured_queries)
