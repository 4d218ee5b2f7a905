"""Analysts may look at every admin page but change nothing; anonymous visitors must log in."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from tests import factories
from tests.test_admin_pages import MODEL_IDS, REGISTERED, admin_url, build_row, form_data
from visits.models import Visit, VisitStatus


def snapshot(row):
    return model_to_dict(type(row).objects.get(pk=row.pk))


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_analyst_views_changelist_change_and_history_without_save_buttons(model, analyst_client):
    row = build_row(model)

    changelist = analyst_client.get(admin_url(model, "changelist"))
    change = analyst_client.get(admin_url(model, "change", row.pk))
    history = analyst_client.get(admin_url(model, "history", row.pk))

    assert changelist.status_code == 200
    assert row in changelist.context["cl"].result_list
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert all(
        not (inline.has_add_permission or inline.has_change_permission or inline.has_delete_permission)
        for inline in change.context["inline_admin_formsets"]
    )
    assert history.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_analyst_cannot_add_change_or_delete(model, analyst_client):
    row = build_row(model)
    before, rows_before = snapshot(row), model.objects.count()
    # What an editor's browser would send: the record's own values, one of them edited.
    data = {name: ("" if value is None else value) for name, value in before.items()}

    add_page = analyst_client.get(admin_url(model, "add"))
    add = analyst_client.post(admin_url(model, "add"), data)
    change = analyst_client.post(admin_url(model, "change", row.pk), data)
    delete_page = analyst_client.get(admin_url(model, "delete", row.pk))
    delete = analyst_client.post(admin_url(model, "delete", row.pk), {"post": "yes"})

    assert add_page.status_code == 403
    assert add.status_code == 403
    assert change.status_code == 403
    assert delete_page.status_code == 403
    assert delete.status_code == 403
    assert model.objects.count() == rows_before
    assert snapshot(row) == before


def test_analyst_cannot_revert_to_an_earlier_version(analyst_client, editor_client):
    visit = factories.VisitFactory(title="First title")
    first = visit.history.earliest()
    visit.title = "Second title"
    visit.save()
    url = admin_url(Visit, "simple_history", visit.pk, first.history_id)

    page = analyst_client.get(url)
    # The form an editor would submit; an analyst's page has no editable fields to take it from.
    editor_page = editor_client.get(url)
    post = analyst_client.post(url, form_data(editor_page))

    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert post.status_code == 403
    visit.refresh_from_db()
    assert visit.title == "Second title"
    assert visit.history.count() == 2


def test_analyst_cannot_run_bulk_actions(analyst_client):
    visit = factories.VisitFactory(status=VisitStatus.DRAFT)
    url = admin_url(Visit, "changelist")

    page = analyst_client.get(url)
    publish = analyst_client.post(url, {"action": "publish", "_selected_action": [visit.pk]})
    delete = analyst_client.post(
        url, {"action": "delete_selected", "_selected_action": [visit.pk], "post": "yes"}
    )

    assert "publish" not in page.context["cl"].model_admin.get_actions(page.wsgi_request)
    assert publish.status_code in (200, 302)
    assert delete.status_code in (200, 302)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT
    assert visit.history.count() == 1


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_anonymous_is_sent_to_the_login_page(model, anonymous_client, db):
    row = build_row(model)
    login = reverse("admin:login")

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", row.pk),
        admin_url(model, "history", row.pk),
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next=")


def test_anonymous_post_changes_nothing(anonymous_client, db):
    visit = factories.VisitFactory(title="Kept")

    response = anonymous_client.post(admin_url(Visit, "change", visit.pk), {"title": "Changed"})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.title == "Kept"
