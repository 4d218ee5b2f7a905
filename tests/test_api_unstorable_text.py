"""Text no database can store (a NUL character, an unpaired surrogate) is a 400 wherever it is in a
JSON body, before any field hands it to the database (a slug lookup with NUL was a PostgreSQL 500)."""

import json

import pytest

from tests import factories
from visits.models import Participant


@pytest.fixture
def engagement(db):
    return factories.EngagementFactory()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ('{{"engagement": {e}, "person": "\\u0000abc", "role": "host"}}', "person"),
        ('{{"engagement": {e}, "person": "abc\\udc00", "role": "host"}}', "person"),
        ('{{"engagement": {e}, "name_as_stated": "a\\ud800", "role": "host"}}', "name_as_stated"),
        ('{{"engagement": {e}, "name_as_stated": "x", "role": "host", "\\u0000": 1}}', "'\\x00'"),
        (
            '{{"engagement": {e}, "name_as_stated": "x", "role": "host", "extra": [1, {{"a": "\\u0000"}}]}}',
            "extra[1].a",
        ),
    ],
)
def test_unstorable_text_anywhere_in_the_body_is_a_400_naming_where(editor_client, engagement, body, path):
    response = editor_client.post(
        "/api/v1/participants/", body.format(e=engagement.pk), content_type="application/json"
    )
    assert response.status_code == 400
    [(field, [message])] = response.json().items()
    assert field == ("detail" if path.startswith("'") else path.split("[")[0].split(".")[0])
    assert message.startswith(path if not path.startswith("'") else f"the key {path}")
    assert not Participant.objects.exists()


def test_text_outside_the_basic_plane_is_stored(editor_client, engagement):
    body = {"engagement": engagement.pk, "name_as_stated": "𝕏 😀 界", "role": "host"}
    response = editor_client.post("/api/v1/participants/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Participant.objects.get().name_as_stated == "𝕏 😀 界"
