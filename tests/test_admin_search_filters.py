"""Changelist search finds records, and every filter choice of every changelist renders."""

import pytest
from django.contrib import admin
from django.db.models import Manager

from people.models import OrganisationKind
from places.models import PlaceName
from tests import factories
from tests.test_admin_pages import MODEL_IDS, REGISTERED, admin_url, build_row
from visits.models import Visit, VisitKind, VisitStatus


def field_text(row, lookup):
    """The text at `lookup` (e.g. "principal__name") on `row`, or None."""
    value = row
    for part in lookup.lstrip("^=@").split("__"):
        value = getattr(value, part, None)
        if value is None or isinstance(value, Manager):
            return None
    return value if isinstance(value, str) and value else None


def search_term(row, other, search_fields):
    """The text of the first of `row`'s search fields that none of `other`'s contains.

    Compared whole, as the search is sent quoted (one phrase): word by word, "Meeting 3" would
    also find a row whose visit is "Visit 13", depending on the factories' numbering.
    """
    other_texts = [text.lower() for text in (field_text(other, lookup) for lookup in search_fields) if text]
    for lookup in search_fields:
        text = field_text(row, lookup)
        if text and not any(text.lower() in other_text for other_text in other_texts):
            return text
    raise AssertionError(f"no search field tells two {type(row).__name__} rows apart")


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_search_finds_the_record(model, editor_client):
    row = build_row(model)
    other = build_row(model)
    model_admin = admin.site._registry[model]
    term = search_term(row, other, model_admin.search_fields)

    response = editor_client.get(admin_url(model, "changelist"), {"q": f'"{term}"'})

    assert response.status_code == 200
    results = list(response.context["cl"].result_list)
    assert row in results
    assert other not in results


def build_two_of_everything():
    """Two rows of every model that differ in every filtered column, so every filter shows."""
    variants = [
        ("FR", "ru", "Cyrl", OrganisationKind.MINISTRY, VisitKind.OFFICIAL, VisitStatus.HELD, False),
        ("DE", "hy", "Armn", OrganisationKind.GOVERNMENT, VisitKind.WORKING, VisitStatus.DRAFT, True),
    ]
    for iso, language, script, org_kind, visit_kind, status, acting in variants:
        country = factories.CountryFactory(iso_code=iso)
        city = factories.PlaceFactory(parent=country)
        PlaceName.objects.create(place=city, name=f"{city.name} ({language})", language=language)
        fact = factories.PlaceFactFactory(place=city)
        organisation = factories.OrganisationFactory(country=country, kind=org_kind)
        person = factories.PersonFactory()
        factories.PersonNameFactory(person=person, language=language, script=script)
        factories.MembershipFactory(person=person, organisation=organisation, acting=acting)
        visit = factories.VisitFactory(principal=person, host_country=country, kind=visit_kind, status=status)
        engagement = factories.EngagementFactory(visit=visit, venue=city, date=visit.start_date)
        factories.ParticipantFactory(engagement=engagement, person=person)
        source = factories.SourceFactory(language=language, publisher=f"Press office {iso}")
        factories.CitationFactory(source=source, content_object=visit if acting else fact)
        factories.IdentifierFactory(record=person if acting else country, scheme=f"scheme-{iso.lower()}")


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_every_filter_choice_renders(model, editor_client):
    build_two_of_everything()
    url = admin_url(model, "changelist")
    changelist = editor_client.get(url).context["cl"]
    assert len(changelist.filter_specs) == len(admin.site._registry[model].list_filter)

    for spec in changelist.filter_specs:
        choices = list(spec.choices(changelist))
        for choice in choices:
            response = editor_client.get(url + choice["query_string"])
            assert response.status_code == 200, (spec.title, choice["query_string"])
        # Choosing a value narrows the list: some choice shows fewer rows than "All".
        counts = [editor_client.get(url + c["query_string"]).context["cl"].result_count for c in choices]
        assert min(counts) < changelist.result_count, f"{spec.title} never narrows the list"


@pytest.mark.parametrize(
    ("model_id", "lookup"),
    [("visits.visit", "start_date"), ("sources.source", "published_on")],
)
def test_date_hierarchy_narrows_to_a_year(model_id, lookup, editor_client):
    model = next(m for m in REGISTERED if m._meta.label_lower == model_id)
    row = build_row(model)
    url = admin_url(model, "changelist")

    same_year = editor_client.get(url, {f"{lookup}__year": 2021})
    other_year = editor_client.get(url, {f"{lookup}__year": 1999})

    assert row in same_year.context["cl"].result_list
    assert list(other_year.context["cl"].result_list) == []


@pytest.mark.parametrize(
    "term", ["Mishustin", "technopark", "Innopolis", "heads of", "Kazan Expo", "nothing-like-it"]
)
def test_admin_visit_search_finds_what_the_public_search_finds(seeded, editor_client, term):
    """The admin's search is the site's and the API's (`q`): participants and stops included."""
    public = {row["slug"] for row in editor_client.get("/api/v1/visits/", {"q": term}).json()["results"]}
    response = editor_client.get(admin_url(Visit, "changelist"), {"q": term})
    admin_found = {visit.slug for visit in response.context["cl"].result_list}
    assert admin_found == public
    if term in ("Mishustin", "technopark"):  # found through a participant, and a stop's text
        assert admin_found == {seeded.slug}


def test_admin_search_also_takes_a_slug(seeded, editor_client):
    response = editor_client.get(admin_url(Visit, "changelist"), {"q": seeded.slug})
    assert list(response.context["cl"].result_list) == [seeded]
