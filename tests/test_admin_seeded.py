"""The seeded Innopolis visit as a staff editor finds it in the admin."""

import pytest
from django.contrib import admin

from common.auth.roles import DOMAIN_APPS
from sources.models import Source
from tests.test_admin_pages import admin_url
from visits.models import Visit

DOMAIN_ADMINS = [model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS]


def test_visit_page_shows_its_stops_in_order_with_their_citations(seeded, editor_client):
    response = editor_client.get(admin_url(Visit, "change", seeded.pk))

    assert response.status_code == 200
    inlines = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    stops = [form.instance for form in inlines["engagements"].forms]
    assert [stop.sequence for stop in stops] == [1, 2]
    assert stops[0].venue.slug == "kazan-expo"
    assert stops[1].venue.slug == "innopolis"
    source = Source.objects.get(slug="innopolis-2021-04-30")
    quotes = [form.instance.quote for form in inlines["sources-citation-content_type-object_id"].forms]
    assert quotes and all(quote in source.text for quote in quotes)


def test_changelist_finds_the_visit_by_principal_and_year(seeded, editor_client):
    response = editor_client.get(admin_url(Visit, "changelist"), {"q": "Pashinyan", "start_date__year": 2021})

    assert list(response.context["cl"].result_list) == [seeded]
    assert b"30 April 2021" in response.content


@pytest.mark.parametrize("model", DOMAIN_ADMINS, ids=[m._meta.label_lower for m in DOMAIN_ADMINS])
def test_every_seeded_record_opens_in_the_admin(model, seeded, editor_client):
    # The report names no other names of people or places, so those tables may be empty.
    for row in model.objects.all():
        response = editor_client.get(admin_url(model, "change", row.pk))
        assert response.status_code == 200, row
