"""Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one
address, that username cannot sign in from that address, even with the right password, until the
cool-off has passed. Other addresses, and other usernames from the same address, are not affected,
so an attacker cannot lock a user out from everywhere."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import factories

PASSWORD = "correct horse battery staple"  # tests/factories.py
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def editor(db):
    return factories.editor()


def sign_in(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(client, username, times):
    for _ in range(times):
        response = sign_in(client, username, "not the password")
        assert response.status_code == 200  # the form again, with its error
        assert not signed_in(client)


def lock_out(client, username):
    """The limit's worth of wrong passwords: the last of them is answered with the lockout."""
    fail(client, username, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, username, "not the password").status_code == 429


def test_after_the_failure_limit_even_the_right_password_is_refused_with_a_clear_message(editor):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    lock_out(attacker, "editor")
    response = sign_in(attacker, "editor", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert f"{settings.AXES_FAILURE_LIMIT} failed attempts" in page
    assert "15 minutes" in page
    assert int(response["Retry-After"]) == 15 * 60
    assert not signed_in(attacker)


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_starts_the_count_again(editor):
    client = Client(REMOTE_ADDR=OFFICE)
    fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert signed_in(client)
    client.post(reverse("admin:logout"))
    fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_the_lockout_holds_only_for_that_username_from_that_address(editor):
    factories.analyst()
    attacker = Client(REMOTE_ADDR=ATTACKER)
    lock_out(attacker, "editor")
    assert sign_in(attacker, "editor", PASSWORD).status_code == 429
    # The editor at the office still signs in; another user signs in from the attacker's address.
    office = Client(REMOTE_ADDR=OFFICE)
    assert sign_in(office, "editor", PASSWORD).status_code == 302
    assert signed_in(office)
    neighbour = Client(REMOTE_ADDR=ATTACKER)
    assert sign_in(neighbour, "analyst", PASSWORD).status_code == 302
    assert signed_in(neighbour)


def test_the_lockout_ends_after_the_cool_off(editor):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    lock_out(attacker, "editor")
    assert sign_in(attacker, "editor", PASSWORD).status_code == 429
    past = settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - past)
    assert sign_in(attacker, "editor", PASSWORD).status_code == 302
    assert signed_in(attacker)


def test_a_hundred_wrong_passwords_are_not_all_answered(editor):
    """The report of issue 11: 100 wrong admin passwords in 25 s were all checked."""
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [sign_in(attacker, "editor", f"guess {n}").status_code for n in range(100)]
    assert statuses.count(200) == settings.AXES_FAILURE_LIMIT - 1
    assert set(statuses[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}


def test_the_client_address_behind_a_proxy_is_the_one_the_proxy_saw(editor, settings):
    """With NUM_PROXIES=1 the address is the last X-Forwarded-For entry (the one the proxy added);
    what the client itself puts in the header cannot move it to a fresh count."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(settings.AXES_FAILURE_LIMIT):
        spoofed = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}")
        response = sign_in(spoofed, "editor", "not the password")
    assert response.status_code == 429
    office = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=OFFICE)
    assert sign_in(office, "editor", PASSWORD).status_code == 302
