"""The search box finds a visit by its principal's name, which the visit's own words need not hold.

On the Historian data a reader searching "kissinger" saw 2 visits (two that mention him in their
remarks) of the 218 that name him: his own 216 trips are titled "Trip to China: Peking" and the
like, and only a visit's title, purpose and summary were searched.
"""

import datetime

import pytest

from search import backend
from tests import factories
from visits.models import Visit, VisitStatus


@pytest.fixture
def trips(db):
    china = factories.CountryFactory(iso_code="CN", name="China", slug="china")
    kissinger = factories.PersonFactory(name="Henry A. Kissinger", slug="kissinger")
    factories.PersonNameFactory(person=kissinger, name="Heinz Alfred Kissinger")
    older, newer = (
        factories.VisitFactory(
            slug=f"trip-{year}",
            title="Trip to China: Peking",
            summary="Met with Chairman Mao.",
            principal=kissinger,
            host_country=china,
            start_date=datetime.date(year, 10, 20),
        )
        for year in (1971, 1973)
    )
    draft = factories.VisitFactory(
        slug="draft-trip", title="Trip to China", principal=kissinger, status=VisitStatus.DRAFT
    )
    mentioned = factories.VisitFactory(
        slug="nixon-trip",
        title="Trip to China: Shanghai",
        summary="Accompanied by Secretary Kissinger.",
        host_country=china,
    )
    factories.VisitFactory(slug="unrelated", title="Trip to Japan: Tokyo", summary="Met the Emperor.")
    return {"older": older, "newer": newer, "draft": draft, "mentioned": mentioned}


def slugs(text):
    by_id = dict(Visit.objects.values_list("pk", "slug"))
    return [by_id[pk] for pk in backend.search_ids(text, "visit").ids]


def test_a_principals_name_finds_their_visits_after_the_visits_whose_words_match(trips):
    found = slugs("kissinger")
    assert found[0] == "nixon-trip"  # his name in its own words: ranked first
    assert set(found) == {"nixon-trip", "trip-1973", "trip-1971", "draft-trip"}  # the page hides drafts


def test_every_word_of_the_name_and_another_name_find_them(trips):
    assert {"trip-1971", "trip-1973"} <= set(slugs("henry kissinger"))
    assert {"trip-1971", "trip-1973"} <= set(slugs("heinz"))
    assert slugs("emperor") == ["unrelated"]  # in neither his names nor his visits' words


def test_the_search_page_lists_them_for_a_reader_without_the_draft(trips, analyst_client):
    response = analyst_client.get("/search/", {"q": "kissinger", "kind": "visit"})
    assert response.status_code == 200
    listed = [visit.slug for visit in response.context["page"].object_list]
    assert listed[0] == "nixon-trip"
    assert set(listed) == {"nixon-trip", "trip-1973", "trip-1971"}
