"""The styled error pages (issue 13, item 6): 404, 403, CSRF failure and 500 in the site's look,
rendered by Django's handlers with DEBUG off, the 500 by handler500 with no context at all."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path

from tests import factories


def boom(request):
    raise RuntimeError("a bug")


def refused(request):
    raise PermissionDenied("You may not read <b>people</b>.")


# This module is the URLconf of the tests below: the site's URLs, and two views that fail.
urlpatterns = [
    path("boom/", boom),
    path("refused/", refused),
    path("", include("config.urls")),
]


def styled(response):
    text = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/site.css">' in text
    assert 'class="site-header"' in text and 'class="error-page"' in text
    return text


@override_settings(DEBUG=False)
def test_404_is_styled(analyst_client):
    response = analyst_client.get("/people/no-such-person/")
    assert response.status_code == 404
    text = styled(response)
    assert "Page not found" in text and "<code>/people/no-such-person/</code>" in text
    assert ">analyst</a>" in text  # the header still knows who is signed in


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_403_is_styled_and_escapes_the_reason(analyst_client):
    response = analyst_client.get("/refused/")
    assert response.status_code == 403
    text = styled(response)
    assert "You may not open this page" in text
    assert "You may not read &lt;b&gt;people&lt;/b&gt;." in text


@override_settings(DEBUG=False)
def test_403_of_a_user_without_the_view_permission(db):
    client = Client()
    client.force_login(factories.UserFactory(username="nobody"))
    response = client.get("/")
    assert response.status_code == 403
    assert "You may not read visits." in styled(response)


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_csrf_token_gets_the_styled_403(analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = client.post("/account/tokens/", {"name": "x", "days": 1})
    assert response.status_code == 403
    assert "The form could not be sent" in styled(response)


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_500_is_styled_and_rendered_by_handler500_without_context(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    text = styled(response)
    assert "Something went wrong on our side" in text
    assert "a bug" not in text and "Traceback" not in text
    # No request in the template's context: the header offers a plain sign-in link.
    assert '<a href="/account/login/">Log in</a>' in text


@pytest.mark.parametrize("name", ["404.html", "403.html", "403_csrf.html", "500.html"])
def test_each_error_template_renders_with_an_empty_context(name):
    from django.template.loader import get_template

    assert 'class="error-page"' in get_template(name).render({})
