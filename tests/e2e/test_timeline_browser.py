"""The timeline pages in a real browser, on the seeded data, as a logged-in analyst."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from sources.models import Source
from tests import factories
from tests.e2e.conftest import timeline_labels_cut

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VISIT = "/visits/pashinyan-innopolis-2021-04-30/"
JS_TIMELINE = bool(settings.VIS_TIMELINE_JS)


def test_visit_page_shows_stops_in_order_with_participants_and_roles(seeded, live_server, page, screenshot):
    page.goto(live_server.url + VISIT)
    stops = page.locator("li.engagement")
    expect(stops).to_have_count(2)
    expect(stops.nth(0).locator("h3")).to_contain_text("Kazan Expo")
    expect(stops.nth(1).locator("h3")).to_contain_text("Innopolis")
    for name, role in [
        ("Mikhail Mishustin", "Co-attendee"),
        ("Ruslan Shigaleyev", "Presenter"),
        ("Renat Khalimov", "Presenter"),
    ]:
        row = page.locator("tr.participant", has_text=name)
        expect(row).to_have_count(1)
        expect(row.locator("td.role")).to_have_text(role)
    if JS_TIMELINE:
        # vis-timeline draws one item per stop, in sequence order from the top.
        items = page.locator("#timeline .vis-item")
        expect(items).to_have_count(2)
        first, second = (items.nth(i).bounding_box()["y"] for i in range(2))
        assert first < second
    screenshot(page)


def test_clicking_a_fact_highlights_its_quote_in_the_report(seeded, live_server, page, screenshot):
    report = Source.objects.get(slug="innopolis-2021-04-30").text
    page.goto(live_server.url + VISIT)
    link = page.locator("tr.participant", has_text="Renat Khalimov").locator("a.cite-link").first
    link.click()
    active = page.locator("mark.is-active")
    expect(active.first).to_be_in_viewport()
    quote = "".join(active.all_text_contents())
    assert "Renat Khalimov" in quote
    assert quote in report
    # Another fact moves the highlight.
    page.locator("tr.participant", has_text="Ruslan Shigaleyev").locator("a.cite-link").first.click()
    expect(page.locator("mark.is-active").first).to_contain_text("Shigaleyev")
    screenshot(page)


def test_person_page_shows_the_visit_and_the_acting_post(seeded, live_server, page, screenshot):
    page.goto(live_server.url + "/people/nikol-pashinyan/")
    expect(page.locator("li.visit-row")).to_have_count(1)
    expect(page.locator("li.visit-row")).to_contain_text("Working visit to Russia: Kazan Expo and Innopolis")
    post = page.locator("li.post.acting")
    expect(post).to_contain_text("Prime Minister")
    expect(post.locator(".badge")).to_have_text("acting")
    if JS_TIMELINE:
        expect(page.locator("#timeline .vis-item.band.acting")).to_contain_text("Acting Prime Minister")
    screenshot(page)


def test_home_page_filter_by_country_narrows_the_list(seeded, live_server, page, screenshot):
    factories.VisitFactory(
        title="Visit to France", slug="to-france", host_country=factories.CountryFactory(iso_code="FR")
    )
    page.goto(live_server.url + "/")
    expect(page.locator("li.visit-row")).to_have_count(2)
    page.select_option("#f-country", label="Russia")
    page.get_by_role("button", name="Show visits").click()
    page.wait_for_url("**/?*country=russia*")
    rows = page.locator("li.visit-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Kazan Expo and Innopolis")
    screenshot(page)


@pytest.mark.skipif(not JS_TIMELINE, reason="vis-timeline is not installed (npm ci)")
def test_clicking_a_visit_on_the_timeline_opens_it(seeded, live_server, page, screenshot):
    page.goto(live_server.url + "/")
    expect(page.locator("#timeline .vis-item")).to_have_count(1)
    screenshot(page, "-home")
    page.locator("#timeline .vis-item").first.click()
    page.wait_for_url("**" + VISIT)
    expect(page.locator("h1")).to_have_text("Working visit to Russia: Kazan Expo and Innopolis")


def test_without_javascript_the_pages_show_the_same_visits(seeded, live_server, page, no_js_page, screenshot):
    factories.VisitFactory(title="Visit to France", slug="to-france")
    for url in ["/", "/people/nikol-pashinyan/", "/places/russia/"]:
        page.goto(live_server.url + url)
        no_js_page.goto(live_server.url + url)
        with_js = page.locator("li.visit-row").evaluate_all("rows => rows.map(r => r.dataset.visit)")
        without_js = no_js_page.locator("li.visit-row").evaluate_all("rows => rows.map(r => r.dataset.visit)")
        assert without_js == with_js
        assert "pashinyan-innopolis-2021-04-30" in without_js
        expect(no_js_page.locator("#timeline")).to_be_hidden()
    no_js_page.goto(live_server.url + VISIT)
    expect(no_js_page.locator("li.engagement")).to_have_count(2)
    expect(no_js_page.locator("mark").first).to_be_visible()
    screenshot(no_js_page)


def test_long_stop_labels_are_not_cut_on_a_phone(seeded, live_server, page, screenshot):
    # "1. Visit to the Kazan Expo International Exhibition Center" is wider than a 390 px
    # screen's timeline: too wide to fit by moving the window's end, it was cut at the edge.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/visits/{seeded.slug}/")
    page.wait_for_selector("#timeline .vis-item")
    page.wait_for_timeout(600)
    cut = timeline_labels_cut(page)
    screenshot(page, "-phone")
    assert cut == []
    # Wrapped labels do not overlap: each item's box holds its label.
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('#timeline .vis-item')].filter(item => {
            const c = item.querySelector('.vis-item-content').getBoundingClientRect();
            const b = item.getBoundingClientRect();
            return c.bottom > b.bottom + 1;
          }).length"""
    )
    assert overlaps == 0


@pytest.mark.skipif(not JS_TIMELINE, reason="vis-timeline is not installed (npm ci)")
def test_the_timeline_shows_though_the_page_is_resized_while_it_draws(seeded, live_server, page):
    # vis-timeline kept a timeline hidden (visibility) until a redraw after its first range change;
    # a resize meanwhile (a phone turned, a full-page screenshot) left it blank for good.
    page.goto(live_server.url + "/")
    page.set_viewport_size({"width": 900, "height": 700})
    page.set_viewport_size({"width": 1280, "height": 720})
    expect(page.locator("#timeline .vis-item")).to_be_visible(timeout=3000)
