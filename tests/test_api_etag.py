"""Every detail response has an ETag; a write with a stale If-Match gets 412 and changes nothing."""

import pytest

from tests import factories
from visits.models import Visit


@pytest.fixture
def visit(db):
    return factories.VisitFactory(title="Original")


def url(visit):
    return f"/api/v1/visits/{visit.pk}/"


def test_detail_has_an_etag_that_changes_when_the_record_changes(editor_client, visit):
    first = editor_client.get(url(visit))["ETag"]
    assert first.startswith('"') and first.endswith('"')
    assert editor_client.get(url(visit))["ETag"] == first
    response = editor_client.patch(url(visit), {"title": "Changed"}, content_type="application/json")
    assert response.status_code == 200
    assert response["ETag"] != first
    assert editor_client.get(url(visit))["ETag"] == response["ETag"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_stale_if_match_is_412_and_the_record_is_unchanged(editor_client, visit, method):
    stale = editor_client.get(url(visit))["ETag"]
    # Another editor saves in between.
    assert (
        editor_client.patch(url(visit), {"title": "Theirs"}, content_type="application/json").status_code
        == 200
    )
    before = Visit.objects.values().get(pk=visit.pk)
    body = {
        "title": "Mine",
        "slug": visit.slug,
        "principal": visit.principal_id,
        "kind": "state",
        "host_country": visit.host_country_id,
        "start": "2021",
    }
    response = getattr(editor_client, method)(
        url(visit), body, content_type="application/json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412
    assert "changed" in response.json()["detail"]
    assert Visit.objects.values().get(pk=visit.pk) == before
    assert visit.history.count() == 2


def test_stale_if_match_wins_over_an_invalid_body(editor_client, visit):
    stale = '"0-0"'
    response = editor_client.patch(
        url(visit), {"start": "bad"}, content_type="application/json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412


def test_current_if_match_and_star_are_accepted(editor_client, visit):
    etag = editor_client.get(url(visit))["ETag"]
    response = editor_client.patch(
        url(visit), {"title": "Mine"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert Visit.objects.get(pk=visit.pk).title == "Mine"
    response = editor_client.patch(
        url(visit), {"title": "Again"}, content_type="application/json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200
    weak = "W/" + response["ETag"]
    assert editor_client.delete(url(visit), HTTP_IF_MATCH=weak).status_code == 204
    assert not Visit.objects.filter(pk=visit.pk).exists()


def test_create_returns_the_new_records_etag(editor_client, db):
    response = editor_client.post(
        "/api/v1/sources/", {"slug": "s", "title": "S", "text": "Text."}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response["ETag"] == editor_client.get(response.json()["url"])["ETag"]
