"""The visit page: stops in order with venues, hosts and participants, and the sources with quotes marked."""

import html
import re
from types import SimpleNamespace

import pytest

from pages.visits import highlight_quotes
from sources.models import Source

URL = "/visits/pashinyan-innopolis-2021-04-30/"


def participant_rows(content):
    """{name: row html} for each participant row of the page."""
    rows = content.split('<tr class="participant"')[1:]
    return {re.search(r">([^<>]+)</(?:a|span)>", row).group(1): row.split("</tr>")[0] for row in rows}


@pytest.fixture
def page(seeded, analyst_client):
    response = analyst_client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_stops_are_in_order_with_their_venues_and_hosts(page):
    stops = page.split('<li class="engagement"')[1:]
    assert len(stops) == 2
    first, second = stops
    assert 'id="engagement-1"' in first and 'id="engagement-2"' in second
    assert "Visit to the Kazan Expo International Exhibition Center" in first
    assert 'href="/places/kazan-expo/"' in first
    assert "Tour of Innopolis" in second
    assert 'href="/places/innopolis/"' in second
    assert 'hosted by <a href="/organisations/innopolis-city-administration/">' in second


def test_participants_show_role_and_the_post_held_that_day(page):
    rows = participant_rows(page)
    assert '<td class="role">Co-attendee</td>' in rows["Mikhail Mishustin"]
    assert "Prime Minister, Government of the Russian Federation" in rows["Mikhail Mishustin"]
    assert '<td class="role">Presenter</td>' in rows["Ruslan Shigaleyev"]
    assert "Mayor, Innopolis city administration" in rows["Ruslan Shigaleyev"]
    assert '<td class="role">Presenter</td>' in rows["Renat Khalimov"]
    assert "Director General" in rows["Renat Khalimov"]
    assert "Acting Prime Minister, Government of the Republic of Armenia" in rows["Nikol Pashinyan"]
    # The unresolved participant keeps the source's words.
    stated = "“heads of other governments participating in the sitting of the EEU Intergovernmental Council”"
    assert stated in rows[stated]
    assert 'href="/people/mikhail-mishustin/"' in rows["Mikhail Mishustin"]


def test_every_marked_passage_is_in_the_report_and_every_fact_link_has_its_passage(page):
    report = Source.objects.get(slug="innopolis-2021-04-30").text
    marks = [html.unescape(m) for m in re.findall(r'<mark data-cites="[\d ]+">(.*?)</mark>', page, re.S)]
    assert marks
    assert all(mark in report for mark in marks)
    assert "Renat Khalimov" in "".join(marks)
    links = set(re.findall(r'class="cite-link" id="ref-(\d+)" href="#cite-(\d+)"', page))
    assert links and all(ref == cite for ref, cite in links)
    anchors = set(re.findall(r'<span class="cite-anchor" id="cite-(\d+)">', page))
    assert {cite for _, cite in links} == anchors


def test_editor_gets_an_edit_link_and_analyst_does_not(seeded, editor_client, analyst_client):
    edit = f'href="/admin/visits/visit/{seeded.pk}/change/"'
    assert edit in editor_client.get(URL).content.decode()
    assert edit not in analyst_client.get(URL).content.decode()


def test_printable_version(seeded, analyst_client):
    content = analyst_client.get(URL + "?print=1").content.decode()
    assert 'class="visit-page print-view"' in content
    assert "Back to the full page" in content
    assert "Kazan Expo" in content


def quote(text, start, end, number):
    return SimpleNamespace(start=start, end=end, quote=text[start:end], number=number)


def test_highlight_escapes_every_piece_and_handles_overlapping_quotes():
    text = "A <b>bold</b> & plain text."
    first = quote(text, 0, 13, 1)  # "A <b>bold</b>"
    second = quote(text, 5, 20, 2)  # "bold</b> & plai"
    result = str(highlight_quotes(text, [first, second]))
    assert "<b>" not in result
    assert result == (
        '<span class="cite-anchor" id="cite-1"></span><mark data-cites="1">A &lt;b&gt;</mark>'
        '<span class="cite-anchor" id="cite-2"></span><mark data-cites="1 2">bold&lt;/b&gt;</mark>'
        '<a class="cite-back" href="#ref-1" title="The fact quote 1 supports">1</a>'
        '<mark data-cites="2"> &amp; plai</mark>'
        '<a class="cite-back" href="#ref-2" title="The fact quote 2 supports">2</a>'
        "n text."
    )


def test_highlight_leaves_a_quote_unmarked_when_the_text_changed_under_it():
    stale = SimpleNamespace(start=0, end=5, quote="Other", number=1)
    assert str(highlight_quotes("Some <text>", [stale])) == "Some &lt;text&gt;"
