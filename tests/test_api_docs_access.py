"""The OpenAPI schema (/api/schema/) and Swagger UI (/api/docs/) need a signed-in user (session or
token) unless the deployment sets PUBLIC_READ=true; an anonymous browser is sent to the login page."""

from urllib.parse import quote

from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import ApiToken
from tests import factories


def test_anonymous_requests_for_the_schema_are_401(db, anonymous_client):
    response = anonymous_client.get("/api/schema/?format=json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "paths" not in response.content.decode()


def test_anonymous_browsers_are_sent_from_the_docs_to_the_login_page(db, anonymous_client):
    for url in ("/api/docs/", "/api/docs/?script="):
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={quote(url)}"
        assert "swagger" not in response.content.decode().lower()


def test_a_signed_in_user_reads_both(db, analyst_client):
    assert analyst_client.get("/api/schema/?format=json").json()["info"]["title"]
    assert analyst_client.get("/api/docs/").status_code == 200
    assert analyst_client.get("/api/docs/?script=").status_code == 200


def test_a_token_reads_the_schema(db, analyst):
    _, key = ApiToken.issue(analyst)
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/schema/?format=json")
    assert response.status_code == 200
    # A wrong token is refused, not treated as anonymous.
    assert Client(HTTP_AUTHORIZATION="Token wrong").get("/api/schema/").status_code == 401


def test_signed_in_without_a_role_is_enough(db):
    """They describe the API, not records: any signed-in user may read them."""
    client = Client()
    client.force_login(factories.UserFactory(username="nobody"))
    assert client.get("/api/schema/?format=json").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@override_settings(PUBLIC_READ=True)
def test_public_read_opens_both_to_anonymous_readers(db, anonymous_client):
    assert anonymous_client.get("/api/schema/?format=json").status_code == 200
    assert anonymous_client.get("/api/docs/").status_code == 200
