"""Readers' accounts on the site (issue 13, item 1 and 2): sign in and out in the site's own pages
for any active user who may read (staff or not), the lockout on that form, password change, the
invitation (create_reader, the users admin), and the profile where a user makes, sees and
revokes their own API tokens."""

import io
import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import ApiToken, FeedToken, digest
from accounts.services import MAX_TOKENS_PER_USER
from common.auth.roles import ANALYSTS, EDITORS
from tests import factories

PASSWORD = "correct horse battery staple"  # tests/factories.py
LOGIN = "/account/login/"
PROFILE = "/account/"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(db):
    """A reader who is not staff: in the Analysts group only."""
    return factories.UserFactory(username="reader", is_staff=False, groups=[ANALYSTS])


def sign_in(client, username, password=PASSWORD, next_url="/"):
    return client.post(LOGIN, {"username": username, "password": password, "next": next_url})


def signed_in(client):
    return "_auth_user_id" in client.session


def api(key):
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_anonymous_readers_are_sent_to_the_site_login_and_back(seeded):
    response = Client().get("/people/nikol-pashinyan/")
    assert response.status_code == 302
    assert unquote(response["Location"]) == f"{LOGIN}?next=/people/nikol-pashinyan/"


def test_a_reader_who_is_not_staff_signs_in_on_the_site_and_reads_the_pages(seeded, reader):
    client = Client()
    page = client.get(f"{LOGIN}?next=/people/nikol-pashinyan/")
    assert page.status_code == 200
    assert b'<link rel="stylesheet"' in page.content and b"Sign in" in page.content
    response = sign_in(client, "reader", next_url="/people/nikol-pashinyan/")
    assert response.status_code == 302 and response["Location"] == "/people/nikol-pashinyan/"
    page = client.get("/people/nikol-pashinyan/")
    assert page.status_code == 200
    # The header names who is signed in, links their account and offers to log out.
    assert b'href="/account/" class="account-link"' in page.content
    assert b">reader</a>" in page.content
    assert b'action="/account/logout/"' in page.content
    # Not staff: no admin.
    assert b'href="/admin/"' not in page.content
    assert client.get("/admin/").status_code == 302


def test_a_wrong_password_is_refused_with_the_form_again(reader):
    client = Client()
    response = sign_in(client, "reader", "not the password")
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert not signed_in(client)


def test_an_account_that_may_not_read_is_told_so(db):
    factories.UserFactory(username="nobody")
    client = Client()
    response = sign_in(client, "nobody")
    assert response.status_code == 200
    assert b"This account may not read the register" in response.content
    assert not signed_in(client)


def test_an_inactive_account_cannot_sign_in(reader):
    reader.is_active = False
    reader.save()
    client = Client()
    assert sign_in(client, "reader").status_code == 200
    assert not signed_in(client)


def test_an_editor_signs_in_on_the_site_too_and_sees_the_admin_link(seeded):
    factories.editor()
    client = Client()
    assert sign_in(client, "editor").status_code == 302
    assert b'href="/admin/"' in client.get("/").content


def test_logout_is_a_post_and_ends_the_session(reader):
    client = Client()
    sign_in(client, "reader")
    assert client.get("/account/logout/").status_code == 405
    assert signed_in(client)
    response = client.post("/account/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert not signed_in(client)


def test_the_site_login_form_is_locked_after_the_failure_limit(reader):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(attacker, "reader", "wrong").status_code == 200
    assert sign_in(attacker, "reader", "wrong").status_code == 429
    response = sign_in(attacker, "reader")
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert not signed_in(attacker)
    # The reader at the office is not locked out.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.20"), "reader").status_code == 302


def test_password_change_keeps_the_session_and_ends_tokens(reader):
    client = Client()
    sign_in(client, "reader")
    _token, key = ApiToken.issue(reader)
    assert api(key).get("/api/v1/visits/").status_code == 200
    new = "a quite different pass phrase 7"
    response = client.post(
        "/account/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"] == PROFILE
    assert signed_in(client)
    assert b"Password changed" in client.get(PROFILE).content
    assert api(key).get("/api/v1/visits/").status_code == 401


def test_a_wrong_old_password_is_named(reader):
    client = Client()
    client.force_login(reader)
    response = client.post(
        "/account/password/", {"old_password": "no", "new_password1": "x" * 12, "new_password2": "x" * 12}
    )
    assert response.status_code == 200
    assert b"Your old password was entered incorrectly" in response.content


# The profile: tokens


def test_the_profile_needs_a_session(db):
    response = Client().get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def make_token(client, name="R scripts", days=30):
    response = client.post("/account/tokens/", {"name": name, "days": days})
    assert response.status_code == 201, response.content
    return re.search(r'<code id="new-token-key" class="secret">([^<]+)</code>', response.content.decode())[1]


def test_a_user_makes_a_token_sees_its_key_once_and_uses_it(reader):
    client = Client()
    client.force_login(reader)
    key = make_token(client)
    token = ApiToken.objects.get(user=reader)
    assert token.digest == digest(key) and token.name == "R scripts"
    assert timedelta(days=29, hours=23) < token.expires - timezone.now() <= timedelta(days=30)
    # The key works against the API, as this user.
    assert api(key).get("/api/v1/visits/").status_code == 200
    # The profile lists it (name, beginning of the key, created, last used, expiry) without the key.
    page = client.get(PROFILE)
    assert page["Cache-Control"].startswith("max-age=0")
    text = page.content.decode()
    assert key not in text
    assert f"<code>{token.prefix}…</code>" in text
    assert "R scripts" in text and "Active" in text
    assert "never" not in text.split('id="api-tokens"')[1].split("</table>")[0]  # last used is shown


def test_revoking_a_token_stops_it(reader):
    client = Client()
    client.force_login(reader)
    key = make_token(client)
    token = ApiToken.objects.get(user=reader)
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert api(key).get("/api/v1/visits/").status_code == 401
    assert b"API token revoked" in client.get(PROFILE).content


def test_nobody_revokes_or_sees_another_users_token(reader):
    other, other_key = ApiToken.issue(factories.analyst(), name="the analyst's")
    client = Client()
    client.force_login(reader)
    assert client.post(f"/account/tokens/{other.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=other.pk).exists()
    assert b"the analyst&#x27;s" not in client.get(PROFILE).content
    assert other.prefix not in client.get(PROFILE).content.decode()


def test_revoking_needs_a_post_with_the_csrf_token(reader):
    token, _key = ApiToken.issue(reader)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "days": 30}, "This field is required."),
        ({"name": "x", "days": 0}, "Ensure this value is greater than or equal to 1."),
        ({"name": "x", "days": 91}, "Ensure this value is less than or equal to 90."),
        ({"name": "x", "days": "soon"}, "Enter a whole number."),
        ({"name": "x" * 101, "days": 30}, "Ensure this value has at most 100 characters"),
    ],
)
def test_a_bad_token_form_is_a_400_naming_the_problem(reader, data, message):
    client = Client()
    client.force_login(reader)
    response = client.post("/account/tokens/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_may_hold_only_so_many_tokens(reader):
    for _ in range(MAX_TOKENS_PER_USER):
        ApiToken.issue(reader)
    client = Client()
    client.force_login(reader)
    response = client.post("/account/tokens/", {"name": "one more", "days": 30})
    assert response.status_code == 400
    assert f"You have {MAX_TOKENS_PER_USER} API tokens" in response.content.decode()


def test_an_expired_or_ended_token_says_so_on_the_profile(reader):
    token, _key = ApiToken.issue(reader, name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(days=1))
    client = Client()
    client.force_login(reader)
    assert "Token expired." in client.get(PROFILE).content.decode()


def test_token_names_are_escaped_on_the_profile(reader):
    ApiToken.issue(reader, name="<script>alert(1)</script>")
    client = Client()
    client.force_login(reader)
    text = client.get(PROFILE).content.decode()
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


def test_the_profile_runs_a_fixed_number_of_queries(reader, django_assert_num_queries):
    place = factories.PlaceFactory()
    person = factories.PersonFactory()
    client = Client()
    client.force_login(reader)

    def load():
        # session, user, tokens, feeds, each kind of feed's records, the user's groups
        with django_assert_num_queries(2 + 1 + 1 + 2 + 1):
            assert client.get(PROFILE).status_code == 200

    FeedToken.issue(reader, person)
    FeedToken.issue(reader, place)
    ApiToken.issue(reader)
    load()
    for _ in range(10):
        ApiToken.issue(reader)
        FeedToken.issue(reader, person)
        FeedToken.issue(reader, place)
    load()


# Invitations


def invitation(username, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_reader", username, stdout=out, stderr=err, **options)
    return out.getvalue().strip(), err.getvalue()


def test_create_reader_makes_a_reader_without_a_password_and_prints_a_link(seeded):
    link, note = invitation("ada", email="ada@example.org")
    user = User.objects.get(username="ada")
    assert not user.has_usable_password() and not user.is_staff and user.is_active
    assert [group.name for group in user.groups.all()] == [ANALYSTS]
    assert "Made ada (reader, group Analysts)" in note
    assert link.startswith("http://127.0.0.1:8000/account/welcome/")
    path = link.removeprefix("http://127.0.0.1:8000")
    client = Client()
    # Django's reset view moves the token into the session, then shows the form.
    form_page = client.get(path, follow=True)
    assert b"Choose the password you will sign in with" in form_page.content
    new = "ada's own pass phrase 1815"
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert sign_in(client, "ada", new).status_code == 302
    assert client.get("/people/nikol-pashinyan/").status_code == 200
    # The link worked once.
    assert b"has been used or has expired" in Client().get(path, follow=True).content


def test_create_reader_makes_editors_staff_in_the_editors_group(db):
    invitation("eve", role="editor", base_url="https://visits.example.org/")
    user = User.objects.get(username="eve")
    assert user.is_staff and [group.name for group in user.groups.all()] == [EDITORS]


def test_create_reader_refuses_a_bad_username(db):
    with pytest.raises(CommandError, match="username: Enter a valid username"):
        invitation("no spaces allowed")


def test_superusers_make_invitation_links_in_the_users_admin(superuser, reader):
    client = Client()
    client.force_login(superuser)
    response = client.post(
        "/admin/auth/user/", {"action": "invite", "index": 0, "_selected_action": [reader.pk]}, follow=True
    )
    text = response.content.decode()
    # The admin capitalises its messages.
    link = re.search(r"Reader: (http://testserver/account/welcome/[\w-]+/[\w-]+/)", text)[1]
    assert b"Choose the password" in Client().get(link.removeprefix("http://testserver"), follow=True).content


@override_settings(PUBLIC_READ=True)
def test_under_public_read_anyone_active_may_sign_in(db):
    factories.UserFactory(username="nobody")
    client = Client()
    assert sign_in(client, "nobody").status_code == 302
