"""The visit editor in Chromium, as an editor uses it: drag a stop to the top, add a participant
on the visit's page, pick a quote from the source text; and every change form fits 1280 px."""

import pytest
from django.contrib.auth.models import Group, Permission

from common.auth.roles import DOMAIN_APPS, EDITORS
from people.models import Person
from places.models import Place
from sources.models import Citation, Source
from tests import factories
from tests.e2e.conftest import page_of
from visits.models import Engagement, Participant, Visit

pytestmark = pytest.mark.e2e

TITLES = ("Kazan Expo", "Tour of Innopolis", "Innopolis University")


@pytest.fixture
def editor(transactional_db):
    """The editor persona for a live-server test (see analyst on what a transactional test keeps)."""
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS))
    return factories.editor()


@pytest.fixture
def editor_page(browser, live_server, editor):
    with page_of(browser, live_server, editor) as page:
        yield page


@pytest.fixture
def visit(transactional_db):
    visit = factories.VisitFactory(title="Working visit to Russia")
    for number, title in enumerate(TITLES, start=1):
        factories.EngagementFactory(visit=visit, sequence=number, title=title)
    return visit


def open_visit(page, live_server, visit):
    page.goto(f"{live_server.url}/admin/visits/visit/{visit.pk}/change/")
    page.wait_for_selector("#engagements-group .djn-drag-handler")


def save(page):
    with page.expect_navigation():
        page.locator('input[name="_continue"]').click()
    errors = page.eval_on_selector_all(
        ".errorlist",
        "lists => lists.map(list => [list.closest('td,div.form-row')?.className, list.innerText])",
    )
    assert page.locator(".errornote").count() == 0, errors


def test_drag_a_stop_to_the_top_and_save(editor_page, live_server, visit, screenshot):
    page = editor_page
    # Tall enough for the first and the last stop to be on screen together, as when dragging.
    page.set_viewport_size({"width": 1280, "height": 4000})
    open_visit(page, live_server, visit)
    handles = page.locator("#engagements-group .djn-item.has_original > h3.djn-drag-handler")
    last, first = handles.nth(2).bounding_box(), handles.nth(0).bounding_box()
    page.mouse.move(last["x"] + 30, last["y"] + last["height"] / 2)
    page.mouse.down()
    for step in range(1, 31):  # jQuery UI's sortable follows the pointer event by event
        y = last["y"] + (first["y"] - 20 - last["y"]) * step / 30
        page.mouse.move(last["x"] + 30, y)
        page.wait_for_timeout(15)
    page.mouse.up()
    numbers = page.eval_on_selector_all(
        '#engagements-group .djn-item.has_original input[name$="-sequence"]',
        "inputs => inputs.map(input => [input.closest('.djn-item')"
        " .querySelector('input[name$=\"-title\"]').value, input.value])",
    )
    assert [number for _title, number in numbers] == ["0", "1", "2"], numbers  # set by the drag
    screenshot(page, "-dragged")

    save(page)

    order = list(visit.engagements.order_by("sequence").values_list("title", flat=True))
    assert order == [TITLES[2], TITLES[0], TITLES[1]]


def choose(page, container, label_text, search):
    """Pick `search` in the admin's autocomplete (select2) inside `container`."""
    container.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=label_text).first.click()


def test_add_a_participant_on_the_visit_page(editor_page, live_server, visit, screenshot):
    factories.PersonFactory(name="Rustam Minnikhanov")
    page = editor_page
    open_visit(page, live_server, visit)
    participants = page.locator("#engagements-0-participants-group")
    participants.locator(".djn-add-handler").first.click()
    row = participants.locator(".djn-inline-form:not(.djn-empty-form)").last
    choose(page, row.locator("td.field-person"), "Rustam Minnikhanov", "Minni")
    row.locator('select[name$="-role"]').select_option("host")
    screenshot(page, "-participant")

    save(page)

    participant = Participant.objects.get(person__name="Rustam Minnikhanov")
    assert participant.engagement.title == TITLES[0]


def test_pick_a_quote_from_the_source_text(editor_page, live_server, visit, screenshot):
    source = factories.SourceFactory(
        title="Press release", text="The minister met the mayor. Later the minister met the mayor again."
    )
    page = editor_page
    open_visit(page, live_server, visit)
    group = page.locator("#sources-citation-content_type-object_id-group")  # the visit's own quotes
    group.locator(".djn-add-handler").first.click()
    row = group.locator(".djn-inline-form:not(.djn-empty-form)").last
    choose(page, row.locator("td.field-source"), "Press release", "Press")
    row.locator(".qp-open").click()
    panel = page.locator(".quote-picker")
    panel.locator(".qp-text").wait_for()
    panel.locator(".qp-title", has_text="Press release").wait_for()
    second = source.text.index("the minister met the mayor")
    # Select the second occurrence, as a mouse drag over the text would.
    page.evaluate(
        """([start, end]) => {
            const node = document.querySelector('.quote-picker .qp-text').firstChild;
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, end);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            node.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        [second, second + len("the minister met the mayor")],
    )
    screenshot(page, "-picker")
    panel.locator(".qp-use").click()
    assert row.locator('textarea[name$="-quote"]').input_value() == "the minister met the mayor"

    save(page)

    citation = Citation.objects.get(object_id=visit.pk)
    assert citation.start == second


CHANGE_PAGES = [Visit, Engagement, Participant, Person, Place, Source, Citation]


def test_every_change_form_fits_a_1280_pixel_window(editor_page, live_server, visit, screenshot):
    page = editor_page
    stop = visit.engagements.first()
    participant = factories.ParticipantFactory(engagement=stop)
    citation = factories.CitationFactory(content_object=visit)
    records = {
        Visit: visit,
        Engagement: stop,
        Participant: participant,
        Person: participant.person,
        Place: stop.venue,
        Source: citation.source,
        Citation: citation,
    }
    too_wide = {}
    for model, record in records.items():
        opts = model._meta
        page.goto(f"{live_server.url}/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 1280:
            too_wide[opts.label] = width
            screenshot(page, f"-{opts.model_name}")
    assert too_wide == {}
