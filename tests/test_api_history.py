"""Every write through the API appears in the record's history with the user who made it."""

import pytest
from django.test import Client

from accounts.models import ApiToken
from people.models import Person


@pytest.fixture(params=["session", "token"])
def client_and_user(request, editor):
    if request.param == "session":
        client = Client()
        client.force_login(editor)
    else:
        client = Client(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(editor)[1]}")
    return client, editor


def test_create_update_and_delete_are_recorded_with_the_user(client_and_user):
    client, editor = client_and_user
    response = client.post("/api/v1/people/", {"name": "Ada", "slug": "ada"}, content_type="application/json")
    assert response.status_code == 201
    person = Person.objects.get(slug="ada")
    response = client.patch(
        f"/api/v1/people/{person.pk}/", {"summary": "Envoy"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert client.delete(f"/api/v1/people/{person.pk}/").status_code == 204

    history = Person.history.filter(id=person.pk).order_by("history_date")
    assert [(h.history_type, h.history_user, h.summary) for h in history] == [
        ("+", editor, ""),
        ("~", editor, "Envoy"),
        ("-", editor, "Envoy"),
    ]
