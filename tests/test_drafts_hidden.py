"""A draft visit, its engagements, participants and citations: invisible through every API endpoint
to readers who may not change visits (analysts), visible to editors."""

import pytest

from tests import factories
from visits.models import VisitKind, VisitStatus


@pytest.fixture
def records(db):
    """A published visit and a draft one (in another country, of another kind, with two other people
    meeting), each with an engagement, participants and citations on all three."""
    published = factories.VisitFactory(
        kind=VisitKind.OFFICIAL, host_country=factories.CountryFactory(iso_code="FR")
    )
    draft = factories.VisitFactory(
        status=VisitStatus.DRAFT,
        kind=VisitKind.STATE,
        slug="secret-trip",
        host_country=factories.CountryFactory(iso_code="DE"),
        start_date="2019-06-01",
    )
    made = {"published": published, "draft": draft}
    for name, visit in (("published", published), ("draft", draft)):
        engagement = factories.EngagementFactory(visit=visit)
        participant = factories.ParticipantFactory(engagement=engagement, person=visit.principal)
        factories.ParticipantFactory(engagement=engagement)
        made[f"{name}_engagement"] = engagement
        made[f"{name}_participant"] = participant
        made[f"{name}_citations"] = [
            factories.CitationFactory(content_object=record).pk for record in (visit, engagement, participant)
        ]
    return made


@pytest.fixture(params=["analyst", "editor"])
def reader(request, records):
    """(client, whether it may see drafts)."""
    return request.getfixturevalue(f"{request.param}_client"), request.param == "editor"


def ids(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_visit_list_and_detail(records, reader):
    client, sees_drafts = reader
    draft, published = records["draft"], records["published"]
    assert published.pk in ids(client, "/api/v1/visits/")
    assert (draft.pk in ids(client, "/api/v1/visits/")) is sees_drafts
    assert (draft.pk in ids(client, "/api/v1/visits/", status="draft")) is sees_drafts
    assert client.get(f"/api/v1/visits/{draft.pk}/").status_code == (200 if sees_drafts else 404)


def test_engagement_list_detail_and_visit_filter(records, reader):
    client, sees_drafts = reader
    engagement = records["draft_engagement"]
    assert records["published_engagement"].pk in ids(client, "/api/v1/engagements/")
    assert (engagement.pk in ids(client, "/api/v1/engagements/")) is sees_drafts
    assert client.get(f"/api/v1/engagements/{engagement.pk}/").status_code == (200 if sees_drafts else 404)
    # The draft's slug is unknown to those who may not see it, not merely without engagements.
    response = client.get("/api/v1/engagements/", {"visit": "secret-trip"})
    if sees_drafts:
        assert {row["id"] for row in response.json()["results"]} == {engagement.pk}
    else:
        assert response.status_code == 400
        assert response.json() == {"visit": ["No visit with id or slug 'secret-trip'."]}


def test_participant_list_detail_and_filters(records, reader):
    client, sees_drafts = reader
    participant, engagement = records["draft_participant"], records["draft_engagement"]
    assert records["published_participant"].pk in ids(client, "/api/v1/participants/")
    assert (participant.pk in ids(client, "/api/v1/participants/")) is sees_drafts
    assert client.get(f"/api/v1/participants/{participant.pk}/").status_code == (200 if sees_drafts else 404)
    for param, value in (("visit", "secret-trip"), ("engagement", engagement.pk)):
        response = client.get("/api/v1/participants/", {param: value})
        assert response.status_code == (200 if sees_drafts else 400), (param, response.content)
        if sees_drafts:
            assert participant.pk in {row["id"] for row in response.json()["results"]}


def test_citations_of_the_draft_its_engagement_and_participant(records, reader):
    client, sees_drafts = reader
    listed = ids(client, "/api/v1/citations/", limit=1000)
    assert set(records["published_citations"]) <= listed
    for citation in records["draft_citations"]:
        assert (citation in listed) is sees_drafts
        assert client.get(f"/api/v1/citations/{citation}/").status_code == (200 if sees_drafts else 404)
    filtered = ids(client, "/api/v1/citations/", record_type="visits.visit", record_id=records["draft"].pk)
    assert bool(filtered) is sees_drafts


@pytest.mark.parametrize(
    ("path", "is_draft_row"),
    [
        ("stats/by-country/", lambda row, draft: row["iso_code"] == "DE"),
        ("stats/by-year/", lambda row, draft: row["year"] == 2019),
        ("stats/by-kind/", lambda row, draft: row["kind"] == "state"),
        ("stats/by-principal/", lambda row, draft: row["principal_id"] == draft.principal_id),
        ("who-met-whom/", lambda row, draft: draft.principal_id in (row["person_a_id"], row["person_b_id"])),
    ],
)
def test_aggregates(records, reader, path, is_draft_row):
    client, sees_drafts = reader
    response = client.get(f"/api/v1/visits/{path}")
    assert response.status_code == 200
    rows = response.json()
    # A row for the published visit, and one for the draft (another country, year, kind, people).
    assert len(rows) == (2 if sees_drafts else 1)
    assert any(is_draft_row(row, records["draft"]) for row in rows) is sees_drafts


def test_published_visit_does_not_name_its_draft_parent(records, reader):
    client, sees_drafts = reader
    part = factories.VisitFactory(parent=records["draft"])
    parent = client.get(f"/api/v1/visits/{part.pk}/").json()["parent"]
    assert (parent["id"] if parent else None) == (records["draft"].pk if sees_drafts else None)
    listed = {row["id"]: row["parent"] for row in client.get("/api/v1/visits/").json()["results"]}
    assert (listed[part.pk] is not None) is sees_drafts


def test_change_log(records, reader):
    client, sees_drafts = reader
    listed = {
        (row["record_type"], row["record_id"])
        for row in client.get("/api/v1/changes/?limit=1000").json()["results"]
    }
    assert ("visits.visit", records["published"].pk) in listed
    draft_records = {
        ("visits.visit", records["draft"].pk),
        ("visits.engagement", records["draft_engagement"].pk),
        ("visits.participant", records["draft_participant"].pk),
        *(("sources.citation", pk) for pk in records["draft_citations"]),
    }
    assert (draft_records <= listed) is sees_drafts
    assert bool(draft_records & listed) is sees_drafts
