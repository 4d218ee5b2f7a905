"""Full exports (issue 13, item 3): `/api/v1/<resource>/export/?format=csv|jsonl`, every matching
row streamed, with the filter and the count stated; over every resource of the router."""

import csv
import datetime
import gc
import io
import json
import weakref

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from common.api import export
from config.api_router import router
from tests import factories
from visits.models import Visit, VisitStatus

RESOURCES = [prefix for prefix, viewset, _ in router.registry if hasattr(viewset, "export")]


def body(response):
    return b"".join(response.streaming_content).decode()


def read_csv(response):
    lines = body(response)
    note, _, rest = lines.partition("\r\n")
    return note, list(csv.DictReader(io.StringIO(rest)))


def read_jsonl(response):
    meta, *rows = [json.loads(line) for line in body(response).splitlines()]
    return meta["export"], rows


def visit_with_parts(iso_code="FR"):
    """A visit shaped like the fixture's: a stop, a participant holding a post, a citation."""
    visit = factories.VisitFactory(host_country=factories.CountryFactory(iso_code=iso_code))
    participant = factories.ParticipantFactory(engagement=factories.EngagementFactory(visit=visit))
    factories.MembershipFactory(person=participant.person)
    factories.CitationFactory(content_object=visit)


@pytest.fixture
def client(db, editor):
    for iso_code in ("RU", "FR"):
        visit_with_parts(iso_code)
        factories.PlaceFactFactory()
    api = APIClient()
    api.force_authenticate(editor)
    return api


@pytest.mark.parametrize("prefix", RESOURCES)
def test_export_holds_what_the_list_holds(client, prefix):
    listed = client.get(f"/api/v1/{prefix}/", {"limit": 1000}).json()
    response = client.get(f"/api/v1/{prefix}/export/", {"format": "jsonl"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl"
    meta, rows = read_jsonl(response)
    assert meta["count"] == listed["count"] == len(rows) == int(response["X-Total-Count"])
    assert rows == listed["results"]

    response = client.get(f"/api/v1/{prefix}/export/", {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    note, csv_rows = read_csv(response)
    assert note.startswith(f"# {listed['count']} ")
    assert [int(row["id"]) for row in csv_rows] == [row["id"] for row in listed["results"]]
    header = client.get(f"/api/v1/{prefix}/?format=csv").content.decode().splitlines()[0]
    assert list(csv_rows[0]) == next(csv.reader([header]))


def test_export_states_the_filter_and_applies_it(client):
    response = client.get("/api/v1/visits/export/", {"country": "RU", "format": "csv", "ordering": "-start"})
    note, rows = read_csv(response)
    assert note.startswith("# 1 visit; filter: country=RU&ordering=-start; exported ")
    assert response["X-Export-Filter"] == "country=RU&ordering=-start"
    assert [row["host_country.slug"] for row in rows] == ["country-ru"]
    meta, rows = read_jsonl(client.get("/api/v1/visits/export/", {"country": "RU,FR", "format": "jsonl"}))
    assert (meta["count"], meta["filter"], len(rows)) == (2, "country=RU%2CFR", 2)


def test_export_is_every_row_past_a_page_and_a_chunk(client, editor, monkeypatch):
    monkeypatch.setattr(export, "EXPORT_CHUNK", 7)  # many chunks from a few rows
    template = Visit.objects.first()
    Visit.objects.bulk_create(
        Visit(
            title=f"Bulk {n}",
            slug=f"bulk-{n}",
            principal_id=template.principal_id,
            host_country_id=template.host_country_id,
            kind=template.kind,
            start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
            status=VisitStatus.HELD,
        )
        for n in range(1100)
    )
    meta, rows = read_jsonl(client.get("/api/v1/visits/export/", {"format": "jsonl", "ordering": "start"}))
    assert meta["count"] == len(rows) == Visit.objects.count() == 1102
    assert len({row["id"] for row in rows}) == 1102
    assert [row["start"] for row in rows] == sorted(row["start"] for row in rows)
    note, csv_rows = read_csv(client.get("/api/v1/visits/export/", {"brief": "1"}))
    assert note.startswith("# 1102 visits;") and len(csv_rows) == 1102


def test_export_hides_drafts_from_analysts(client, analyst):
    draft = factories.VisitFactory(status=VisitStatus.DRAFT)
    api = APIClient()
    api.force_authenticate(analyst)
    meta, rows = read_jsonl(api.get("/api/v1/visits/export/", {"format": "jsonl"}))
    assert draft.pk not in {row["id"] for row in rows}
    assert meta["count"] == len(rows) == Visit.objects.exclude(status=VisitStatus.DRAFT).count()
    meta, rows = read_jsonl(client.get("/api/v1/visits/export/", {"format": "jsonl"}))
    assert draft.pk in {row["id"] for row in rows}


def test_export_neutralises_formula_cells(client):
    factories.VisitFactory(title='=HYPERLINK("http://evil")')
    _note, rows = read_csv(client.get("/api/v1/visits/export/", {"q": "HYPERLINK"}))
    assert [row["title"] for row in rows] == ['\'=HYPERLINK("http://evil")']


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_refuses_bad_parameters_by_name(client, fmt):
    response = client.get("/api/v1/visits/export/", {"format": fmt, "year": "2021"})
    assert response.status_code == 400
    assert "year" in response.content.decode()
    response = client.get("/api/v1/visits/export/", {"format": fmt, "country": "no-such-country"})
    assert response.status_code == 400
    assert "no-such-country" in response.content.decode()
    assert client.get("/api/v1/visits/export/", {"format": fmt, "limit": "5"}).status_code == 400


def test_export_needs_credentials(db):
    assert APIClient().get("/api/v1/visits/export/").status_code == 401


# The visit's read path (common.api.reads): one query per relation read, whatever the rows.
# A chunk of visits: the visits, stops, participants, their citations (3 queries), people,
# places, sources, posts and organisations.
PER_CHUNK = 11


def export_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        body(client.get("/api/v1/visits/export/", {"format": "jsonl", **params}))
    return len(queries)


def test_export_queries_are_a_fixed_number_per_chunk(client, monkeypatch):
    monkeypatch.setattr(export, "EXPORT_CHUNK", 2)
    export_queries(client)  # the user's permissions and content types, cached from then on
    one_chunk = export_queries(client)  # the fixture's 2 visits: one chunk
    visit_with_parts(), visit_with_parts()
    two_chunks = export_queries(client)
    visit_with_parts(), visit_with_parts()
    three_chunks = export_queries(client)
    per_chunk = two_chunks - one_chunk
    assert three_chunks - two_chunks == per_chunk == PER_CHUNK
    # Besides the chunks: the count and the ordered ids.
    assert one_chunk == 2 + per_chunk


def test_visit_list_page_links_to_the_export_of_its_filter(client, editor):
    from django.test import Client

    browser = Client()
    browser.force_login(editor)
    response = browser.get("/", {"country": "RU", "page": "1"})
    links = response.context["export"]
    assert links["csv"] == "/api/v1/visits/export/?country=RU&format=csv"
    assert links["jsonl"] == "/api/v1/visits/export/?country=RU&format=jsonl"
    assert 'href="/api/v1/visits/export/?country=RU&amp;format=csv"' in response.content.decode()
    meta, rows = read_jsonl(browser.get(links["jsonl"]))  # the page's session is enough
    assert meta["count"] == len(rows) == 1


def test_a_chunk_is_let_go_before_the_next_is_read(client, monkeypatch):
    """Constant memory: when a chunk is read, no record of the chunks before it is left, neither
    held by the loop (two chunks at the peak) nor as cyclic garbage waiting for the collector (a
    stop knows its visit: the garbage of many chunks piled up). The collector is off here, so
    only what nothing refers to any more is gone."""
    monkeypatch.setattr(export, "EXPORT_CHUNK", 2)
    visit_with_parts(), visit_with_parts(), visit_with_parts(), visit_with_parts()
    read_by_id = export.read_by_id
    earlier = []
    alive_at_each_read = []

    def reading(plan, ids):
        alive_at_each_read.append(sum(ref() is not None for ref in earlier))
        records = read_by_id(plan, ids)
        # The visits, their stops and participants, and the people (posts below them).
        stops = [stop for visit in records for stop in visit.prefetched_engagements]
        participants = [p for stop in stops for p in stop.prefetched_participants]
        people = [p.person for p in participants]
        assert stops and participants and people
        earlier.extend(weakref.ref(record) for record in [*records, *stops, *participants, *people])
        return records

    monkeypatch.setattr(export, "read_by_id", reading)
    gc.collect()
    gc.disable()
    try:
        for fmt in ("jsonl", "csv"):
            earlier.clear()
            alive_at_each_read.clear()
            assert len(body(client.get("/api/v1/visits/export/", {"format": fmt})).splitlines()) > 6
            assert alive_at_each_read == [0, 0, 0]
    finally:
        gc.enable()
