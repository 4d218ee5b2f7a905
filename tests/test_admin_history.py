"""Every admin write leaves a history row naming the editor and the change; editors can revert."""

import datetime

from django.contrib.messages import get_messages

from sources.models import Citation
from tests import factories
from tests.test_admin_pages import admin_url, form_data
from visits.models import Engagement, Visit, VisitStatus


def visit_with_stops():
    visit = factories.VisitFactory(title="Working visit to Russia")
    for sequence, title in ((1, "Kazan Expo"), (2, "Tour of Innopolis")):
        factories.EngagementFactory(visit=visit, sequence=sequence, title=title)
    factories.CitationFactory(content_object=visit)
    return visit


def test_editing_a_visit_records_one_history_row_with_the_editor_and_the_changed_field(editor, editor_client):
    visit = visit_with_stops()
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    assert data["engagements-TOTAL_FORMS"] == 2
    data["title"] = "Working visit to Kazan and Innopolis"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert visit.history.count() == 2
    latest = visit.history.latest()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    changes = {change.field: (change.old, change.new) for change in delta.changes}
    assert changes["title"] == ("Working visit to Russia", "Working visit to Kazan and Innopolis")
    assert set(changes) == {"title"}
    # Unchanged inline rows are not rewritten, so they gain no history.
    assert Engagement.history.filter(history_type="~").count() == 0
    assert Citation.history.filter(history_type="~").count() == 0


def test_editing_an_engagement_inline_records_its_history_with_the_editor(editor, editor_client):
    visit = visit_with_stops()
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    data["engagements-1-title"] = "Tour of the IT city of Innopolis"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    second = visit.engagements.get(sequence=2)
    assert second.title == "Tour of the IT city of Innopolis"
    latest = second.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", editor)
    assert visit.engagements.get(sequence=1).history.count() == 1


def test_history_page_lists_who_changed_what(editor, editor_client):
    visit = visit_with_stops()
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    data["purpose"] = "Sitting of the EEU Intergovernmental Council"
    editor_client.post(url, data)

    response = editor_client.get(admin_url(Visit, "history", visit.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert "editor" in content
    assert "Sitting of the EEU Intergovernmental Council" in content
    assert [record.history_user for record in response.context["page_obj"]] == [editor, None]


def test_editor_reverts_to_an_earlier_version(editor, editor_client):
    visit = factories.VisitFactory(title="First title")
    first = visit.history.earliest()
    visit.title = "Second title"
    visit.save()
    url = admin_url(Visit, "simple_history", visit.pk, first.history_id)
    data = form_data(editor_client.get(url))
    assert data["title"] == "First title"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.title == "First title"
    assert visit.history.count() == 3
    assert visit.history.latest().history_user == editor


def test_publish_action_saves_each_draft_with_its_own_history_row(editor, editor_client):
    drafts = factories.VisitFactory.create_batch(3, status=VisitStatus.DRAFT)
    held = factories.VisitFactory(status=VisitStatus.HELD)
    selected = [visit.pk for visit in [*drafts, held]]

    response = editor_client.post(
        admin_url(Visit, "changelist"), {"action": "publish", "_selected_action": selected}
    )

    assert response.status_code == 302
    for visit in drafts:
        visit.refresh_from_db()
        assert visit.status == VisitStatus.HELD
        latest = visit.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (editor, "Published")
        assert visit.history.count() == 2
    assert held.history.count() == 1  # already published: left alone
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Published: 3 visits."]


def test_publish_action_reports_an_invalid_visit_and_leaves_it_a_draft(editor_client):
    city = factories.PlaceFactory(name="Kazan")
    # A host country that is not a country: the database allows it, the model's rules do not.
    broken = factories.VisitFactory(status=VisitStatus.DRAFT, title="Broken", host_country=city)

    response = editor_client.post(
        admin_url(Visit, "changelist"), {"action": "publish", "_selected_action": [broken.pk]}, follow=True
    )

    broken.refresh_from_db()
    assert broken.status == VisitStatus.DRAFT
    assert broken.history.count() == 1
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "Published: 0 visits."
    assert "“Kazan (city)” is not a country." in messages[1]


def test_return_to_draft_action_records_history(editor, editor_client):
    visit = factories.VisitFactory(status=VisitStatus.HELD, start_date=datetime.date(2021, 4, 30))

    editor_client.post(
        admin_url(Visit, "changelist"), {"action": "return_to_draft", "_selected_action": [visit.pk]}
    )

    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT
    assert visit.history.latest().history_user == editor


def test_bulk_delete_records_a_deletion_per_visit_with_the_editor(editor, editor_client):
    visits = factories.VisitFactory.create_batch(2)
    pks = [visit.pk for visit in visits]

    response = editor_client.post(
        admin_url(Visit, "changelist"), {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    )

    assert response.status_code == 302
    assert not Visit.objects.filter(pk__in=pks).exists()
    deletions = Visit.history.filter(history_type="-", id__in=pks)
    assert sorted(deletions.values_list("id", flat=True)) == sorted(pks)
    assert {record.history_user for record in deletions} == {editor}


def test_history_shows_labels_and_names_not_stored_values(editor_client):
    visit = factories.VisitFactory(status=VisitStatus.DRAFT)
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    data["status"] = VisitStatus.HELD
    assert editor_client.post(url, data).status_code == 302

    page = editor_client.get(admin_url(Visit, "history", visit.pk)).content.decode()

    assert "Draft (not published)" in page and "Held" in page
    assert "draft&nbsp;&rarr;" not in page and "Updated at" not in page
    assert "Changed in the admin" in page


def test_adding_a_quote_on_the_visit_page_is_a_change_of_its_parts_not_an_empty_visit_change(editor_client):
    visit = factories.VisitFactory()
    source = factories.SourceFactory()
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    prefix = next(key for key in data if key.endswith("TOTAL_FORMS") and "citation" in key).removesuffix(
        "-TOTAL_FORMS"
    )
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-source": source.pk,
            f"{prefix}-0-quote": "The minister visited the city.",
        }
    )
    assert editor_client.post(url, data).status_code == 302

    assert visit.history.count() == 1  # created only: no "Changed" entry with nothing in it
    citation = Citation.objects.get()
    assert citation.history.get().history_change_reason == f"Changed on the page of visit “{visit}”"
    page = editor_client.get(admin_url(Visit, "history", visit.pk)).content.decode()
    assert "Changes to its parts" in page and "Citation: “The minister visited the city.”" in page


def test_a_stop_participant_change_shows_on_the_visits_history(editor_client):
    visit = visit_with_stops()
    participant = factories.ParticipantFactory(engagement=visit.engagements.get(sequence=1))
    url = admin_url(Engagement, "change", participant.engagement.pk)
    data = form_data(editor_client.get(url))
    data["participants-0-title_as_stated"] = "Mayor of Innopolis"
    assert editor_client.post(url, data).status_code == 302

    page = editor_client.get(admin_url(Visit, "history", visit.pk)).content.decode()

    assert "Participant:" in page and "Mayor of Innopolis" in page


def test_a_revert_is_labelled_as_one(editor_client):
    visit = factories.VisitFactory(title="First title")
    first_version = visit.history.get()
    visit.title = "Second title"
    visit.save()
    url = admin_url(Visit, "simple_history", visit.pk, first_version.history_id)
    data = form_data(editor_client.get(url))

    assert editor_client.post(url, data).status_code == 302

    visit.refresh_from_db()
    latest = visit.history.latest()
    assert visit.title == "First title"
    assert latest.history_change_reason.startswith("Reverted to the version of ")
