"""Every registered model's changelist, add, change and history pages render for an editor.

`build_row` (one saved row of any registered model) is shared by the other admin tests.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.test import RequestFactory
from django.urls import reverse

from common.auth.roles import DOMAIN_APPS
from places.models import PlaceName
from sources.models import Citation, CitedModel, Identifier
from tests import factories

FACTORIES = {
    "sources.source": factories.SourceFactory,
    "sources.citation": factories.CitationFactory,
    "sources.identifier": factories.IdentifierFactory,
    "places.place": factories.PlaceFactory,
    "places.placename": lambda: PlaceName.objects.create(
        place=factories.PlaceFactory(), name="Иннополис", language="ru"
    ),
    "places.placefact": factories.PlaceFactFactory,
    "people.organisation": factories.OrganisationFactory,
    "people.person": factories.PersonFactory,
    "people.personname": factories.PersonNameFactory,
    "people.membership": factories.MembershipFactory,
    "visits.visit": factories.VisitFactory,
    "visits.visitkind": factories.VisitKindFactory,
    "visits.engagement": factories.EngagementFactory,
    "visits.participant": factories.ParticipantFactory,
}

# The domain's admin; auth and authtoken register their own models, which editors do not manage.
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS),
    key=lambda model: model._meta.label_lower,
)
MODEL_IDS = [model._meta.label_lower for model in REGISTERED]


def build_row(model):
    """One saved row of `model`; a citable row also gets a citation, so its inline has a row."""
    row = FACTORIES[model._meta.label_lower]()
    if isinstance(row, CitedModel):
        factories.CitationFactory(content_object=row)
    return row


def form_data(response):
    """What a browser would post back from an admin form page: every field's current value.

    Covers the main form and, on change pages, each inline formset with its management form.
    """
    forms = [response.context["adminform"].form]
    data = {}
    formsets = [inline.formset for inline in response.context.get("inline_admin_formsets", [])]
    while formsets:
        formset = formsets.pop(0)
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms.extend(formset.forms)
        # The visit editor's inlines nest (django-nested-admin): each stop carries its own formsets.
        for form in formset.forms:
            formsets.extend(getattr(form, "nested_formsets", []))
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue  # an empty field, or an unticked box, is not sent
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_every_domain_model_is_registered():
    domain_models = {
        model
        for app_label in DOMAIN_APPS
        for model in apps.get_app_config(app_label).get_models()
        if not model._meta.label_lower.split(".")[1].startswith("historical")
    }
    # Derived rows the write path keeps (visits.appearances, pairs, tallies), never edited by hand.
    derived = {
        apps.get_model("visits", name)
        for name in ("Appearance", "PairVisit", "Pair", "PersonTally", "PlaceTally")
    }
    assert derived <= domain_models
    domain_models -= derived
    assert len(domain_models) == 14
    assert domain_models == set(REGISTERED)
    assert set(FACTORIES) == set(MODEL_IDS)


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_editor_sees_changelist_add_and_change_pages(model, editor_client):
    row = build_row(model)

    changelist = editor_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert row in changelist.context["cl"].result_list

    add = editor_client.get(admin_url(model, "add"))
    assert add.status_code == 200
    assert b'name="_save"' in add.content

    change = editor_client.get(admin_url(model, "change", row.pk))
    assert change.status_code == 200
    assert change.context["original"] == row
    assert b'name="_save"' in change.content


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_editor_sees_history_page_of_every_record(model, editor_client):
    row = build_row(model)

    response = editor_client.get(admin_url(model, "history", row.pk))

    assert response.status_code == 200
    records = list(response.context["page_obj"].object_list)
    assert records and all(record.instance.pk == row.pk for record in records)
    version = records[-1]
    revert = editor_client.get(admin_url(model, "simple_history", row.pk, version.history_id))
    assert revert.status_code == 200
    assert b"Revert" in revert.content


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_every_foreign_key_in_the_admin_uses_autocomplete(model, editor):
    request = RequestFactory().get("/")
    request.user = editor
    model_admin = admin.site._registry[model]
    forms = [model_admin.get_form(request)]
    inline_fks = set()
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        forms.append(formset.form)
        inline_fks.add(getattr(formset, "fk", None) and formset.fk.name)

    checked = 0
    for form in forms:
        for name, field in form.base_fields.items():
            if not hasattr(field, "queryset") or name in inline_fks:
                continue
            if form._meta.model in (Citation, Identifier) and name == "content_type":
                continue  # a short, fixed list of record kinds: a plain select
            assert isinstance(getattr(field.widget, "widget", field.widget), AutocompleteSelect), (
                f"{form._meta.model.__name__}.{name} is not an autocomplete"
            )
            checked += 1
    assert checked > 0 or model._meta.label_lower in {
        "sources.source",
        "sources.identifier",
        "people.person",
        "visits.visitkind",
    }


def test_autocomplete_finds_people_and_offers_only_countries_as_host(editor_client):
    person = factories.PersonFactory(name="Nikol Pashinyan", given_name="Nikol", family_name="Pashinyan")
    factories.PersonFactory(name="Mikhail Mishustin")
    country = factories.CountryFactory(iso_code="RU", name="Russia")
    factories.PlaceFactory(name="Russian Village", parent=country)
    url = reverse("admin:autocomplete")

    people = editor_client.get(
        url, {"app_label": "visits", "model_name": "visit", "field_name": "principal", "term": "pashin"}
    ).json()
    hosts = editor_client.get(
        url, {"app_label": "visits", "model_name": "visit", "field_name": "host_country", "term": "Russ"}
    ).json()

    assert [result["id"] for result in people["results"]] == [str(person.pk)]
    assert [result["text"] for result in hosts["results"]] == ["Russia"]


def test_admin_index_lists_every_domain_model_for_an_editor(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    listed = {
        f"{app['app_label']}.{entry['object_name'].lower()}"
        for app in response.context["app_list"]
        for entry in app["models"]
    }
    assert listed == set(MODEL_IDS)


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_change_page_links_to_the_public_page_when_there_is_one(model, editor_client):
    row = build_row(model)

    response = editor_client.get(admin_url(model, "change", row.pk))

    assert response.context["has_absolute_url"] == hasattr(row, "get_absolute_url")
