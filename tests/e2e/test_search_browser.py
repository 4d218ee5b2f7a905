"""The header's search box in Chromium: type words on any page, get every kind of record with the
words highlighted, follow a result; the index pages it sits beside; a phone-width layout."""

import re
from pathlib import Path

from playwright.sync_api import expect

SHOTS = Path("/tmp/shots-D1")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_box_finds_people_places_visits_and_sources(live_server, page, seeded):
    page.goto(live_server.url + "/")
    box = page.get_by_role("searchbox", name="Search people, places, organisations, visits and sources")
    box.fill("innopolis")
    box.press("Enter")
    expect(page).to_have_url(live_server.url + "/search/?q=innopolis")
    expect(page.get_by_role("heading", name="Places")).to_be_visible()
    visits = page.locator("section[aria-labelledby=results-visit] li")
    expect(visits).to_have_count(1)
    expect(visits.locator("mark").first).to_have_text("Innopolis")
    expect(page.locator("section[aria-labelledby=results-source] .snippet mark").first).to_have_text(
        "Innopolis"
    )
    shot(page, "search-results")
    visits.locator("a.result-title").click()
    expect(page).to_have_url(live_server.url + "/visits/pashinyan-innopolis-2021-04-30/")


def test_a_misspelt_prefix_and_a_phone_width(live_server, page, seeded):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/people/")
    expect(page.locator("table.index-table tbody tr").first).to_be_visible()
    shot(page, "people-index-phone")
    box = page.get_by_role("searchbox", name="Search people, places, organisations, visits and sources")
    box.fill("pashin")
    box.press("Enter")
    people = page.locator("section[aria-labelledby=results-person] li")
    expect(people.first).to_contain_text("Pashinyan")
    shot(page, "search-phone")


def test_places_tree_goes_down_and_back_up(live_server, page, seeded):
    page.goto(live_server.url + "/places/")
    expect(page.get_by_role("heading", name="Countries", level=1)).to_be_visible()
    page.get_by_role("link", name="places in Russia").click()
    expect(page.get_by_role("heading", name="Places in Russia", level=1)).to_be_visible()
    shot(page, "places-tree")
    page.get_by_role("link", name="All countries").first.click()
    expect(page.get_by_role("heading", name="Countries", level=1)).to_be_visible()


def test_filter_inputs_complete_names_and_still_take_a_slug(live_server, page, no_js_page, seeded):
    page.goto(live_server.url + "/")
    control = page.locator("#f-principal-ts-control")  # tom-select's typing box for "Visit by"
    control.fill("pashin")
    option = page.locator(".ts-dropdown .option", has_text="Nikol Pashinyan")
    option.click()
    expect(page.locator("#f-principal")).to_have_value("nikol-pashinyan")
    shot(page, "visit-filter-autocomplete")
    page.get_by_role("heading", name="Official visits").click()  # away from the list, which closes
    expect(page.locator(".ts-dropdown").first).to_be_hidden()
    page.get_by_role("button", name="Show visits").click()
    expect(page).to_have_url(re.compile(r"principal=nikol-pashinyan"))
    # The chosen person is shown by name again on the filtered page.
    expect(page.locator("#f-principal + .ts-wrapper .item")).to_have_text("Nikol Pashinyan")
    # Without JavaScript the same input takes the slug.
    no_js_page.goto(live_server.url + "/")
    no_js_page.fill("#f-principal", "nikol-pashinyan")
    no_js_page.get_by_role("button", name="Show visits").click()
    expect(no_js_page.locator("li.visit-row")).to_have_count(1)


def test_index_pages_fit_a_phone(live_server, page, seeded):
    # Long words ("Intergovernmental body", "Eurasian Intergovernmental Council") hold the index
    # tables' columns wide: /organisations/ made the whole page 466-522 px wide on a 390 px
    # screen, header and all scrolling sideways. A wide table now scrolls in its own box.
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/organisations/", "/people/", "/places/", "/places/?parent=russia", "/sources/"):
        page.goto(live_server.url + url)
        expect(page.locator("table.index-table tbody tr").first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width}px wide on a 390px screen"
        box = page.locator(".table-scroll").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (url, box)
