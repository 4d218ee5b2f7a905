"""Two editors open the same record: the second save, from a stale page, is refused (no lost update)."""

import pytest
from django.test import Client

from tests import factories
from tests.test_admin_pages import admin_url, form_data
from tests.test_admin_validation import errors_of
from visits.models import Engagement, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor_client():
    client = Client()
    client.force_login(factories.UserFactory(username="editor2", is_staff=True, groups=["Editors"]))
    return client


def test_a_save_from_a_stale_page_is_refused_and_the_first_edit_stands(editor_client, second_editor_client):
    visit = factories.VisitFactory(title="Original title", summary="Original summary")
    url = admin_url(Visit, "change", visit.pk)
    first_page = form_data(editor_client.get(url))
    second_page = form_data(second_editor_client.get(url))

    first_page["title"] = "Title by the first editor"
    assert editor_client.post(url, first_page).status_code == 302

    second_page["summary"] = "Summary by the second editor"
    response = second_editor_client.post(url, second_page)

    [message] = errors_of(response)
    assert "changed after you opened it" in message
    assert "by editor at" in message
    assert "title “Original title” → “Title by the first editor”" in message
    visit.refresh_from_db()
    assert (visit.title, visit.summary) == ("Title by the first editor", "Original summary")
    assert [h.history_user.username for h in visit.history.filter(history_type="~")] == ["editor"]


def test_after_the_warning_saving_again_is_a_deliberate_overwrite(editor_client, second_editor_client):
    visit = factories.VisitFactory(title="Original title")
    url = admin_url(Visit, "change", visit.pk)
    first_page = form_data(editor_client.get(url))
    second_page = form_data(second_editor_client.get(url))
    first_page["title"] = "First"
    editor_client.post(url, first_page)
    second_page["title"] = "Second"
    refused = second_editor_client.post(url, second_page)

    again = form_data(refused)
    assert again["title"] == "Second"
    assert second_editor_client.post(url, again).status_code == 302
    visit.refresh_from_db()
    assert visit.title == "Second"


def test_an_edit_of_inline_rows_makes_other_open_pages_stale(editor_client, second_editor_client):
    engagement = factories.EngagementFactory(title="Talks")
    url = admin_url(Visit, "change", engagement.visit.pk)
    first_page = form_data(editor_client.get(url))
    second_page = form_data(second_editor_client.get(url))

    first_page["engagements-0-title"] = "Talks with the mayor"
    assert editor_client.post(url, first_page).status_code == 302
    second_page["engagements-0-title"] = "Talks with the governor"
    assert "changed after you opened it" in errors_of(second_editor_client.post(url, second_page))[0]
    assert Engagement.objects.get().title == "Talks with the mayor"


def test_a_form_without_its_version_is_refused(editor_client):
    visit = factories.VisitFactory(title="Kept")
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    del data["loaded_version"]
    data["title"] = "Changed"
    assert "Reload the page" in errors_of(editor_client.post(url, data))[0]
    visit.refresh_from_db()
    assert visit.title == "Kept"
