"""Who may open the timeline pages: the API's rule (login + view permission, or PUBLIC_READ)."""

from urllib.parse import unquote

import pytest
from django.test import Client, override_settings

from tests import factories
from visits.models import VisitStatus

SEEDED_PAGES = [
    "/",
    "/visits/pashinyan-innopolis-2021-04-30/",
    "/people/nikol-pashinyan/",
    "/people/nikol-pashinyan/visits.ics",
    "/organisations/innopolis-city-administration/",
    "/places/innopolis/",
    "/places/innopolis/visits.ics",
]


@pytest.mark.parametrize("url", SEEDED_PAGES)
def test_analyst_can_open_every_page(seeded, analyst_client, url):
    response = analyst_client.get(url)
    assert response.status_code == 200
    assert b"Working visit to Russia: Kazan Expo and Innopolis" in response.content


@pytest.mark.parametrize("url", SEEDED_PAGES)
def test_anonymous_reader_is_sent_to_login_and_back(seeded, anonymous_client, url):
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert unquote(response["Location"]) == f"/account/login/?next={url}"


@pytest.mark.parametrize("url", SEEDED_PAGES)
@override_settings(PUBLIC_READ=True)
def test_anonymous_reader_can_read_when_public(seeded, anonymous_client, url):
    response = anonymous_client.get(url)
    assert response.status_code == 200
    assert b"Working visit to Russia: Kazan Expo and Innopolis" in response.content


@pytest.mark.parametrize("url", SEEDED_PAGES)
def test_logged_in_user_without_view_permission_is_refused(seeded, url):
    client = Client()
    client.force_login(factories.UserFactory(username="nobody"))
    response = client.get(url)
    assert response.status_code == 403
    assert b"Kazan Expo" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/visits/no-such-visit/",
        "/people/no-such-person/",
        "/people/no-such-person/visits.ics",
        "/organisations/no-such-body/",
        "/places/no-such-place/",
        "/places/no-such-place/visits.ics",
    ],
)
def test_unknown_slug_is_404(analyst_client, url):
    assert analyst_client.get(url).status_code == 404


def draft_and_held():
    country = factories.CountryFactory(iso_code="DE", name="Germany", slug="germany")
    person = factories.PersonFactory(name="Ada Example", slug="ada-example")
    venue = factories.PlaceFactory(name="Example Hall", slug="example-hall", parent=country)
    held = factories.VisitFactory(title="Held visit", slug="held", principal=person, host_country=country)
    draft = factories.VisitFactory(
        title="Secret draft visit",
        slug="secret",
        principal=person,
        host_country=country,
        status=VisitStatus.DRAFT,
    )
    organisation = factories.OrganisationFactory(name="Host body", slug="host-body", country=country)
    for visit in (held, draft):
        factories.EngagementFactory(visit=visit, venue=venue, host_organisation=organisation, sequence=1)
    return draft


LISTING_PAGES = [
    "/",
    "/people/ada-example/",
    "/people/ada-example/visits.ics",
    "/organisations/host-body/",
    "/places/germany/",
    "/places/example-hall/",
    "/places/germany/visits.ics",
]


@pytest.mark.parametrize("url", LISTING_PAGES)
def test_drafts_are_hidden_from_analysts(analyst_client, url):
    draft_and_held()
    content = analyst_client.get(url).content.decode()
    assert "Held visit" in content
    assert "Secret draft visit" not in content


@pytest.mark.parametrize("url", LISTING_PAGES)
def test_drafts_are_shown_to_editors(editor_client, url):
    draft_and_held()
    content = editor_client.get(url).content.decode()
    assert "Held visit" in content
    assert "Secret draft visit" in content


def test_draft_visit_page_is_404_for_analysts_and_open_for_editors(analyst_client, editor_client):
    draft_and_held()
    assert analyst_client.get("/visits/secret/").status_code == 404
    assert editor_client.get("/visits/secret/").status_code == 200
