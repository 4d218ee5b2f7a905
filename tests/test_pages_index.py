"""Index pages of people, places (a tree), organisations and sources: search, sort, pagination,
figures that respect the visibility rule, export links for the current filter, and a fixed
number of queries whatever the number of rows."""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from pages.helpers import PAGE_SIZE
from places.models import PlaceKind
from tests import factories
from visits.models import VisitStatus


def names_in_table(response):
    """The link texts of the first column, in order (the rows' names)."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = body.split("<tr>")[1:]
    return [row.split("<td>", 1)[1].split('">', 1)[1].split("</a>", 1)[0] for row in rows]


@pytest.fixture
def register(db):
    armenia = factories.CountryFactory(iso_code="AM", name="Armenia", slug="armenia")
    russia = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    kazan = factories.PlaceFactory(name="Kazan", slug="kazan", parent=russia)
    expo = factories.PlaceFactory(name="Kazan Expo", slug="kazan-expo", kind=PlaceKind.VENUE, parent=kazan)
    ada = factories.PersonFactory(name="Ada Lovelace", sort_name="Lovelace, Ada", slug="ada")
    bob = factories.PersonFactory(name="Bob Brown", sort_name="Brown, Bob", slug="bob")
    factories.PersonNameFactory(person=bob, name="Robert Braun")
    for n in range(3):
        visit = factories.VisitFactory(principal=ada, host_country=russia, slug=f"ada-{n}")
        factories.EngagementFactory(visit=visit, venue=expo)
    published = visit
    factories.VisitFactory(principal=bob, host_country=armenia, slug="bob-1")
    # A draft: counted only for those who may see drafts.
    draft = factories.VisitFactory(
        principal=bob, host_country=russia, slug="bob-draft", status=VisitStatus.DRAFT
    )
    factories.EngagementFactory(visit=draft, venue=expo)
    ministry = factories.OrganisationFactory(name="Ministry of Foreign Affairs", slug="mfa", country=armenia)
    factories.MembershipFactory(person=ada, organisation=ministry)
    factories.MembershipFactory(person=bob, organisation=ministry)
    factories.OrganisationFactory(name="Agency of Roads", slug="roads", country=russia)
    report = factories.SourceFactory(
        title="Report on Kazan", slug="report", published_on=datetime.date(2021, 4, 30)
    )
    factories.SourceFactory(title="Older note", slug="note", published_on=datetime.date(1999, 1, 1))
    factories.CitationFactory(source=report, content_object=published)
    factories.CitationFactory(source=report, content_object=draft)
    return {"armenia": armenia, "russia": russia, "kazan": kazan, "ada": ada, "bob": bob}


def cell(response, row_name, column):
    """The text of column `column` (0-based) in the row whose first cell names `row_name`."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    for row in body.split("<tr>")[1:]:
        cells = [c.split("</td>", 1)[0] for c in row.split("<td")[1:]]
        if f">{row_name}</a>" in cells[0]:
            text = cells[column].split(">", 1)[1]
            while "<" in text:
                start = text.index("<")
                text = text[:start] + text[text.index(">", start) + 1 :]
            return text.strip()
    raise AssertionError(f"no row {row_name!r}")


def test_people_list_by_name_with_visits_made(register, analyst_client):
    response = analyst_client.get("/people/")
    assert response.status_code == 200
    assert names_in_table(response) == ["Bob Brown", "Ada Lovelace"]  # by sort name
    assert cell(response, "Ada Lovelace", 1) == "3"
    assert cell(response, "Bob Brown", 1) == "1"  # the draft is not counted for an analyst


def test_people_visits_made_count_drafts_for_editors(register, editor_client):
    response = editor_client.get("/people/")
    assert cell(response, "Bob Brown", 1) == "2"


def test_people_search_finds_other_names_and_sorts(register, analyst_client):
    response = analyst_client.get("/people/?q=braun")
    assert names_in_table(response) == ["Bob Brown"]
    response = analyst_client.get("/people/?sort=visits")
    assert names_in_table(response) == ["Ada Lovelace", "Bob Brown"]
    response = analyst_client.get("/people/?sort=-name")
    assert names_in_table(response) == ["Ada Lovelace", "Bob Brown"]


def test_bad_sort_is_a_400_naming_it(register, analyst_client):
    response = analyst_client.get("/people/?sort=salary")
    assert response.status_code == 400
    assert (
        "&#x27;salary&#x27; is not a sort order here; use one of: name, -name, visits."
        in response.content.decode()
    )


def test_bad_filter_is_a_400_naming_it(register, analyst_client):
    response = analyst_client.get("/places/?parent=atlantis")
    assert response.status_code == 400
    assert "<strong>parent</strong>" in response.content.decode()


def test_export_links_carry_the_filter(register, analyst_client):
    response = analyst_client.get("/people/?q=ada&sort=visits&page=1")
    export = response.context["export"]
    csv = urlsplit(export["csv"])
    assert csv.path == "/api/v1/people/export/"  # the full export, every row (common.api.export)
    assert parse_qs(csv.query) == {"q": ["ada"], "format": ["csv"]}
    assert parse_qs(urlsplit(export["jsonl"]).query) == {"q": ["ada"], "format": ["jsonl"]}
    assert export["api"] == "/api/v1/people/?q=ada"
    assert f'href="{export["csv"].replace("&", "&amp;")}"' in response.content.decode()
    # The linked export holds the same people.
    lines = b"".join(analyst_client.get(export["jsonl"]).streaming_content).splitlines()
    assert [json.loads(line)["name"] for line in lines[1:]] == ["Ada Lovelace"]


def test_places_start_with_countries_and_go_down_the_tree(register, analyst_client):
    response = analyst_client.get("/places/")
    assert names_in_table(response) == ["Armenia", "Russia"]
    assert cell(response, "Russia", 2) == "1"  # Kazan
    assert cell(response, "Russia", 3) == "3"  # the draft visit is left out
    assert "kind=country" in response.context["export"]["api"]
    response = analyst_client.get("/places/?parent=kazan")
    assert names_in_table(response) == ["Kazan Expo"]
    assert cell(response, "Kazan Expo", 5) == "3"  # stops here, the draft's left out
    html = response.content.decode()
    assert 'href="/places/?parent=russia">Russia</a>' in html  # the way back up
    assert "Places in Kazan" in html


def test_place_search_lists_every_level(register, analyst_client):
    response = analyst_client.get("/places/?q=kazan")
    assert names_in_table(response) == ["Kazan", "Kazan Expo"]
    response = analyst_client.get("/places/?sort=visits")
    assert names_in_table(response) == ["Russia", "Armenia"]


def test_organisations_searchable_with_posts_held(register, analyst_client):
    response = analyst_client.get("/organisations/")
    assert names_in_table(response) == ["Agency of Roads", "Ministry of Foreign Affairs"]
    assert cell(response, "Ministry of Foreign Affairs", 3) == "2"
    response = analyst_client.get("/organisations/?q=foreign")
    assert names_in_table(response) == ["Ministry of Foreign Affairs"]
    response = analyst_client.get("/organisations/?sort=members")
    assert names_in_table(response)[0] == "Ministry of Foreign Affairs"


def test_sources_newest_first_with_visible_citations(register, analyst_client, editor_client):
    response = analyst_client.get("/sources/")
    assert names_in_table(response) == ["Report on Kazan", "Older note"]
    assert cell(response, "Report on Kazan", 3) == "1"  # the draft's citation is hidden
    assert cell(editor_client.get("/sources/"), "Report on Kazan", 3) == "2"
    assert names_in_table(analyst_client.get("/sources/?sort=oldest")) == ["Older note", "Report on Kazan"]
    assert names_in_table(analyst_client.get("/sources/?q=older")) == ["Older note"]


def test_names_are_escaped(register, analyst_client):
    factories.PersonFactory(name="<script>alert(1)</script>", slug="evil")
    html = analyst_client.get("/people/?q=script").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_index_pages_need_the_read_permission(register, anonymous_client):
    for url in ("/people/", "/places/", "/organisations/", "/sources/"):
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"


# session, user, the user's permissions and group permissions, then the page's own reads.
QUERIES = {
    "/people/": 4 + 2,  # count, page with visit counts
    "/people/?sort=visits&q=given": 4 + 2,
    "/organisations/": 4 + 2,
    "/sources/": 4 + 3,  # count, page, the page's citation counts in one grouped query
    "/places/": 4 + 2,
    # the parent, the filter's parent, count, page (a country has no ancestors to read)
    "/places/?parent=country-fr": 4 + 4,
}


@pytest.mark.parametrize("url", QUERIES)
@pytest.mark.parametrize("count", [1, PAGE_SIZE + 10])
def test_index_pages_run_a_fixed_number_of_queries(db, analyst_client, django_assert_num_queries, url, count):
    country = factories.CountryFactory(iso_code="FR", slug="country-fr")
    for n in range(count):
        person = factories.PersonFactory()
        city = factories.PlaceFactory(parent=country)
        if url == "/places/":
            factories.CountryFactory(iso_code=f"{chr(65 + n // 26)}{chr(65 + n % 26)}")
        visit = factories.VisitFactory(principal=person, host_country=country)
        factories.EngagementFactory(visit=visit, venue=city)
        organisation = factories.OrganisationFactory(country=country)
        factories.MembershipFactory(person=person, organisation=organisation)
        factories.CitationFactory(source=factories.SourceFactory(), content_object=visit)
    with django_assert_num_queries(QUERIES[url]):
        response = analyst_client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count + (url == "/places/"), PAGE_SIZE)
