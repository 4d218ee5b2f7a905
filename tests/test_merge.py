"""Two records of one person (or place) merge in one step: the admin action and
`POST /api/v1/people/{id}/merge/` (`/places/{id}/merge/`) with `{"into": <id or slug>}`, through
the owning app's service; every reference moves, names become other names, history says so."""

import datetime

import pytest
from django.urls import reverse

from people.models import Membership, Person
from people.services import merge_people
from places.models import Place, PlaceKind
from places.services import merge_places
from sources.models import Citation, Identifier
from tests import factories
from visits.models import Participant, ParticipantRole, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_spellings():
    israel = factories.CountryFactory(iso_code="IL", name="Israel", slug="israel")
    government = factories.OrganisationFactory(name="Government of Israel", country=israel)
    kept = factories.PersonFactory(name="Benjamin Netanyahu", slug="benjamin-netanyahu")
    other = factories.PersonFactory(
        name="Binyamin Netanyahu", slug="binyamin-netanyahu", wikidata_id="Q43723"
    )
    factories.PersonNameFactory(person=other, name="בנימין נתניהו", language="he")
    visit = factories.VisitFactory(principal=other, principal_country=israel)
    stop = factories.EngagementFactory(visit=visit)
    Participant.objects.create(engagement=stop, person=other, role=ParticipantRole.PRINCIPAL)
    Participant.objects.create(
        engagement=stop, person=kept, role=ParticipantRole.PRINCIPAL
    )  # one fact, twice
    factories.MembershipFactory(person=other, organisation=government, title="Prime Minister")
    citation = factories.CitationFactory(content_object=other)
    Identifier.objects.create(record=other, scheme="historian-visitor", value="binyamin")
    return kept, other, visit, citation


def test_merge_moves_every_reference_and_keeps_the_names(two_spellings, editor):
    kept, other, visit, citation = two_spellings
    other_pk = other.pk

    merge_people(person=other, into=kept, user=editor)

    assert not Person.objects.filter(pk=other_pk).exists()
    visit.refresh_from_db()
    assert visit.principal == kept
    assert list(Participant.objects.filter(engagement__visit=visit).values_list("person", flat=True)) == [
        kept.pk
    ]
    assert Membership.objects.get(title="Prime Minister").person == kept
    citation.refresh_from_db()
    assert citation.content_object == kept
    assert Identifier.objects.get(value="binyamin").record == kept
    names = set(kept.other_names.values_list("name", flat=True))
    assert {"Binyamin Netanyahu", "בנימין נתניהו"} <= names
    kept.refresh_from_db()
    assert kept.wikidata_id == "Q43723"  # a blank field of the kept record takes the other's value


def test_merge_is_in_the_history_of_both_records_and_of_what_moved(two_spellings, editor):
    kept, other, visit, _citation = two_spellings
    other_pk = other.pk
    merge_people(person=other, into=kept, user=editor)
    reason = "Merged Binyamin Netanyahu (binyamin-netanyahu) into Benjamin Netanyahu (benjamin-netanyahu)"
    deleted = Person.history.filter(id=other_pk).latest("history_date")
    assert (deleted.history_type, deleted.history_change_reason, deleted.history_user) == (
        "-",
        reason,
        editor,
    )
    assert kept.history.latest("history_date").history_change_reason == reason
    assert visit.history.latest("history_date").history_change_reason == reason


def test_merge_through_the_api_in_one_step(two_spellings, editor_client, analyst_client):
    kept, other, visit, _citation = two_spellings
    url = f"/api/v1/people/{other.pk}/merge/"
    assert analyst_client.post(url, {"into": kept.slug}, content_type="application/json").status_code == 403
    response = editor_client.post(url, {"into": kept.slug}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["slug"] == "benjamin-netanyahu"
    assert response.json()["other_names"][0]["name"] in {"Binyamin Netanyahu", "בנימין נתניהו"}
    assert editor_client.get(f"/api/v1/visits/?principal={kept.slug}").json()["count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "into"), ({"into": "nobody"}, "into"), ({"into": 10**12}, "into"), ({"into": [1]}, "into")],
)
def test_merge_api_refuses_what_it_cannot_do(two_spellings, editor_client, body, field):
    _kept, other, _visit, _citation = two_spellings
    response = editor_client.post(f"/api/v1/people/{other.pk}/merge/", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert Person.objects.filter(pk=other.pk).exists()


def test_a_record_is_not_merged_into_itself(two_spellings, editor_client):
    _kept, other, _visit, _citation = two_spellings
    response = editor_client.post(
        f"/api/v1/people/{other.pk}/merge/", {"into": other.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "into" in response.json()


def test_merge_from_the_admin_merges_every_selected_person_into_the_one_kept(editor_client):
    spellings = [
        factories.PersonFactory(name=f"{given} Netanyahu") for given in ("Benjamin", "Binyamin", "Benyamin")
    ]
    for person in spellings:
        factories.VisitFactory(principal=person)
    url = reverse("admin:people_person_changelist")
    selected = [str(p.pk) for p in spellings]
    page = editor_client.post(url, {"action": "merge", "_selected_action": selected})
    assert page.status_code == 200 and b"Merge" in page.content
    done = editor_client.post(
        url, {"action": "merge", "_selected_action": selected, "into": spellings[0].pk, "post": "yes"}
    )
    assert done.status_code == 302
    assert Person.objects.filter(name__endswith="Netanyahu").get() == spellings[0]
    assert Visit.objects.filter(principal=spellings[0]).count() == 3


def test_an_analyst_has_no_merge_action(analyst_client):
    factories.PersonFactory()
    response = analyst_client.get(reverse("admin:people_person_changelist"))
    assert b'value="merge"' not in response.content


def test_places_merge_with_their_contents_and_names(editor, editor_client):
    ukraine = factories.CountryFactory(iso_code="UA", name="Ukraine", slug="ukraine")
    kyiv = factories.PlaceFactory(name="Kyiv", slug="kyiv", parent=ukraine, kind=PlaceKind.CITY)
    kiev = factories.PlaceFactory(name="Kiev", slug="kiev", parent=ukraine, kind=PlaceKind.UNKNOWN)
    hall = factories.PlaceFactory(
        name="Mariinsky Palace", slug="mariinsky", parent=kiev, kind=PlaceKind.VENUE
    )
    stop = factories.EngagementFactory(venue=kiev)
    fact = factories.PlaceFactFactory(place=kiev)
    response = editor_client.post(
        f"/api/v1/places/{kiev.pk}/merge/", {"into": "kyiv"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    hall.refresh_from_db()
    stop.refresh_from_db()
    fact.refresh_from_db()
    assert (hall.parent, hall.path, hall.country) == (kyiv, f"{kyiv.path}{hall.pk}/", ukraine)
    assert stop.venue == kyiv and fact.place == kyiv
    assert "Kiev" in set(kyiv.other_names.values_list("name", flat=True))
    assert editor_client.get("/api/v1/places/?q=kiev").json()["results"][0]["slug"] == "kyiv"


def test_a_place_is_not_merged_into_a_place_inside_it_nor_a_country_into_a_city(editor):
    country = factories.CountryFactory(iso_code="UA")
    city = factories.PlaceFactory(parent=country)
    other_country = factories.CountryFactory(iso_code="MD")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        merge_places(place=country, into=city, user=editor)
    with pytest.raises(ValidationError):
        merge_places(place=other_country, into=city, user=editor)
    assert Place.objects.filter(pk__in=[country.pk, other_country.pk]).count() == 2


def test_merging_two_countries_moves_visits_and_the_country_of_everything_inside(editor):
    old = factories.CountryFactory(iso_code="TR", name="Turkey", slug="turkey")
    new = Place.objects.create(name="Türkiye", slug="turkiye-2", kind=PlaceKind.COUNTRY)
    city = factories.PlaceFactory(parent=old, name="Ankara")
    visit = factories.VisitFactory(host_country=old, principal_country=old)
    merge_places(place=old, into=new, user=editor)
    city.refresh_from_db()
    visit.refresh_from_db()
    new.refresh_from_db()
    assert (city.parent, city.country) == (new, new)
    assert (visit.host_country, visit.principal_country) == (new, new)
    assert new.iso_code == "TR"  # the kept country had none
    assert Citation.objects.count() == 0


def test_possible_duplicates_are_offered_to_editors(editor_client):
    israel = factories.CountryFactory(iso_code="IL")
    government = factories.OrganisationFactory(country=israel)
    names = ["Benjamin Netanyahu", "Binyamin Netanyahu", "Yitzhak Rabin"]
    people = [factories.PersonFactory(name=name) for name in names]
    for person in people:
        factories.MembershipFactory(
            person=person, organisation=government, start_date=datetime.date(1996, 1, 1)
        )
    elsewhere = factories.PersonFactory(name="Benjamin Netanyahu Jr")  # no post in Israel
    response = editor_client.get(reverse("admin:people_person_changelist"), {"duplicates": "yes"})
    listed = {row.pk for row in response.context["cl"].result_list}
    assert listed == {people[0].pk, people[1].pk}
    assert elsewhere.pk not in listed
