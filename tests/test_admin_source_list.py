"""The admin's list of sources counts each source's citations without grouping the sources.

Counted by Count() over a join, the list, each of its filters (publisher, language) and the date
hierarchy grouped by every column of the source, its full text included: with the Historian's 73
files (up to ~1 MB each) /admin/sources/source/ took 1.6-1.8 s on SQLite for 74 sources.
"""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories


def test_the_list_counts_citations_without_grouping_by_the_sources(db, superuser):
    long_text = "The minister visited the city. " + "Filler words of a long report. " * 20_000
    cited = factories.SourceFactory(slug="cited", text=long_text, publisher="Press office A")
    factories.SourceFactory(slug="uncited", text=long_text, publisher="Press office B", language="fr")
    for _ in range(3):
        factories.CitationFactory(source=cited)
    client = Client()
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/sources/source/", {"o": "-5"})  # most cited first
    assert response.status_code == 200
    counts = [int(n) for n in re.findall(r'field-citation_count">(\d+)<', response.content.decode())]
    assert counts == [3, 0]
    grouped = [q["sql"] for q in queries.captured_queries if 'GROUP BY "sources_source"' in q["sql"]]
    assert grouped == []
