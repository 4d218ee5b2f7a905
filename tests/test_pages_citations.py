"""Every fact on a person's, place's and organisation's page carries its citations (issue 13,
item 6): [n] beside the fact links to the quoted passage in the page's Sources list and back; a
citation of a hidden (draft) record is not shown. And a draft's page says it is a draft."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import PlaceKind
from tests import factories
from visits.models import VisitStatus


@pytest.fixture
def cited(db):
    source = factories.SourceFactory(
        title="Press release <1>",
        url="https://example.org/r1",
        text="Ada, the mayor of Innopolis, met us at the city hall. The IT city of Innopolis has 3,800 "
        'inhabitants. "><script>alert(1)</script>',
    )
    country = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    city = factories.PlaceFactory(name="Innopolis", slug="innopolis", kind=PlaceKind.CITY, parent=country)
    fact = factories.PlaceFactFactory(place=city, value=3800)
    person = factories.PersonFactory(slug="ada", name="Ada")
    organisation = factories.OrganisationFactory(slug="city-hall", name="City hall", country=country)
    post = factories.MembershipFactory(person=person, organisation=organisation, title="Mayor")

    def cite(record, quote):
        return factories.CitationFactory(source=source, content_object=record, quote=quote)

    return {
        "person": cite(person, "Ada, the mayor"),
        "post": cite(post, "the mayor of Innopolis"),
        "organisation": cite(organisation, "the city hall"),
        "place": cite(city, "The IT city of Innopolis"),
        "fact": cite(fact, "3,800 inhabitants"),
    }


def sources_list(text):
    """(number, quote) of each entry of the page's Sources list."""
    return re.findall(r'<li id="cite-(\d+)" value="\1">\s*<blockquote>“([^”]*)”</blockquote>', text)


def links(text):
    """(number, quote) of each [n] link beside a fact."""
    return re.findall(
        r'<a class="cite-link" id="ref-(\d+)" href="#cite-\1" data-cite="\1" title="“([^”]*)”', text
    )


def test_person_page_cites_the_person_and_each_post(cited, analyst_client):
    text = analyst_client.get("/people/ada/").content.decode()
    assert sorted(quote for _n, quote in links(text)) == ["Ada, the mayor", "the mayor of Innopolis"]
    assert sorted(links(text)) == sorted(sources_list(text))
    # The post's citation sits in the post's entry of the list of posts.
    posts = text.split('<ul class="posts">')[1].split("</ul>")[0]
    assert "the mayor of Innopolis" in posts
    assert '<a href="https://example.org/r1" rel="noopener noreferrer">Press release &lt;1&gt;</a>' in text


def test_organisation_page_cites_the_organisation_and_its_members_posts(cited, analyst_client):
    text = analyst_client.get("/organisations/city-hall/").content.decode()
    assert sorted(quote for _n, quote in links(text)) == ["the city hall", "the mayor of Innopolis"]
    assert sorted(links(text)) == sorted(sources_list(text))


def test_place_page_cites_the_place_and_each_fact(cited, analyst_client):
    text = analyst_client.get("/places/innopolis/").content.decode()
    assert sorted(quote for _n, quote in links(text)) == ["3,800 inhabitants", "The IT city of Innopolis"]
    facts = text.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "3,800 inhabitants" in facts
    assert sorted(links(text)) == sorted(sources_list(text))


def test_a_page_without_citations_says_so(db, analyst_client):
    factories.PersonFactory(slug="bea")
    text = analyst_client.get("/people/bea/").content.decode()
    assert links(text) == [] and "No sources cited yet." in text


def test_quotes_are_escaped(cited, analyst_client):
    cited["person"].quote = '"><script>alert(1)</script>'
    cited["person"].start = None
    cited["person"].save()
    text = analyst_client.get("/people/ada/").content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_a_draft_visit_page_carries_the_draft_banner_for_editors(db, editor_client, analyst_client):
    draft = factories.VisitFactory(slug="draft", status=VisitStatus.DRAFT)
    held = factories.VisitFactory(slug="held")
    text = editor_client.get(draft.get_absolute_url()).content.decode()
    assert '<p class="draft-banner" role="note">Draft, not public' in text
    assert "draft-banner" not in editor_client.get(held.get_absolute_url()).content.decode()
    assert analyst_client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", ["/people/ada/", "/organisations/city-hall/", "/places/innopolis/"])
def test_a_page_citing_facts_does_not_read_the_sources_texts(cited, analyst_client, url):
    """The passages show the quote and the source's title; a source's text (up to 390 KB, read
    again for each of its citations) is not read (pages.citations.cite)."""
    with CaptureQueriesContext(connection) as queries:
        assert analyst_client.get(url).status_code == 200
    citation_reads = [q["sql"] for q in queries.captured_queries if 'FROM "sources_citation"' in q["sql"]]
    assert citation_reads
    assert not any('"sources_source"."text"' in sql for sql in citation_reads)
