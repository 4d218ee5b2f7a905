"""API tokens (accounts.ApiToken): `Authorization: Token <key>`, stored only as a digest, expiring,
ended by a password change, several per user, and failed attempts throttled per client address."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken

VISITS = "/api/v1/visits/"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def client(key, address="192.0.2.10"):
    return Client(HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=address)


def test_a_token_reads_and_records_when_it_was_last_used(analyst):
    token, key = ApiToken.issue(analyst, name="R scripts")
    assert token.last_used is None
    assert client(key).get(VISITS).status_code == 200
    token.refresh_from_db()
    assert timezone.now() - token.last_used < timedelta(seconds=5)


def test_the_key_is_not_stored_only_its_digest(analyst):
    token, key = ApiToken.issue(analyst)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        stored = [str(value) for row in cursor.fetchall() for value in row]
    assert all(key not in value for value in stored)


def test_a_token_expires_after_api_token_days(analyst):
    token, key = ApiToken.issue(analyst)
    lifetime = token.expires - timezone.now()
    assert timedelta(days=settings.API_TOKEN_DAYS) - lifetime < timedelta(minutes=1)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    response = client(key).get(VISITS)
    assert response.status_code == 401
    assert response.json() == {"detail": "Token expired."}


def test_a_password_change_ends_every_token_of_the_user(analyst, editor):
    _, first = ApiToken.issue(analyst, name="laptop")
    _, second = ApiToken.issue(analyst, name="server")
    _, other = ApiToken.issue(editor)
    assert client(first).get(VISITS).status_code == 200
    analyst.set_password("a new pass phrase for the analyst")
    analyst.save()
    for key in (first, second):
        response = client(key).get(VISITS)
        assert response.status_code == 401
        assert response.json() == {"detail": "Token ended: the password has changed since it was made."}
    assert client(other).get(VISITS).status_code == 200
    # A token made after the change works.
    _, fresh = ApiToken.issue(analyst)
    assert client(fresh).get(VISITS).status_code == 200


def test_a_password_change_in_the_admin_ends_the_tokens(superuser, analyst):
    _, key = ApiToken.issue(analyst)
    admin = Client()
    admin.force_login(superuser)
    password = "a new pass phrase for the analyst"
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[analyst.pk]),
        {"password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert client(key).get(VISITS).status_code == 401


def test_an_inactive_users_token_is_refused(analyst):
    _, key = ApiToken.issue(analyst)
    analyst.is_active = False
    analyst.save()
    assert client(key).get(VISITS).json() == {"detail": "User inactive or deleted."}


@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token_failures": "3/hour",
        },
    }
)
def test_failed_token_attempts_are_throttled_per_client_address(analyst):
    _, key = ApiToken.issue(analyst)
    guesses = [client(f"guess-{n}", "203.0.113.7").get(VISITS) for n in range(4)]
    assert [response.status_code for response in guesses] == [401, 401, 401, 429]
    assert 0 < int(guesses[-1]["Retry-After"]) <= 3600
    assert "Too many failed token attempts" in guesses[-1].json()["detail"]
    # From that address even the right token is refused until the window has passed...
    assert client(key, "203.0.113.7").get(VISITS).status_code == 429
    # ...while other addresses, and sessions from the same one, are not affected.
    assert client(key, "198.51.100.20").get(VISITS).status_code == 200
    session = Client(REMOTE_ADDR="203.0.113.7")
    session.force_login(analyst)
    assert session.get(VISITS).status_code == 200


def test_successful_token_requests_do_not_count_as_failures(analyst):
    _, key = ApiToken.issue(analyst)
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token_failures": "2/hour"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        assert {client(key).get(VISITS).status_code for _ in range(5)} == {200}


def test_create_token_prints_only_the_key(analyst):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_token", "analyst", "--name", "notebook", "--days", "7", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=analyst)
    assert token.name == "notebook"
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert timedelta(days=7) - (token.expires - timezone.now()) < timedelta(minutes=1)
    assert "notebook" in err.getvalue() and key not in err.getvalue()
    assert client(key).get(VISITS).status_code == 200
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("create_token", "nobody", stdout=io.StringIO(), stderr=io.StringIO())


def test_an_admin_makes_a_token_sees_its_key_once_and_revokes_it(superuser, analyst):
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        reverse("admin:accounts_apitoken_add"), {"user": analyst.pk, "name": "dashboard", "days": 30}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=analyst)
    key = response.context["key"]
    assert f"Authorization: Token {key}" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.name == "dashboard"
    assert timedelta(days=30) - (token.expires - timezone.now()) < timedelta(minutes=1)
    assert client(key).get(VISITS).status_code == 200

    listing = admin.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert "dashboard" in listing and token.prefix in listing and key not in listing
    assert key not in admin.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()

    response = admin.post(reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert client(key).get(VISITS).status_code == 401


def test_only_superusers_manage_tokens(editor_client, analyst_client):
    for staff in (editor_client, analyst_client):
        assert staff.get(reverse("admin:accounts_apitoken_changelist")).status_code == 403


def test_a_user_may_have_several_tokens(analyst):
    keys = [ApiToken.issue(analyst, name=f"token {n}")[1] for n in range(3)]
    assert len(set(keys)) == 3
    assert all(client(key).get(VISITS).status_code == 200 for key in keys)
