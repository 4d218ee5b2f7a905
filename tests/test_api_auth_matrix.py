"""Every endpoint x method x persona: anonymous 401, analyst reads only (403 on writes), editor everything."""

import pytest
from django.test import Client, override_settings

from accounts.models import ApiToken
from tests import factories


def fresh(resource):
    """A new record of the resource that nothing else refers to, so it can be deleted."""
    return {
        "people": factories.PersonFactory,
        "organisations": factories.OrganisationFactory,
        "memberships": factories.MembershipFactory,
        "places": factories.PlaceFactory,
        "place-facts": factories.PlaceFactFactory,
        "visits": factories.VisitFactory,
        "engagements": factories.EngagementFactory,
        "participants": factories.ParticipantFactory,
        "sources": factories.SourceFactory,
        "citations": factories.CitationFactory,
    }[resource]()


def payload(resource):
    """A valid body for POST and PUT."""
    person = factories.PersonFactory()
    if resource == "people":
        return {"name": "Ada Example", "slug": "ada-example"}
    if resource == "organisations":
        return {
            "name": "Office",
            "slug": "office",
            "kind": "ministry",
            "country": factories.CountryFactory().slug,
        }
    if resource == "memberships":
        org = factories.OrganisationFactory()
        return {"person": person.slug, "organisation": org.slug, "title": "Minister", "start": "2020-05"}
    if resource == "places":
        return {"name": "Lyon", "slug": "lyon", "kind": "city", "parent": factories.CountryFactory().slug}
    if resource == "place-facts":
        return {
            "place": factories.PlaceFactory().slug,
            "kind": "area",
            "value": "1200",
            "unit": "ha",
            "as_of": "2021",
        }
    if resource == "visits":
        return {
            "title": "Talks",
            "slug": "talks",
            "principal": person.slug,
            "kind": "official",
            "host_country": factories.CountryFactory().pk,
            "start": "2021-04",
            "status": "held",
        }
    if resource == "engagements":
        return {"visit": factories.VisitFactory().slug, "sequence": 7, "title": "Lunch"}
    if resource == "participants":
        return {"engagement": factories.EngagementFactory().pk, "person": person.slug, "role": "counterpart"}
    if resource == "sources":
        return {"slug": "communique", "title": "Communiqué", "text": "The two sides met."}
    if resource == "citations":
        source = factories.SourceFactory(text="The two sides met.")
        return {
            "source": source.slug,
            "record_type": "people.person",
            "record_id": person.pk,
            "quote": "sides met",
        }
    raise AssertionError(resource)


RESOURCES = [
    "people",
    "organisations",
    "memberships",
    "places",
    "place-facts",
    "visits",
    "engagements",
    "participants",
    "sources",
    "citations",
]
METHODS = ["list", "retrieve", "create", "update", "partial_update", "destroy"]
EXPECTED = {
    "anonymous": dict.fromkeys(METHODS, 401),
    "analyst": {
        "list": 200,
        "retrieve": 200,
        "create": 403,
        "update": 403,
        "partial_update": 403,
        "destroy": 403,
    },
    "editor": {
        "list": 200,
        "retrieve": 200,
        "create": 201,
        "update": 200,
        "partial_update": 200,
        "destroy": 204,
    },
}


def call(client, resource, method):
    if method in ("list", "create"):
        url = f"/api/v1/{resource}/"
    else:
        url = f"/api/v1/{resource}/{fresh(resource).pk}/"
    if method == "list":
        return client.get(url)
    if method == "retrieve":
        return client.get(url)
    if method == "create":
        return client.post(url, payload(resource), content_type="application/json")
    if method == "update":
        return client.put(url, payload(resource), content_type="application/json")
    if method == "partial_update":
        return client.patch(url, {}, content_type="application/json")
    return client.delete(url)


@pytest.mark.parametrize("persona", ["anonymous", "analyst", "editor"])
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_permission_matrix(db, anonymous_client, analyst_client, editor_client, persona, method, resource):
    client = {"anonymous": anonymous_client, "analyst": analyst_client, "editor": editor_client}[persona]
    response = call(client, resource, method)
    assert response.status_code == EXPECTED[persona][method], response.content
    if persona == "anonymous":
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("resource", RESOURCES)
def test_token_authentication_reads_and_writes(db, editor, analyst, resource):
    _, analyst_key = ApiToken.issue(analyst)
    _, editor_key = ApiToken.issue(editor)
    reader = Client(HTTP_AUTHORIZATION=f"Token {analyst_key}")
    writer = Client(HTTP_AUTHORIZATION=f"Token {editor_key}", enforce_csrf_checks=True)
    assert reader.get(f"/api/v1/{resource}/").status_code == 200
    assert call(reader, resource, "create").status_code == 403
    # Token requests carry no cookie, so CSRF does not apply to them.
    assert call(writer, resource, "create").status_code == 201


def test_a_wrong_token_is_401(db):
    client = Client(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/visits/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_session_writes_need_the_csrf_token(db, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/people/", {"name": "A", "slug": "a"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    client.get("/admin/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/people/", {"name": "A", "slug": "a"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_a_logged_in_user_without_a_role_is_403(db):
    client = Client()
    client.force_login(factories.UserFactory(username="nobody"))
    assert client.get("/api/v1/visits/").status_code == 403


@override_settings(PUBLIC_READ=True)
def test_public_read_lets_anonymous_read_published_visits_but_not_write(db, anonymous_client):
    factories.VisitFactory(slug="public")
    factories.VisitFactory(slug="secret-draft", status="draft")
    response = anonymous_client.get("/api/v1/visits/")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["public"]
    assert anonymous_client.post("/api/v1/visits/", {}, content_type="application/json").status_code == 401
