"""The API guide and recipes pages (/api/guide/) in Chromium: their long command lines and code
scroll in their own box, not the page."""

import pytest


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("url", ["/api/guide/", "/api/guide/recipes/"])
def test_code_blocks_do_not_widen_the_page(live_server, page, url, width):
    # The guide's curl examples (one line each) made /api/guide/ 1,508 px wide on a 1,280 px
    # screen: the whole page scrolled sideways to read one line.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + url)
    assert page.locator("article.guide pre").count() > 0
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{url} is {scroll_width}px wide on a {width}px screen"
