"""Timeline tooltips show a record's text as text: markup stored in a title is not rendered."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests import factories

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.VIS_TIMELINE_JS, reason="vis-timeline is not installed (npm)"),
]

MARKUP = '<img src=x onerror="window.__injected = 1"><a href="https://evil.example/">click</a>'


@pytest.fixture
def visit_with_markup(db):
    visit = factories.VisitFactory(title=f"Visit {MARKUP}", slug="markup-visit", status="held")
    factories.EngagementFactory(visit=visit, sequence=1, title=f"Stop {MARKUP}")
    return visit


@pytest.mark.parametrize("url", ["/", "/visits/markup-visit/"])
def test_a_tooltip_holds_the_title_as_text_not_as_elements(visit_with_markup, live_server, page, url):
    page.goto(live_server.url + url)
    item = page.locator("#timeline .vis-item").first
    expect(item).to_be_visible()
    item.hover()
    tooltip = page.locator(".vis-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(MARKUP)
    assert tooltip.locator("img, a, script, [onerror]").count() == 0
    # The item's own label is text too.
    assert page.locator("#timeline .vis-item img, #timeline .vis-item a[href*='evil']").count() == 0
    assert page.evaluate("window.__injected") is None
