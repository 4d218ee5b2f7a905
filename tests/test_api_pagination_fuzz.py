"""Cursors, offsets and limits are client input: a malformed one is a 400 naming the parameter,
never a 500 (hypothesis tries shapes, types and sizes a hand-written list would miss)."""

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories


def cursor(value, *, padded=True):
    token = base64.urlsafe_b64encode(json.dumps(value).encode()).decode()
    return token if padded else token.rstrip("=")


@pytest.fixture
def visits(db):
    for day in range(1, 6):
        factories.VisitFactory(start_date=f"2021-04-0{day}")


@pytest.mark.parametrize(
    ("resource", "value"),
    [
        ("visits", ["next", [None, None]]),
        ("visits", ["previous", [None, None]]),
        ("visits", ["next", ["2021-04-01", None]]),
        ("visits", ["next", [None, "1"]]),
        ("visits", ["next", [["2021-04-01"], {"id": 1}]]),
        ("visits", ["next", ["2021-04-01", "99999999999999999999999"]]),
        ("visits", ["next", ["2021-04-01", 1]]),
        ("visits", ["next", ["99999-01-01", "1"]]),
        ("visits", ["next", ["2021-04-01", "x" * 10_000]]),
        ("visits", ["next", "ab"]),
        ("visits", {"next": 1, "ab": 2}),
        ("visits", ["sideways", ["2021-04-01", "1"]]),
        ("visits", ["next", ["2021-04-01", "1"], "extra"]),
        ("visits", "next"),
        ("visits", None),
        ("visits", 12),
        ("people", ["next", [None]]),
        ("people", ["next", ["-99999999999999999999"]]),
        ("people", ["next", [True]]),
        ("people", ["next", ["1.5"]]),
    ],
)
def test_malformed_cursors_are_a_400_naming_the_cursor(analyst_client, visits, resource, value):
    response = analyst_client.get(f"/api/v1/{resource}/", {"pagination": "cursor", "cursor": cursor(value)})
    assert response.status_code == 400
    assert response.json() == {"cursor": ["Invalid cursor; use the next or previous link as given."]}


def test_cursors_from_the_links_still_walk(analyst_client, visits):
    page = analyst_client.get("/api/v1/visits/?pagination=cursor&limit=2&fields=id").json()
    assert analyst_client.get(page["next"]).status_code == 200
    [token] = parse_qs(urlsplit(page["next"]).query)["cursor"]
    value = json.loads(base64.urlsafe_b64decode(token))
    assert value[0] == "next" and all(isinstance(v, str) for v in value[1])


TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.dates().map(str),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    TEXT,
    st.lists(st.integers(), max_size=2),
)
# Mostly near-valid shapes (a direction and a value per ordering field), some anything at all.
NEAR_VALID = st.tuples(st.sampled_from(["next", "previous"]), st.lists(VALUES, min_size=1, max_size=2)).map(
    list
)
CURSOR_VALUES = st.one_of(NEAR_VALID, NEAR_VALID, NEAR_VALID, st.tuples(JSON, JSON).map(list), JSON)
CURSORS = st.one_of(
    st.builds(cursor, CURSOR_VALUES, padded=st.booleans()),
    TEXT,
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    TEXT,
    st.sampled_from(["", "0", "1", "1000", "1001", "1e3", "0x10", "١٢", "²", " 5", "5 "]),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(resource=st.sampled_from(["visits", "people", "sources"]), token=CURSORS, limit=NUMBERS)
def test_any_cursor_and_limit_is_answered_without_a_server_error(
    analyst_client, visits, resource, token, limit
):
    response = analyst_client.get(
        f"/api/v1/{resource}/", {"pagination": "cursor", "cursor": token, "limit": limit}
    )
    assert response.status_code in (200, 400), (token, limit, response.content[:300])


@FUZZ
@given(resource=st.sampled_from(["visits", "people", "changes"]), offset=NUMBERS, limit=NUMBERS)
def test_any_offset_and_limit_is_answered_without_a_server_error(
    analyst_client, visits, resource, offset, limit
):
    response = analyst_client.get(f"/api/v1/{resource}/", {"offset": offset, "limit": limit})
    assert response.status_code in (200, 400), (offset, limit, response.content[:300])
