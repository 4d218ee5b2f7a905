"""The map, the who-met-whom network and the timelines in Chromium (issue 15, items 3, 4, 6, 8):
drawn, clickable, usable from the keyboard, labels not cut, axe-core finding no serious or
critical violation on any page type, and phone layouts without sideways scrolling.

Screenshots go to /tmp/shots-D2/ (and test-results/screenshots/ through the fixture).
"""

import datetime
import json
from pathlib import Path

import pytest

from pages import timeline
from places.models import PlaceKind
from tests import factories
from tests.e2e.conftest import page_of, timeline_labels_cut

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/shots-D2")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(analyst):
    if not (ROOT / "node_modules" / "d3-geo").is_dir():
        pytest.skip("npm packages not installed (npm ci): the pages show tables only")
    russia = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    france = factories.CountryFactory(iso_code="FR", name="France", slug="france")
    kazan = factories.PlaceFactory(name="Kazan", slug="kazan", parent=russia, latitude=55.79, longitude=49.12)
    expo = factories.PlaceFactory(
        name="Kazan Expo",
        slug="kazan-expo",
        kind=PlaceKind.VENUE,
        parent=kazan,
        latitude=55.61,
        longitude=49.28,
    )
    people = {
        slug: factories.PersonFactory(name=name, slug=slug)
        for slug, name in [("ada", "Ada Lovelace"), ("bob", "Bob Brown"), ("cy", "Cy Young")]
    }
    organisation = factories.OrganisationFactory(name="Kazan City Hall", slug="city-hall", country=russia)
    factories.MembershipFactory(person=people["bob"], organisation=organisation)
    source = factories.SourceFactory(title="A report")
    for n, (country, venue, year, guests) in enumerate(
        [
            (russia, expo, 2019, ["bob"]),
            (russia, expo, 2020, ["bob", "cy"]),
            (france, None, 2021, ["cy"]),
            (russia, kazan, 2021, ["bob"]),
        ]
    ):
        visit = factories.VisitFactory(
            slug=f"visit-{n}",
            title=f"A rather long visit title number {n} to see labels whole",
            principal=people["ada"],
            host_country=country,
            start_date=datetime.date(year, 4, 1 + n),
        )
        stop = factories.EngagementFactory(visit=visit, venue=venue, host_organisation=organisation)
        for slug in ["ada", *guests]:
            factories.ParticipantFactory(engagement=stop, person=people[slug])
        factories.CitationFactory(source=source, content_object=visit)
    return {"source": source}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_home_map_shades_countries_and_a_click_filters(page, live_server, world):
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#world-map svg")
    shaded = page.locator("#world-map a .map-country")
    assert shaded.count() == 2
    assert page.locator('#world-map a[aria-label="Russia: 3 visits"]').count() == 1
    assert page.locator('#world-map a[aria-label="France: 1 visit"] .map-shade-1').count() == 1
    shot(page, "home-map")
    # Russia's box spans the map (Chukotka lies past 180°): click a point inside its shape.
    x, y = page.evaluate(
        """() => {
          const link = document.querySelector('#world-map a[aria-label="Russia: 3 visits"]');
          const box = link.getBoundingClientRect();
          for (let x = box.left; x < box.right; x += 5)
            for (let y = box.top; y < box.bottom; y += 5)
              if (document.elementFromPoint(x, y)?.closest('a') === link) return [x, y];
        }"""
    )
    page.mouse.click(x, y)
    page.wait_for_url("**/?country=russia")
    assert page.locator(".visit-row").count() == 3
    # The map follows the filter: only Russia is shaded now.
    page.wait_for_selector("#world-map svg")
    assert page.locator("#world-map a .map-country").count() == 1


def test_place_map_shows_points_and_person_map_destinations(page, live_server, world):
    page.goto(f"{live_server.url}/places/kazan/")
    page.wait_for_selector("#world-map svg")
    assert page.locator("#world-map circle.map-point").count() == 2
    assert page.locator('#world-map a[aria-label="Kazan Expo (Venue)"]').count() == 1
    shot(page, "place-map")
    page.goto(f"{live_server.url}/people/ada/")
    page.wait_for_selector("#world-map svg")
    assert page.locator("#world-map a .map-country").count() == 2
    page.wait_for_selector("#network canvas")
    shot(page, "person-map-network")


def test_place_map_with_a_single_point_is_drawn_around_it(page, live_server, world):
    """One located place has no extent to fit: the map was all NaN (nothing drawn) until the
    zoom limit also caught the infinite scale (static/js/map.js)."""
    page.goto(f"{live_server.url}/places/kazan-expo/")
    page.wait_for_selector("#world-map svg")
    point = page.locator("#world-map circle.map-point")
    assert point.count() == 1
    assert page.locator('#world-map path[d*="NaN"]').count() == 0
    assert page.locator("#world-map path.map-country").count() > 0
    box = point.bounding_box()
    svg = page.locator("#world-map svg").bounding_box()
    # Centred on the point.
    assert abs(box["x"] + box["width"] / 2 - (svg["x"] + svg["width"] / 2)) < svg["width"] * 0.05
    shot(page, "place-map-single-point")


def test_network_page_draws_the_pairs_and_keeps_the_table(page, live_server, world):
    page.goto(f"{live_server.url}/network/")
    page.wait_for_selector("#network canvas")
    assert not page.locator("#network").is_hidden()
    # Ada-Bob (3 stops) first, then Ada-Cy and Bob-Cy.
    first_row = page.locator(".network-table tbody tr").first
    assert first_row.locator("td").all_text_contents()[:3] == ["Ada Lovelace", "Bob Brown", "3"]
    assert page.locator(".network-table tbody tr").count() == 3
    shot(page, "network")
    page.select_option("#network-pairs", "25")
    page.click(".network-controls button")
    page.wait_for_url("**/network/?pairs=25")


def axis_labels(page):
    """The time axis's visible labels, in order of position (vis reuses their elements)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#timeline .vis-time-axis .vis-text')]
          .filter(label => label.offsetParent && label.textContent)
          .map(label => [Math.round(label.getBoundingClientRect().left), label.textContent])
          .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])).map(pair => pair[1]).join(" ")"""
    )


def test_timeline_of_counts_zooms_fits_and_answers_the_keyboard(page, live_server, world, monkeypatch):
    monkeypatch.setattr(timeline, "ITEMS_AT_MOST", 2)
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#timeline .vis-bar, #timeline rect")
    assert "Visits per month, as a table (3 months)" in page.inner_text(".timeline-table summary")
    page.click("button[data-zoom=fit]")
    page.wait_for_timeout(400)
    opened = axis_labels(page)  # the whole span
    page.click("button[data-zoom=in]")
    page.wait_for_timeout(400)
    zoomed = axis_labels(page)
    assert zoomed != opened
    page.click("button[data-zoom=fit]")
    page.wait_for_timeout(400)
    assert axis_labels(page) == opened
    # From the keyboard: focus the timeline, zoom in with +, move with an arrow, fit with 0.
    page.focus("#timeline")
    page.keyboard.press("+")
    page.wait_for_timeout(800)
    assert axis_labels(page) != opened, (opened, axis_labels(page))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("0")
    page.wait_for_timeout(400)
    assert axis_labels(page) == opened
    shot(page, "timeline-counts")


def test_timeline_items_labels_are_not_cut(page, live_server, world):
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("#timeline .vis-item")
    page.wait_for_timeout(600)
    cut = timeline_labels_cut(page)
    assert cut == []
    assert page.locator("#timeline .vis-item").count() == 4  # the whole list, not a page of it
    shot(page, "timeline-items")


PAGE_TYPES = [
    "/",
    "/?country=russia",
    "/visits/visit-0/",
    "/people/ada/",
    "/places/kazan/",
    "/places/russia/",
    "/organisations/city-hall/",
    "/network/",
    "/people/",
    "/places/",
    "/organisations/",
    "/sources/",
]


def axe_violations(page):
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))
        }"""
    )
    return found


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_axe_finds_no_serious_or_critical_violation(browser, live_server, analyst, world, url):
    if not AXE.is_file():
        pytest.skip("axe-core not installed (npm ci)")
    with page_of(browser, live_server, analyst) as page:
        response = page.goto(f"{live_server.url}{url}")
        if response.status == 404:
            pytest.skip(f"{url} is not served by this version")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        violations = axe_violations(page)
        assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("url", ["/", "/people/ada/", "/network/", "/places/kazan/"])
def test_phone_layout_has_no_sideways_scroll(browser, live_server, analyst, world, url):
    from tests.e2e.conftest import logged_in_context

    context = logged_in_context(browser, live_server, analyst)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{url}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    shot(page, "phone" + url.replace("/", "_").rstrip("_"))
    context.close()
    assert width <= PHONE["width"], f"{url} is {width}px wide on a {PHONE['width']}px screen"
