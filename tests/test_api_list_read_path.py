"""The visit list reads its page by id (common.api.reads); a visit's detail still reads through
its queryset's joins and prefetches. Both must write each visit the same, byte for byte."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.partial_dates import DatePrecision
from tests import factories
from visits.models import VisitStatus


@pytest.fixture
def varied(seeded):
    """The seeded visit plus what it lacks: a trip and a draft trip as parents, a visit known to
    the month (posts held over part of it), a name-only participant, an organisation on a
    participant, stops without venue, citations from two sources at every level."""
    country = factories.CountryFactory()
    organisation = factories.OrganisationFactory(country=country)
    person = factories.PersonFactory()
    factories.MembershipFactory(
        person=person, organisation=organisation, start_date=datetime.date(2019, 1, 1)
    )
    factories.MembershipFactory(
        person=person,
        organisation=organisation,
        title="Deputy",
        acting=True,
        start_date=datetime.date(2022, 10, 10),
    )
    trip = factories.VisitFactory(principal=person, host_country=country, title="A trip")
    draft_trip = factories.VisitFactory(principal=person, status=VisitStatus.DRAFT, title="Draft trip")
    month = factories.VisitFactory(
        principal=person,
        host_country=country,
        parent=trip,
        start_date=datetime.date(2022, 10, 1),
        start_precision=DatePrecision.MONTH,
    )
    factories.VisitFactory(principal=person, host_country=country, parent=draft_trip)
    first_source, second_source = factories.SourceFactory(), factories.SourceFactory()
    for sequence in (2, 1):
        stop = factories.EngagementFactory(
            visit=month, sequence=sequence, venue=None, host_organisation=organisation
        )
        factories.ParticipantFactory(engagement=stop, person=person, organisation=organisation)
        factories.ParticipantFactory(engagement=stop, person=None, name_as_stated="An aide", role="other")
        for record in (stop, *stop.participants.all()):
            factories.CitationFactory(source=second_source, content_object=record)
            factories.CitationFactory(source=first_source, content_object=record)
    factories.CitationFactory(source=second_source, content_object=month)
    factories.CitationFactory(source=first_source, content_object=month)


def items_and_details(client, query=""):
    listed = client.get(f"/api/v1/visits/?limit=1000{query}")
    assert listed.status_code == 200
    results = listed.json()["results"]
    assert len(results) >= 4  # the draft trip is hidden from analysts
    for item in results:
        detail = client.get(f"/api/v1/visits/{item['id']}/?{query.lstrip('&')}")
        assert detail.status_code == 200
        yield item, detail.json()


@pytest.mark.parametrize("persona", ["editor_client", "analyst_client"])
@pytest.mark.parametrize("query", ["", "&brief=1", "&fields=id,title,parent,engagements,citations"])
def test_every_listed_visit_is_written_as_its_detail(varied, request, persona, query):
    client = request.getfixturevalue(persona)
    pairs = list(items_and_details(client, query))
    for item, detail in pairs:
        # json.dumps keeps the keys' order: the same fields in the same order, the same values.
        assert json.dumps(item, ensure_ascii=False) == json.dumps(detail, ensure_ascii=False)
    if "brief" not in query:
        # The cases the fixture built are in the list: a visible and a hidden parent, candidates.
        parents = [item["parent"] for item, _detail in pairs]
        assert any(parent and parent["display"].startswith("A trip") for parent in parents)
        shown_titles = [parent["display"] for parent in parents if parent]
        assert any("Draft trip" in title for title in shown_titles) == (persona == "editor_client")
    if not query:
        held = [p["title_held"] for item, _ in pairs for e in item["engagements"] for p in e["participants"]]
        assert any("(part of October 2022)" in title for title in held)


def test_the_list_reads_only_the_shown_long_texts(varied, analyst_client):
    with CaptureQueriesContext(connection) as queries:
        assert analyst_client.get("/api/v1/visits/?fields=id,title").status_code == 200
    visit_reads = [q["sql"] for q in queries if 'FROM "visits_visit"' in q["sql"]]
    assert visit_reads and not any('"summary"' in sql for sql in visit_reads)
    with CaptureQueriesContext(connection) as queries:
        assert analyst_client.get("/api/v1/visits/").status_code == 200
    sources = [q["sql"] for q in queries if 'FROM "sources_source"' in q["sql"]]
    # A citation shows its source in brief: the source's full text is never read.
    assert sources and not any('"sources_source"."text"' in sql for sql in sources)


def test_a_search_runs_once_for_its_count_and_its_page(varied, editor_client):
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get("/api/v1/visits/?q=visit&limit=1&offset=1").json()
    # The search is a UNION of indexed lookups (VisitFilterSet.search): one query holds it.
    assert len([q for q in queries if "UNION" in q["sql"]]) == 1
    every = editor_client.get("/api/v1/visits/?q=visit&limit=1000").json()
    assert page["count"] == every["count"] == len(every["results"]) >= 3
    assert [v["id"] for v in page["results"]] == [v["id"] for v in every["results"][1:2]]
    assert page["next"] and page["previous"]
