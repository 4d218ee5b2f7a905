"""Malformed input to the admin (filters, searches, ids in URLs and forms) gets a 4xx, never a 500."""

import pytest
from django.urls import reverse

from tests import factories
from tests.test_admin_pages import admin_url, build_row
from visits.models import Visit, VisitStatus


@pytest.mark.parametrize(
    "query",
    [
        "start_date__gte=not-a-date",
        "host_country__id__exact=abc",
        "status=bogus",
        "no_such=1",
    ],
)
def test_malformed_filter_never_errors(query, editor_client):
    build_row(Visit)
    url = admin_url(Visit, "changelist")

    response = editor_client.get(f"{url}?{query}")

    # Django refuses a lookup it cannot apply (redirect with ?e=1) or renders the list.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("query", ["kind__in=%00", "q=Visit%00", "title%00=1"])
def test_nul_character_in_a_filter_or_search_is_a_bad_request(query, editor_client):
    url = admin_url(Visit, "changelist")

    response = editor_client.get(f"{url}?{query}")

    assert response.status_code == 400


def test_nul_character_in_an_autocomplete_term_is_a_bad_request(editor_client):
    params = {"app_label": "visits", "model_name": "visit", "field_name": "principal", "term": "Pash\x00"}

    response = editor_client.get(reverse("admin:autocomplete"), params)

    assert response.status_code == 400


@pytest.mark.parametrize("selected", ["abc", "1\x00", ""])
def test_bulk_action_on_an_id_that_is_not_a_number_is_a_bad_request(selected, editor_client):
    visit = factories.VisitFactory(status=VisitStatus.DRAFT)

    response = editor_client.post(
        admin_url(Visit, "changelist"), {"action": "publish", "_selected_action": [visit.pk, selected]}
    )

    assert response.status_code == 400
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT


@pytest.mark.parametrize(
    "path", ["{bad}/history/", "{bad}/history/1/", "{pk}/history/{bad}/", "{pk}/history/999/"]
)
def test_history_page_of_an_impossible_id_is_not_found(path, editor_client):
    visit = factories.VisitFactory()
    url = admin_url(Visit, "changelist") + path.format(bad="abc", pk=visit.pk)

    response = editor_client.get(url)

    assert response.status_code == 404
