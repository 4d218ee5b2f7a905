"""Hostile input to the API: oversize or malformed bodies, wrong content types, huge pages, long and
odd filter values. Each gets a 4xx (or a correct, bounded 200), never a 500, and writes nothing."""

import json

import pytest
from django.conf import settings

from people.models import Person
from tests import factories

# session + user + the user's and the groups' permissions
AUTH = 4
LISTS = [
    "people",
    "organisations",
    "memberships",
    "places",
    "place-facts",
    "visits",
    "engagements",
    "participants",
    "sources",
    "citations",
    "changes",
]


@pytest.fixture
def unchanged(row_counts):
    """Asserts, after the test, that no table (history tables included) gained or lost a row."""
    before = row_counts()
    yield
    assert row_counts() == before


@pytest.fixture
def person(db):
    return factories.PersonFactory(slug="ada", name="Ada Example")


# --- Bodies -------------------------------------------------------------------------------------


def oversize_body():
    return json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "slug": "big"})


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_oversize_json_body_is_a_413(editor_client, person, unchanged, method):
    url = "/api/v1/people/" if method == "post" else f"/api/v1/people/{person.pk}/"
    response = getattr(editor_client, method)(url, oversize_body(), content_type="application/json")
    assert response.status_code == 413
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in response.json()["detail"]
    assert Person.objects.get(pk=person.pk).name == "Ada Example"


def test_body_just_under_the_limit_is_read(editor_client, unchanged):
    # A body at the limit is parsed: the refusal is the model's (name too long), not the size.
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 100), "slug": "big"})
    response = editor_client.post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"name": "Ada", "slug": "ada-2"',
        "[1, 2",
        "",
        "null",
        "[]",
        '"a string"',
        "42",
        '{"name": NaN, "slug": "nan"}',
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        b'{"name": "\xff\xfe", "slug": "bytes"}',
        '{"name": "Ada\\u0000", "slug": "nul"}',
        '{"name": "Ada", "slug": "ada-3", "name": ["repeated key, list value"]}',
        '{"name": {"$gt": ""}, "slug": "operator"}',
    ],
)
def test_malformed_json_body_is_a_400(editor_client, unchanged, body):
    response = editor_client.post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", "name=Ada&slug=ada-2"),
        ("application/xml", "<person><name>Ada</name></person>"),
        ("application/x-www-form-urlencoded", "name=Ada&slug=ada-2"),
        (
            "multipart/form-data; boundary=xyz",
            '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nAda\r\n--xyz--',
        ),
        ("application/json-patch+json", '[{"op": "replace", "path": "/name", "value": "Eve"}]'),
        ("image/png", "\x89PNG"),
    ],
)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_wrong_content_type_is_a_415(editor_client, person, unchanged, content_type, body, method):
    url = "/api/v1/people/" if method == "post" else f"/api/v1/people/{person.pk}/"
    response = getattr(editor_client, method)(url, body, content_type=content_type)
    assert response.status_code == 415, response.content
    assert "Unsupported media type" in response.json()["detail"]
    assert Person.objects.get(pk=person.pk).name == "Ada Example"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "x" * 100_000}, "name"),
        ({"slug": "a" * 10_000}, "slug"),
        ({"wikidata_id": "Q" + "9" * 1000}, "wikidata_id"),
        ({"summary": "nul\x00byte"}, "summary"),
        ({"name": ["a", "b"]}, "name"),
        ({"name": {"nested": {"deeper": 1}}}, "name"),
    ],
)
def test_hostile_field_values_are_a_400_naming_the_field(editor_client, person, unchanged, change, field):
    response = editor_client.patch(f"/api/v1/people/{person.pk}/", change, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.fixture
def engagement(db):
    return factories.EngagementFactory()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"sequence": 1000000000000000000000000000000}', "sequence"),
        ('{"sequence": 1e999999}', "sequence"),
        ('{"sequence": -1}', "sequence"),
        ('{"visit": 1000000000000000000000000000000}', "visit"),
        ('{"visit": "../../etc/passwd"}', "visit"),
        ('{"visit": "²"}', "visit"),
        ('{"date": "99999-01-01"}', "date"),
        ('{"start_time": "25:61"}', "start_time"),
    ],
)
def test_hostile_numbers_and_references_in_a_body_are_a_400(
    editor_client, engagement, unchanged, body, field
):
    response = editor_client.patch(
        f"/api/v1/engagements/{engagement.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()


# --- Pages --------------------------------------------------------------------------------------


@pytest.fixture
def many_people(db):
    Person.objects.bulk_create(Person(name=f"P{i}", slug=f"p-{i}") for i in range(1001))


def test_huge_limit_is_capped_at_1000(analyst_client, many_people, unchanged):
    for mode in ("offset", "cursor"):
        response = analyst_client.get("/api/v1/people/", {"limit": "9" * 40, "pagination": mode})
        assert response.status_code == 200
        assert len(response.json()["results"]) == 1000
        assert response.json()["next"]


@pytest.mark.parametrize("resource", LISTS)
def test_huge_offset_is_an_empty_page_without_reading_rows(
    analyst_client, person, unchanged, django_assert_num_queries, resource
):
    # Only the count runs: past the end, no page is read, however large the offset.
    with django_assert_num_queries(AUTH + 1):
        response = analyst_client.get(f"/api/v1/{resource}/", {"offset": "9" * 40})
    assert response.status_code == 200
    assert response.json()["results"] == []


# --- Filter values ------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "Пашинян 😀 \u202e\u200b"},
        {"q": "\\"},
        {"q": "' OR 1=1 --"},
        {"ordering": "," * 10_000},
        {"fields": "id," * 5_000},
        {"q[]": "x", "q[a][b]": "y"},
    ],
)
def test_long_and_odd_values_never_give_a_500(analyst_client, person, unchanged, resource, params):
    response = analyst_client.get(f"/api/v1/{resource}/", params)
    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        assert "results" in response.json()


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/visits/?place=../../etc/passwd", "place"),
        ("/api/v1/visits/?place=%2e%2e%2f%2e%2e%2fetc", "place"),
        ("/api/v1/visits/?place=C:\\Windows\\system32", "place"),
        ("/api/v1/visits/?place=кремль", "place"),
        ("/api/v1/visits/?date_after=99999-01-01", "date_after"),
        ("/api/v1/visits/?date_before=0000-01-01", "date_before"),
        ("/api/v1/visits/?date_after=2021-04-30T00:00:00", "date_after"),
        ("/api/v1/visits/?principal=no-one&principal=nobody", "principal"),
        ("/api/v1/visits/?kind=state&kind=imperial", "kind"),
        ("/api/v1/visits/?ordering=principal__password", "ordering"),
        ("/api/v1/visits/?ordering=-id,-password", "ordering"),
        ("/api/v1/citations/?record_id=" + "9" * 40, "record_id"),
        ("/api/v1/places/?within=" + "a/" * 5_000, "within"),
        ("/api/v1/people/?holds_post_on=99999-01-01", "holds_post_on"),
        ("/api/v1/changes/?date_after=99999-01-01", "date_after"),
        ("/api/v1/changes/?user=" + "u" * 10_000, "user"),
        ("/api/v1/changes/?record_type=../visits.visit", "record_type"),
        # Digits that str.isdigit() accepts and int() refuses.
        ("/api/v1/organisations/?parent=²", "parent"),
        ("/api/v1/visits/?principal=١٢", "principal"),
        ("/api/v1/visits/?limit=²", "limit"),
        ("/api/v1/visits/?offset=³", "offset"),
        ("/api/v1/changes/?user=²", "user"),
    ],
)
def test_garbage_filter_values_are_a_400_naming_the_parameter(analyst_client, unchanged, url, param):
    response = analyst_client.get(url)
    assert response.status_code == 400, response.content
    assert param in response.json()


@pytest.fixture
def wildcard_names(db):
    factories.PersonFactory(name="Ada 100%_sure", slug="sure")
    factories.PersonFactory(name="Ada 1000 times", slug="times")


def test_percent_and_underscore_are_matched_literally(analyst_client, wildcard_names, unchanged):
    for text in ("%", "_", "100%", "0%_"):
        listed = [p["slug"] for p in analyst_client.get("/api/v1/people/", {"q": text}).json()["results"]]
        assert listed == ["sure"], text


def test_too_many_query_parameters_is_a_400(analyst_client, unchanged):
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = analyst_client.get(f"/api/v1/people/?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize("record_id", ["9" * 40, "-1", "1.5", "%00", "..%2f..%2f"])
def test_impossible_record_ids_in_the_path_are_a_404(analyst_client, unchanged, record_id):
    response = analyst_client.get(f"/api/v1/visits/{record_id}/")
    assert response.status_code in (400, 404), response.content
