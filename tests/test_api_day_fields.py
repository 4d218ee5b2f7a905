"""A day written to the API that does not exist ("2024-02-30") is said to be so, naming the field.

DRF's date field answered "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
for a date written in exactly that format: the editor looks for a typo in the format, not the day.
"""

import pytest
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_a_stop_on_a_day_that_does_not_exist(api):
    visit = factories.VisitFactory(status="held")
    response = api.patch(
        f"/api/v1/visits/{visit.pk}/",
        {"engagements": [{"title": "Talks", "date": "2024-02-30"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "engagements[0].date": ["'2024-02-30' is not a real date: day is out of range for month."]
    }


def test_a_source_published_on_a_month_that_does_not_exist(api):
    response = api.post(
        "/api/v1/sources/", {"title": "Report", "text": "Text.", "published_on": "2024-13-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["published_on"] == ["'2024-13-01' is not a real date: month must be in 1..12."]


def test_a_wrong_format_is_still_said_to_be_one(api):
    response = api.post(
        "/api/v1/sources/", {"title": "Report", "text": "Text.", "published_on": "30/02/2024"}, format="json"
    )
    assert response.status_code == 400
    assert "wrong format" in response.json()["published_on"][0]
