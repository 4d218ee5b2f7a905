"""One visibility rule on every surface (common.visibility): a draft visit, its stop, participants
and citations, a draft trip named as a published visit's parent, and a person who appears only in
the draft are invisible to analysts, and to anonymous readers under PUBLIC_READ; editors see them.

Every draft record carries the marker "zyxdraft" in its text, so one check covers every surface:
the marker must not appear in any response to those who may not see drafts.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings

from tests import factories
from visits.models import ParticipantRole, Visit, VisitStatus

MARKER = "zyxdraft"


@pytest.fixture
def world(db):
    country = factories.CountryFactory(iso_code="DE", name="Germany", slug="germany")
    city = factories.PlaceFactory(parent=country, name="Berlin", slug="berlin")
    ministry = factories.OrganisationFactory(name="Foreign Office", slug="foreign-office", country=country)
    hidden_person = factories.PersonFactory(
        given_name="Zyxdraft", family_name="Person", name="Zyxdraft Person", slug="zyxdraft-person"
    )
    factories.MembershipFactory(person=hidden_person, organisation=ministry, title="Zyxdraft Minister")
    draft = factories.VisitFactory(
        title="Zyxdraft trip",
        slug="zyxdraft-trip",
        principal=hidden_person,
        host_country=country,
        status=VisitStatus.DRAFT,
    )
    stop = factories.EngagementFactory(visit=draft, title="Zyxdraft stop", venue=city, sequence=1)
    participant = factories.ParticipantFactory(
        engagement=stop, person=hidden_person, role=ParticipantRole.HOST
    )
    # The source's text is public; the citations of the draft's records are not (their note marks them).
    source = factories.SourceFactory(slug="report", title="Report")
    for record in (draft, stop, participant):
        factories.CitationFactory(source=source, content_object=record, note="Zyxdraft note")
    published_principal = factories.PersonFactory(name="Open Person", slug="open-person")
    published = factories.VisitFactory(
        title="Open visit",
        slug="open-visit",
        principal=published_principal,
        host_country=country,
        parent=draft,
    )
    factories.EngagementFactory(visit=published, title="Open stop", venue=city, sequence=1)
    return {
        "draft": draft,
        "published": published,
        "hidden_person": hidden_person,
        "ministry": ministry,
        "country": country,
        "source": source,
    }


def page_urls(world):
    """Pages, feeds and API reads where the draft's records would show if they leaked."""
    published = world["published"]
    return [
        "/",
        "/?country=DE",
        f"/visits/{published.slug}/",
        f"/places/{world['country'].slug}/",
        f"/places/{world['country'].slug}/visits.ics",
        "/places/berlin/",
        f"/organisations/{world['ministry'].slug}/",
        "/people/open-person/",
        "/api/v1/visits/",
        "/api/v1/visits/?format=csv",
        f"/api/v1/visits/{published.pk}/",
        # A full export (no `parent` filter exists: the list once ignored `?parent=`; now a 400).
        "/api/v1/visits/export/",
        "/api/v1/visits/export/?format=jsonl",
        "/api/v1/citations/export/",
        "/api/v1/engagements/",
        "/api/v1/participants/",
        "/api/v1/citations/",
        "/api/v1/citations/?format=csv",
        "/api/v1/people/",
        "/api/v1/people/?q=zyx",
        "/api/v1/memberships/",
        f"/api/v1/organisations/{world['ministry'].pk}/",
        "/api/v1/changes/",
        "/api/v1/changes/?format=csv",
        "/api/v1/visits/stats/by-principal/",
        "/api/v1/visits/stats/by-country/",
        "/api/v1/visits/who-met-whom/",
        f"/api/v1/sources/{world['source'].pk}/",
    ]


def gone_urls(world):
    """The draft's own addresses: not found (or refused) for those who may not see it."""
    draft, person = world["draft"], world["hidden_person"]
    return [
        f"/visits/{draft.slug}/",
        f"/people/{person.slug}/",
        f"/people/{person.slug}/visits.ics",
        f"/api/v1/visits/{draft.pk}/",
        f"/api/v1/engagements/{draft.engagements.get().pk}/",
        f"/api/v1/people/{person.pk}/",
    ]


def admin_urls(world):
    draft = world["draft"]
    visit_type = ContentType.objects.get_for_model(Visit).pk
    return [
        "/admin/visits/visit/",
        "/admin/visits/visit/?q=zyx",
        "/admin/visits/engagement/",
        "/admin/visits/participant/",
        "/admin/sources/citation/",
        "/admin/people/person/",
        "/admin/people/membership/",
        f"/admin/visits/visit/{world['published'].pk}/change/",
        "/admin/autocomplete/?app_label=visits&model_name=visit&field_name=principal&term=zyx",
        "/admin/autocomplete/?app_label=visits&model_name=visit&field_name=parent&term=zyx",
        f"/admin/visits/visit/{draft.pk}/history/",
        f"/admin/r/{visit_type}/{draft.pk}/",
    ]


def readers(analyst):
    """Those who may not see drafts: an analyst, and anyone under PUBLIC_READ."""
    logged_in = Client()
    logged_in.force_login(analyst)
    return [("analyst", logged_in, False), ("public", Client(), True)]


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode().lower()


def test_no_surface_shows_a_draft_or_what_hangs_off_it(world, analyst):
    for persona, client, public_read in readers(analyst):
        with override_settings(PUBLIC_READ=public_read):
            for url in page_urls(world):
                response = client.get(url)
                assert response.status_code == 200, (persona, url, response.status_code)
                assert MARKER not in body(response), (persona, url)
            for url in gone_urls(world):
                assert client.get(url).status_code == 404, (persona, url)


def test_the_admin_shows_no_draft_to_analysts(world, analyst_client):
    for url in admin_urls(world):
        response = analyst_client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert MARKER not in body(response), url


def test_editors_see_the_draft_on_the_same_surfaces(world, editor_client):
    """The checks above can fail: the same URLs show the marker to editors."""
    shown = [
        f"/visits/{world['published'].slug}/",
        f"/organisations/{world['ministry'].slug}/",
        "/api/v1/visits/",
        f"/api/v1/visits/{world['published'].pk}/",
        "/api/v1/engagements/",
        "/api/v1/participants/",
        "/api/v1/citations/",
        "/api/v1/people/",
        "/api/v1/memberships/",
        "/api/v1/changes/",
        "/api/v1/visits/stats/by-principal/",
        "/admin/visits/visit/",
        "/admin/visits/engagement/",
        "/admin/sources/citation/",
        "/admin/people/person/",
        "/admin/autocomplete/?app_label=visits&model_name=visit&field_name=parent&term=zyx",
    ]
    for url in shown:
        response = editor_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert MARKER in body(response), url
    for url in gone_urls(world):
        assert editor_client.get(url).status_code == 200, url


def test_a_published_visit_page_does_not_name_its_draft_trip(world, analyst_client, editor_client):
    url = f"/visits/{world['published'].slug}/"
    assert "Part of" not in analyst_client.get(url).content.decode()
    assert f'href="/visits/{world["draft"].slug}/"' in editor_client.get(url).content.decode()


def test_view_on_site_does_not_redirect_an_analyst_to_a_draft(world, analyst_client, editor_client):
    url = f"/admin/r/{ContentType.objects.get_for_model(Visit).pk}/{world['draft'].pk}/"
    response = analyst_client.get(url)
    assert response.status_code == 404
    assert "zyxdraft-trip" not in response.content.decode()
    assert editor_client.get(url)["Location"].endswith("/visits/zyxdraft-trip/")
    assert (
        analyst_client.get(url.replace(f"/{world['draft'].pk}/", f"/{world['published'].pk}/")).status_code
        == 302
    )


def test_the_source_list_counts_only_citations_the_user_may_see(world, analyst_client, editor_client):
    factories.CitationFactory(
        source=world["source"], content_object=world["published"], quote="The minister visited the city."
    )

    def count(client):
        html = client.get("/admin/sources/source/").content.decode()
        return int(re.search(r'field-citation_count">(\d+)<', html).group(1))

    assert count(analyst_client) == 1
    assert count(editor_client) == 4


def test_a_person_with_a_published_visit_stays_visible_after_a_draft(world, analyst_client):
    """Only people who appear in drafts alone are hidden; a draft of a known person hides nothing of them."""
    factories.VisitFactory(principal=world["hidden_person"], host_country=world["country"])
    assert analyst_client.get(f"/people/{world['hidden_person'].slug}/").status_code == 200
    assert analyst_client.get("/api/v1/people/?q=zyx").json()["count"] == 1


def test_a_person_with_no_visit_at_all_is_visible(db, analyst_client):
    person = factories.PersonFactory(slug="known-official")
    assert analyst_client.get(f"/people/{person.slug}/").status_code == 200
