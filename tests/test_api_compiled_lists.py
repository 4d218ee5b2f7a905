"""API lists are written by compiled serializers (common.api.compiled): the same bytes as DRF's
own to_representation, for every resource, persona and shape of list."""

import datetime

import pytest
from django.core.cache import cache
from rest_framework import serializers

from common.api import compiled, reads
from common.api.views import RecordViewSet
from people.api.serializers import BriefPersonSerializer, PersonNameSerializer
from people.models import PersonName
from tests import factories
from tests.test_api_list_read_path import varied  # noqa: F401 (a fixture)
from tests.test_api_query_counts import build

RESOURCES = [
    "visits",
    "engagements",
    "participants",
    "people",
    "organisations",
    "memberships",
    "places",
    "place-facts",
    "sources",
    "citations",
]


@pytest.fixture
def register(varied):  # noqa: F811
    """The varied visits (trips, a hidden parent, candidate posts, citations at every level) and
    every other resource with what it can show: names in other languages, facts, posts."""
    build(3)
    place = factories.PlaceFactory(latitude="55.7520000", longitude="48.7440000")
    factories.PlaceFactFactory(place=place, value="1200.5", as_of_date=datetime.date(2021, 1, 1))


def body(client, url, *, compile_lists, monkeypatch):
    monkeypatch.setattr(RecordViewSet, "compile_lists", compile_lists)
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.content


@pytest.mark.parametrize("persona", ["editor_client", "analyst_client"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_is_written_as_drf_writes_it(register, request, monkeypatch, persona, resource):
    client = request.getfixturevalue(persona)
    full = client.get(f"/api/v1/{resource}/?limit=1000").json()["results"]
    assert full, "a list without rows proves nothing"
    # Every other field, so that a pruned serializer (`?fields=`) is compiled on its own.
    some = ",".join(list(full[0])[::2])
    for query in ["limit=1000", "limit=1000&brief=1", f"limit=1000&fields={some}", "pagination=cursor"]:
        url = f"/api/v1/{resource}/?{query}"
        drf = body(client, url, compile_lists=False, monkeypatch=monkeypatch)
        assert body(client, url, compile_lists=True, monkeypatch=monkeypatch) == drf, url


@pytest.mark.parametrize("persona", ["editor_client", "analyst_client"])
def test_exports_are_written_as_drf_writes_them(register, request, monkeypatch, persona):
    client = request.getfixturevalue(persona)
    for resource in ["visits", "people"]:
        url = f"/api/v1/{resource}/export/?format=jsonl"
        drf = b"".join(body_stream(client, url, compile_lists=False, monkeypatch=monkeypatch))
        ours = b"".join(body_stream(client, url, compile_lists=True, monkeypatch=monkeypatch))
        # The first line says when the file was made; the records follow.
        assert ours.split(b"\n", 1)[1] == drf.split(b"\n", 1)[1]
        assert drf.count(b"\n") > 2


def body_stream(client, url, *, compile_lists, monkeypatch):
    monkeypatch.setattr(RecordViewSet, "compile_lists", compile_lists)
    response = client.get(url)
    assert response.status_code == 200
    return response.streaming_content


class Shouting(serializers.CharField):
    """A field the compiler cannot know: its own to_representation."""

    def to_representation(self, value):
        return value.upper()


class ReversedList(serializers.ListSerializer):
    """A nested list the compiler cannot know: its own to_representation."""

    def to_representation(self, data):
        return list(reversed(super().to_representation(data)))


class ShoutingPersonSerializer(BriefPersonSerializer):
    name = Shouting(read_only=True)
    initial = serializers.SerializerMethodField()
    names = ReversedList(child=PersonNameSerializer(), source="other_names", read_only=True)

    class Meta(BriefPersonSerializer.Meta):
        fields = [*BriefPersonSerializer.Meta.fields, "initial", "names"]

    def get_initial(self, person):
        return person.name[:1]


class OverridingPersonSerializer(BriefPersonSerializer):
    def to_representation(self, person):
        return {**super().to_representation(person), "extra": True}


def test_a_field_the_compiler_does_not_know_is_written_by_drf(db, rf, analyst):
    people = [factories.PersonFactory(name=name) for name in ("Ada Lovelace", "Émile Zola")]
    for language in ("fr", "ru"):
        PersonName.objects.create(person=people[1], name=f"Zola ({language})", language=language)
    request = rf.get("/api/v1/people/")
    request.user = analyst
    written = {}
    for serializer_class in (ShoutingPersonSerializer, OverridingPersonSerializer):
        serializer = serializer_class(context={"request": request})
        expected = [serializer.to_representation(person) for person in people]
        written[serializer_class] = compiled.represent(serializer, people)
        assert written[serializer_class] == expected
    # The proof that DRF wrote them: the field's own form, the method's value, the override's key.
    shouted = written[ShoutingPersonSerializer]
    assert [(row["name"], row["initial"]) for row in shouted] == [("ADA LOVELACE", "A"), ("ÉMILE ZOLA", "É")]
    assert [name["language"] for name in shouted[1]["names"]] == ["ru", "fr"]
    assert all(row["extra"] is True for row in written[OverridingPersonSerializer])


@pytest.mark.parametrize(
    "url", ["stats/by-country/", "stats/by-year/", "stats/by-principal/", "stats/by-kind/", "who-met-whom/"]
)
def test_aggregates_are_written_as_drf_writes_them(register, editor_client, monkeypatch, url):
    rows = editor_client.get(f"/api/v1/visits/{url}").json()
    assert rows, "an aggregate without rows proves nothing"
    ours = editor_client.get(f"/api/v1/visits/{url}").content
    # DRF's own ListSerializer in place of the compiled one, for the same rows.
    monkeypatch.setattr(
        compiled.CompiledList, "to_representation", serializers.ListSerializer.to_representation
    )
    cache.clear()
    assert editor_client.get(f"/api/v1/visits/{url}").content == ours


def test_the_compiled_shapes_kept_are_bounded(register, analyst_client, monkeypatch):
    # `?fields=` is the client's choice: every set of fields is a shape compiled and kept.
    monkeypatch.setattr(reads, "CACHED_SHAPES", 3)
    names = ["id", "url", "display", "slug", "title", "kind"]
    for last in names[1:]:
        url = f"/api/v1/visits/?fields=id,{last}"
        drf = body(analyst_client, url, compile_lists=False, monkeypatch=monkeypatch)
        assert body(analyst_client, url, compile_lists=True, monkeypatch=monkeypatch) == drf
        assert len(compiled._programs) <= 3 and len(reads._plans) <= 3
