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


def test_a_quoted_record_of_a_structured_source_reads_as_its_fields(db, analyst_client):
    # The Historian's files are quoted one XML element a time; markup on a reader's page reads as
    # code, so the passage shows the record's fields (escaped like any text) and the tooltip too.
    record = (
        '<trip role="secretary">\n  <name>Ada &amp; Bo</name>\n  <country id="x">Nowhere</country>\n'
        "  <remarks><![CDATA[<b>bold</b>]]></remarks>\n</trip>"
    )
    source = factories.SourceFactory(text=f"<trips>\n{record}\n</trips>")
    person = factories.PersonFactory(slug="ada", name="Ada")
    factories.CitationFactory(source=source, content_object=person, quote=record)
    text = analyst_client.get("/people/ada/").content.decode()
    assert (
        '<blockquote class="record-quote"><dl><dt>name</dt><dd>Ada &amp; Bo</dd>'
        "<dt>country</dt><dd>Nowhere</dd><dt>remarks</dt><dd>&lt;b&gt;bold&lt;/b&gt;</dd></dl></blockquote>"
    ) in text
    assert 'title="“name: Ada &amp; Bo; country: Nowhere; remarks: &lt;b&gt;bold&lt;/b&gt;”"' in text
    assert "&lt;trip" not in text


@pytest.mark.parametrize("quote", ["<b>half an element", "Ada <i>met</i> Bo", "<a><b></a>"])
def test_a_quote_that_is_not_one_whole_element_is_shown_as_written(db, analyst_client, quote):
    source = factories.SourceFactory(text=f"Before. {quote} After.")
    person = factories.PersonFactory(slug="ada", name="Ada")
    factories.CitationFactory(source=source, content_object=person, quote=quote)
    text = analyst_client.get("/people/ada/").content.decode()
    escaped = quote.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<blockquote>“{escaped}”</blockquote>" in text
    assert "record-quote" not in text


TRIP = (
    '<trip who="x">\n  <name>Ada &lt;A&gt; Bo</name>\n  <locale>London</locale>\n'
    "  <remarks>Met the mayor of London.</remarks>\n</trip>"
)


def visit_page_sources(client, source_text, quotes):
    """The visit page's Sources section, the visit citing quotes[0] and its stop the rest."""
    source = factories.SourceFactory(text=source_text)
    visit = factories.VisitFactory(status=VisitStatus.HELD)
    stop = factories.EngagementFactory(visit=visit)
    factories.CitationFactory(source=source, content_object=visit, quote=quotes[0])
    for quote in quotes[1:]:
        factories.CitationFactory(source=source, content_object=stop, quote=quote)
    text = client.get(visit.get_absolute_url()).content.decode()
    return text.split('id="sources-heading"')[1]


def test_a_visit_page_shows_a_structured_source_record_by_record(db, analyst_client):
    sources = visit_page_sources(analyst_client, f"<trips>\n{TRIP}\n</trips>", [TRIP, "London"])
    assert "&lt;trip" not in sources and "&lt;locale" not in sources
    # The record's fields, each marked as quote 1; 'London' (the stop's quote 2) marks every field
    # holding it, anchored and linked back at the first.
    assert '<dt>name</dt><dd><mark data-cites="1">Ada &lt;A&gt; Bo</mark></dd>' in sources
    assert (
        '<dt>locale</dt><dd><span class="cite-anchor" id="cite-2"></span><mark data-cites="1 2">London</mark>'
        '<a class="cite-back" href="#ref-2"'
    ) in sources
    assert '<dt>remarks</dt><dd><mark data-cites="1 2">Met the mayor of London.</mark></dd>' in sources
    assert sources.count('id="cite-1"') == sources.count('id="cite-2"') == 1


def test_a_quote_outside_every_record_keeps_the_source_shown_as_text(db, analyst_client):
    text = f"Header line.\n{TRIP}\n"
    sources = visit_page_sources(analyst_client, text, [TRIP, "Header line."])
    assert "record-quote" not in sources
    assert "&lt;trip" in sources  # the text as written, escaped, quotes marked
    assert re.search(r'<mark data-cites="\d">Header line\.</mark>', sources)
