"""Every user-entered string is shown as text on every page type, in the HTML and in the timeline JSON."""

import json
import re

import pytest

from places.models import PlaceFactKind, PlaceKind
from tests import factories

EVIL = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def evil(db):
    """Records whose every free-text field is a script tag."""
    country = factories.CountryFactory(iso_code="RU", name=EVIL, slug="evil-country")
    city = factories.PlaceFactory(name=EVIL, slug="evil-city", parent=country, description=EVIL)
    venue = factories.PlaceFactory(name=EVIL, slug="evil-venue", kind=PlaceKind.VENUE, parent=city)
    factories.PlaceFactFactory(place=city, kind=PlaceFactKind.OTHER, value=None, value_text=EVIL)
    person = factories.PersonFactory(name=EVIL, slug="evil-person", summary=EVIL)
    factories.PersonNameFactory(person=person, name=EVIL)
    organisation = factories.OrganisationFactory(
        name=EVIL, slug="evil-body", description=EVIL, country=country
    )
    membership = factories.MembershipFactory(
        person=person, organisation=organisation, title=EVIL, start_date=None
    )
    visit = factories.VisitFactory(
        title=EVIL, slug="evil-visit", principal=person, host_country=country, summary=EVIL, purpose=EVIL
    )
    engagement = factories.EngagementFactory(
        visit=visit,
        sequence=1,
        title=EVIL,
        venue=venue,
        host_organisation=organisation,
        description=EVIL,
        outcome=EVIL,
    )
    participant = factories.ParticipantFactory(engagement=engagement, person=person, title_as_stated=EVIL)
    factories.ParticipantFactory(engagement=engagement, person=None, name_as_stated=EVIL)
    source = factories.SourceFactory(title=EVIL, text=f"Before {EVIL} after & more.")
    for record in (visit, engagement, participant, membership):
        factories.CitationFactory(source=source, content_object=record, quote=EVIL)
    return visit


PAGES = [
    "/",
    "/visits/evil-visit/",
    "/people/evil-person/",
    "/organisations/evil-body/",
    "/places/evil-city/",
    "/places/evil-country/",
    "/places/evil-venue/",
]


@pytest.mark.parametrize("url", PAGES)
def test_script_names_are_escaped_on_every_page(evil, analyst_client, url):
    response = analyst_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert EVIL not in content
    assert "alert(1)</script>" not in content
    assert ESCAPED in content
    # The timeline data is JSON inside a script element: json_script escapes <, > and &.
    data = re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', content, re.S)
    assert data is not None
    assert "<" not in data.group(1)
    assert EVIL in json.dumps(json.loads(data.group(1)), ensure_ascii=False)


def test_quote_with_markup_is_highlighted_as_text(evil, analyst_client):
    content = analyst_client.get("/visits/evil-visit/").content.decode()
    marks = re.findall(r'<mark data-cites="([\d ]+)">(.*?)</mark>', content)
    assert marks == [("1 2 3 4", ESCAPED)]
    assert "after &amp; more." in content
