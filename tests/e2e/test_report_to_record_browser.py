"""Issue 16's end to end: an editor turns the Innopolis report into a draft visit in Chromium, with
accept clicks only, on an empty register and on one that already knows the people. The result
holds the facts of the bundled dossier (tests.test_report_review.check_innopolis_visit).
Screenshots go to /tmp/shots-E/."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from common.auth.roles import DOMAIN_APPS, EDITORS
from common.services import delete_record
from people.models import Person
from tests import factories
from tests.e2e.conftest import page_of
from tests.test_report_review import META, TEXT, check_innopolis_visit
from visits.models import Visit

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots-E")


@pytest.fixture
def editor(transactional_db, django_db_serialized_rollback):
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS))
    return factories.editor()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def draft_from_the_report(page, live_server, name):
    page.goto(f"{live_server.url}/reports/new/")
    page.fill("textarea[name=text]", TEXT)
    page.fill("input[name=title]", META["title"])
    page.fill("input[name=publisher]", META["publisher"])
    page.fill("input[name=published_on]", META["published_on"])
    shot(page, f"{name}-1-new-report")
    with page.expect_navigation():
        page.get_by_role("button", name="Read the report").click()
    page.wait_for_selector("mark.proposal")
    shot(page, f"{name}-2-review")
    accepts = page.locator(".decision label.accept")
    count = accepts.count()
    assert count > 20
    for index in range(count):  # accept clicks only: one per proposal
        accepts.nth(index).click()
    shot(page, f"{name}-3-accepted")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the draft visit").click()
    shot(page, f"{name}-4-created")
    return page


def test_the_innopolis_report_becomes_a_draft_visit_on_an_empty_register(browser, live_server, editor):
    with page_of(browser, live_server, editor) as page:
        draft_from_the_report(page, live_server, "empty-register")
        visit = Visit.objects.get()
        assert page.url.endswith(f"/admin/visits/visit/{visit.pk}/change/")
        check_innopolis_visit(visit)


def test_a_register_that_knows_the_people_reuses_them(browser, live_server, editor):
    call_command("seed", stdout=io.StringIO())
    seeded = Visit.objects.get()
    principal = seeded.principal
    # The register knows the people and places, not this visit (a second account merges: test_report_merge).
    delete_record(record=seeded, reason="test")
    people = Person.objects.count()
    with page_of(browser, live_server, editor) as page:
        page.goto(f"{live_server.url}/reports/new/")
        draft_from_the_report(page, live_server, "known-people")
        # Matches are shown as matches in the review (checked on the screenshot) and reused.
        visit = Visit.objects.get()
        assert Person.objects.count() == people
        assert visit.principal == principal
        assert visit.status == "draft"
        assert [stop.venue.slug for stop in visit.engagements.order_by("sequence")] == [
            "kazan-expo",
            "innopolis",
        ]
