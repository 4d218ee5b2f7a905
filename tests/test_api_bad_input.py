"""Malformed query parameters and bodies get a 400 naming the parameter or field, never a 500."""

import pytest
from rest_framework import serializers

from config.api_router import router
from tests import factories
from visits.models import Visit


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/visits/?principal=no-such-person", "principal"),
        ("/api/v1/visits/?principal=100%25", "principal"),
        ("/api/v1/visits/?date_after=100%25", "date_after"),
        ("/api/v1/visits/?principal=99999999", "principal"),
        ("/api/v1/visits/?principal=999999999999999999999999", "principal"),
        ("/api/v1/visits/?country=XX", "country"),
        ("/api/v1/visits/?place=nowhere", "place"),
        ("/api/v1/visits/?organisation=nobody", "organisation"),
        ("/api/v1/visits/?kind=imperial", "kind"),
        ("/api/v1/visits/?status=secret", "status"),
        ("/api/v1/visits/?date_after=2021-13", "date_after"),
        ("/api/v1/visits/?date_before=2021-02-30", "date_before"),
        ("/api/v1/visits/?date_after=yesterday", "date_after"),
        ("/api/v1/visits/?ordering=password", "ordering"),
        ("/api/v1/visits/?limit=ten", "limit"),
        ("/api/v1/visits/?limit=-1", "limit"),
        ("/api/v1/visits/?limit=0", "limit"),
        ("/api/v1/visits/?offset=-5", "offset"),
        ("/api/v1/visits/?pagination=pages", "pagination"),
        ("/api/v1/visits/?brief=maybe", "brief"),
        ("/api/v1/visits/?fields=id,password", "fields"),
        ("/api/v1/visits/stats/by-country/?date_after=never", "date_after"),
        ("/api/v1/visits/who-met-whom/?participant=nobody", "participant"),
        ("/api/v1/people/?holds_post_on=2021-04", "holds_post_on"),
        ("/api/v1/people/?organisation=nobody", "organisation"),
        ("/api/v1/places/?kind=planet", "kind"),
        ("/api/v1/places/?country=ZZ", "country"),
        ("/api/v1/memberships/?acting=perhaps", "acting"),
        ("/api/v1/citations/?record_type=auth.user", "record_type"),
        ("/api/v1/citations/?record_id=1.5", "record_id"),
        ("/api/v1/participants/?engagement=tour", "engagement"),
        ("/api/v1/sources/?published_after=2021-99-01", "published_after"),
    ],
)
def test_malformed_query_parameter_is_a_400_naming_it(db, analyst_client, url, param):
    response = analyst_client.get(url)
    assert response.status_code == 400, response.content
    assert param in response.json()


def test_unknown_record_is_a_404_with_a_body(db, analyst_client):
    response = analyst_client.get("/api/v1/visits/424242/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Visit matches the given query."}


@pytest.mark.parametrize("cursor", ["garbage", "WyJuZXh0IiwgWyJ4IiwgIjEiXV0=", "WzFd", "%%%"])
def test_invalid_cursor_is_a_400(db, analyst_client, cursor):
    response = analyst_client.get("/api/v1/visits/", {"pagination": "cursor", "cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"start": "2021-02-30"}, "start", "not a real date"),
        ({"start": "30/04/2021"}, "start", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"start": None}, "start", "may not be null"),
        ({"end": "2020"}, "end_date", "cannot end before it starts"),
        ({"principal": "no-such-person"}, "principal", "No person with slug 'no-such-person'"),
        ({"principal": 987654}, "principal", "No person with id '987654'"),
        ({"principal": [1]}, "principal", "Expected an id"),
        ({"host_country": "city-x"}, "host_country", "No place with slug"),
        ({"kind": "imperial"}, "kind", "not a valid choice"),
        ({"slug": "has spaces"}, "slug", "slug"),
    ],
)
def test_invalid_write_is_a_400_naming_the_field_and_nothing_changes(
    db, editor_client, change, field, reason
):
    visit = factories.VisitFactory(start_date="2021-04-30")
    factories.PlaceFactory(slug="city-x")
    before = Visit.objects.values().get(pk=visit.pk)
    response = editor_client.patch(f"/api/v1/visits/{visit.pk}/", change, content_type="application/json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body
    assert reason in " ".join(body[field])
    assert Visit.objects.values().get(pk=visit.pk) == before


def test_malformed_json_body_is_a_400(db, editor_client):
    response = editor_client.post("/api/v1/visits/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
    assert not Visit.objects.exists()


def test_deleting_a_record_still_in_use_is_a_409_that_says_why(db, editor_client):
    visit = factories.VisitFactory()
    response = editor_client.delete(f"/api/v1/people/{visit.principal.pk}/")
    assert response.status_code == 409
    assert "visit" in response.json()["detail"]
    assert visit.principal.__class__.objects.filter(pk=visit.principal.pk).exists()


def _text_fields(kind=serializers.CharField):
    """(resource, field) for every text (or `kind`) field a create takes, top level, of every API
    resource."""
    found = []
    for prefix, viewset, _basename in router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if serializer_class is None or not hasattr(viewset, "create"):
            continue
        serializer = serializer_class()
        found += [
            (prefix, name)
            for name, field in serializer.fields.items()
            if isinstance(field, kind) and not field.read_only
        ]
    return found


@pytest.mark.parametrize(("prefix", "name"), _text_fields(), ids=[f"{p}-{n}" for p, n in _text_fields()])
def test_a_number_is_not_text(db, editor_client, prefix, name):
    # The schema says `type: string`; DRF's CharField stored a number's digits ("html": 5 was "5").
    response = editor_client.post(f"/api/v1/{prefix}/", {name: 12}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert name in response.json(), response.content


@pytest.mark.parametrize(
    ("prefix", "name"),
    _text_fields(serializers.BooleanField),
    ids=[f"{p}-{n}" for p, n in _text_fields(serializers.BooleanField)],
)
def test_a_number_is_not_true_or_false(db, editor_client, prefix, name):
    # DRF's BooleanField took 0, 1, "yes", "on"; the schema says true or false.
    for value in (0, 1, "yes"):
        response = editor_client.post(f"/api/v1/{prefix}/", {name: value}, content_type="application/json")
        assert response.status_code == 400, response.content
        assert response.json()[name] == ["Must be a valid boolean."]


def test_an_empty_string_names_no_related_record(db, editor_client):
    # DRF read "" as null for a related field; the schema says a slug is never empty.
    engagement = factories.EngagementFactory()
    body = {"engagement": engagement.pk, "person": "", "name_as_stated": "Someone", "role": "host"}
    response = editor_client.post("/api/v1/participants/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["person"] == ["Expected an id or a slug, got an empty string; null for none."]
    body["person"] = None
    response = editor_client.post("/api/v1/participants/", body, content_type="application/json")
    assert response.status_code == 201, response.content
