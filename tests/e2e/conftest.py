"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

The tests are skipped, saying why, when /usr/bin/chromium is not installed.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from common.auth.roles import ANALYSTS, DOMAIN_APPS
from tests import factories

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# tests and fixtures are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def migrated_rows_for_every_browser_test(migrated_rows):
    """Every live-server test is transactional (see tests/conftest.py's migrated_rows)."""


@pytest.fixture
def analyst(transactional_db):
    """The analyst persona for a live-server test (its group's permissions are set here as well,
    for a database created without migrations)."""
    group, _ = Group.objects.get_or_create(name=ANALYSTS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS, codename__startswith="view_")
    )
    return factories.analyst()


def logged_in_context(browser, live_server, user, **options):
    """A browser context carrying the session cookie of `user` (logged in without the form)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@contextlib.contextmanager
def page_of(browser, live_server, user):
    """A page logged in as `user`; any JavaScript error on it fails the test."""
    context = logged_in_context(browser, live_server, user)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser, live_server, analyst):
    with page_of(browser, live_server, analyst) as page:
        yield page


@pytest.fixture
def no_js_page(browser, live_server, analyst):
    context = logged_in_context(browser, live_server, analyst, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot named after the test under test-results/screenshots/."""

    def save(page, suffix=""):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name) + suffix
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def timeline_labels_cut(page):
    """The labels of the timeline's items that run past its right edge."""
    return page.evaluate(
        """() => {
          const panel = document.querySelector('#timeline .vis-panel.vis-center').getBoundingClientRect();
          return [...document.querySelectorAll('#timeline .vis-item-content')]
            .filter(c => c.getBoundingClientRect().right > panel.right + 1)
            .map(c => c.textContent);
        }"""
    )
