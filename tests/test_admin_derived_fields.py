"""Derived fields (a place's path and country, a source's hash, timestamps) are shown, never edited."""

from places.models import Place
from sources.models import Source
from tests import factories
from tests.test_admin_pages import admin_url, form_data


def test_place_path_and_country_are_read_only_and_follow_the_parent(editor_client):
    france = factories.CountryFactory(iso_code="FR")
    germany = factories.CountryFactory(iso_code="DE")
    city = factories.PlaceFactory(parent=france)
    url = admin_url(Place, "change", city.pk)
    page = editor_client.get(url)
    form = page.context["adminform"].form
    assert {"path", "country", "created_at", "updated_at"}.isdisjoint(form.fields)
    assert {"path", "country", "created_at", "updated_at"} <= set(page.context["adminform"].readonly_fields)
    data = form_data(page)
    data.update(parent=germany.pk, path="/999/", country=france.pk)

    response = editor_client.post(url, data)

    assert response.status_code == 302
    city.refresh_from_db()
    assert city.path == f"/{germany.pk}/{city.pk}/"
    assert city.country == germany


def test_source_hash_is_read_only_and_computed_from_the_text(editor_client):
    source = factories.SourceFactory()
    url = admin_url(Source, "change", source.pk)
    page = editor_client.get(url)
    assert "content_hash" not in page.context["adminform"].form.fields
    assert source.content_hash.encode() in page.content
    data = form_data(page)
    data.update(text="A new text.", content_hash="0" * 64)

    editor_client.post(url, data)

    source.refresh_from_db()
    assert source.content_hash == Source.hash_text("A new text.")
