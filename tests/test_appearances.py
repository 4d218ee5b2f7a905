"""The appearances table (visits.models.Appearance) stays what the visits, stops, participants and
places say after every kind of write, and the person and place pages read it under the drafts rule.

`expected()` derives the rows in Python from the records themselves, independently of the SQL
that writes them (visits.appearances), and every test compares the table with it.
"""

import datetime

import pytest
from django.urls import reverse

from importers.historian import import_historian
from people.services import merge_people
from places.models import Place, PlaceKind
from places.services import merge_places
from tests import factories
from tests.historian import DATA, slice_file
from visits import appearances
from visits.models import Appearance, Engagement, Participant, ParticipantRole, Visit, VisitStatus
from visits.services import save_visit

pytestmark = pytest.mark.django_db


def expected():
    """{(kind, person or place id, visit id, start date, slug, status)} from the records."""
    rows = set()
    for visit in Visit.objects.all():
        keys = (visit.pk, visit.start_date, visit.slug, visit.status)
        people = {visit.principal_id}
        people |= set(
            Participant.objects.filter(engagement__visit=visit, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        places = {visit.host_country}
        places |= {stop.venue for stop in Engagement.objects.filter(visit=visit, venue__isnull=False)}
        # Each place and every place above it, read from the tree's paths.
        above = {int(part) for place in places for part in place.path.strip("/").split("/")}
        rows |= {("person", pk, *keys) for pk in people}
        rows |= {("place", pk, *keys) for pk in above}
    return rows


def stored():
    rows = [
        ("person" if row.person_id else "place", row.person_id or row.place_id, row.visit_id)
        + (row.start_date, row.slug, row.visit_status)
        for row in Appearance.objects.all()
    ]
    assert len(rows) == len(set(rows)), "a person or place appears twice in one visit"
    return set(rows)


@pytest.fixture
def world():
    country = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    region = factories.PlaceFactory(name="Tatarstan", slug="tatarstan", kind=PlaceKind.REGION, parent=country)
    city = factories.PlaceFactory(name="Kazan", slug="kazan", parent=region)
    expo = factories.PlaceFactory(name="Expo", slug="expo", kind=PlaceKind.VENUE, parent=city)
    other = factories.CountryFactory(iso_code="FR", name="France", slug="france")
    paris = factories.PlaceFactory(name="Paris", slug="paris", parent=other)
    principal = factories.PersonFactory(slug="ada")
    visit = factories.VisitFactory(slug="v1", principal=principal, host_country=country)
    stop = factories.EngagementFactory(visit=visit, sequence=1, venue=expo)
    guest = factories.ParticipantFactory(engagement=stop, person=factories.PersonFactory(slug="bob"))
    return {
        "country": country,
        "region": region,
        "city": city,
        "expo": expo,
        "paris": paris,
        "principal": principal,
        "visit": visit,
        "stop": stop,
        "guest": guest,
    }


def test_a_new_visit_has_a_row_for_each_person_and_each_place_above_its_stops(world):
    rows = stored()
    assert rows == expected()
    people = {pk for kind, pk, *_ in rows if kind == "person"}
    places = {pk for kind, pk, *_ in rows if kind == "place"}
    assert people == {world["principal"].pk, world["guest"].person_id}
    assert places == {world[name].pk for name in ("country", "region", "city", "expo")}


def test_editing_a_stop_a_participant_and_the_visit_rewrites_its_rows(world):
    stop, guest, visit = world["stop"], world["guest"], world["visit"]
    stop.venue = world["city"]
    stop.save()
    assert stored() == expected()
    guest.person = factories.PersonFactory(slug="carol")
    guest.save()
    assert stored() == expected()
    visit.start_date = datetime.date(2022, 5, 1)
    visit.slug = "v1-renamed"
    visit.status = VisitStatus.DRAFT
    visit.save()
    assert stored() == expected()
    assert {row[5] for row in stored()} == {VisitStatus.DRAFT}


def test_moving_a_stop_or_a_participant_to_another_visit_rewrites_both(world):
    other = factories.VisitFactory(slug="v2", host_country=world["paris"].parent)
    other_stop = factories.EngagementFactory(visit=other, sequence=1, venue=world["paris"])
    guest = Participant.objects.get(pk=world["guest"].pk)  # as a page or the API loads it
    guest.engagement = other_stop
    guest.save()
    assert stored() == expected()
    stop = Engagement.objects.get(pk=world["stop"].pk)
    stop.visit = other
    stop.sequence = 2
    stop.save()
    rows = stored()
    assert rows == expected()
    assert world["expo"].pk not in {pk for kind, pk, visit, *_ in rows if visit == world["visit"].pk}


def test_removing_a_participant_a_stop_or_the_visit_removes_their_rows(world):
    factories.EngagementFactory(visit=world["visit"], sequence=2, venue=world["paris"])
    assert stored() == expected()
    world["guest"].delete()
    assert world["guest"].person_id not in {pk for kind, pk, *_ in stored() if kind == "person"}
    assert stored() == expected()
    world["stop"].delete()
    assert world["expo"].pk not in {pk for kind, pk, *_ in stored() if kind == "place"}
    assert stored() == expected()
    world["visit"].delete()
    assert stored() == expected() == set()


def test_a_visit_written_whole_through_the_service(world, editor):
    visit = Visit(
        title="Second",
        slug="v2",
        principal=world["principal"],
        kind="official",
        host_country=world["paris"].parent,
        start_date=datetime.date(2021, 6, 1),
        status=VisitStatus.HELD,
    )
    save_visit(
        visit=visit,
        fields={},
        stops=[
            {
                "title": "Talks",
                "venue": world["paris"],
                "participants": [{"person": world["guest"].person, "role": ParticipantRole.HOST}],
            },
            {"title": "Tour", "venue": world["expo"]},
        ],
        user=editor,
    )
    assert stored() == expected()
    save_visit(visit=visit, fields={}, stops=[{"title": "Only talks", "venue": world["paris"]}], user=editor)
    assert stored() == expected()


def test_the_admins_visit_page_with_a_new_stop_and_a_participant(world, editor_client):
    from tests.test_admin_pages import admin_url, form_data
    from tests.test_admin_visit_editor import add_stop

    url = admin_url(Visit, "change", world["visit"].pk)
    data = form_data(editor_client.get(url))
    stop = add_stop(data, sequence=2, title="Tour", venue=world["paris"].pk)
    carol = factories.PersonFactory(slug="carol")
    data.update(
        {
            f"{stop}-participants-TOTAL_FORMS": 1,
            f"{stop}-participants-0-person": carol.pk,
            f"{stop}-participants-0-role": ParticipantRole.HOST,
        }
    )
    assert editor_client.post(url, data).status_code == 302
    rows = stored()
    assert rows == expected()
    assert ("person", carol.pk) in {row[:2] for row in rows}
    assert ("place", world["paris"].pk) in {row[:2] for row in rows}


def test_merging_two_people_moves_their_rows(world, editor):
    twin = factories.PersonFactory(slug="ada-2")
    factories.VisitFactory(slug="v2", principal=twin, host_country=world["country"])
    factories.ParticipantFactory(engagement=world["stop"], person=twin)
    merge_people(person=twin, into=world["principal"], user=editor)
    rows = stored()
    assert rows == expected()
    assert twin.pk not in {pk for kind, pk, *_ in rows if kind == "person"}


def test_merging_two_places_and_moving_a_place_rewrites_the_places_above(world, editor):
    kazan_twin = factories.PlaceFactory(name="Kazan city", slug="kazan-2", parent=world["region"])
    hall = factories.PlaceFactory(name="Hall", slug="hall", kind=PlaceKind.VENUE, parent=kazan_twin)
    factories.EngagementFactory(visit=world["visit"], sequence=2, venue=hall)
    merge_places(place=kazan_twin, into=world["city"], user=editor)
    assert stored() == expected()
    # Kazan (with Expo and the hall) moves from Tatarstan to France: its visits are now below France.
    city = Place.objects.get(pk=world["city"].pk)
    city.parent = world["paris"].parent
    city.save()
    rows = stored()
    assert rows == expected()
    places = {pk for kind, pk, *_ in rows if kind == "place"}
    assert world["paris"].parent_id in places and world["region"].pk not in places


def test_the_dossier_import_writes_the_rows(seeded):
    assert Appearance.objects.filter(visit=seeded).exists()
    assert stored() == expected()


def test_the_historian_import_writes_the_rows_of_its_bulk_visits(tmp_path):
    result = import_historian(
        paths=[
            DATA / "travels/presidents/presidents.xml",
            slice_file(tmp_path, "travels/secretary-travels/kissinger-henry-a.xml", first=10),
            slice_file(tmp_path, "visits/2020.xml", ids=[2991, 2992, 2993]),
        ]
    )
    assert not result.errors
    assert Engagement.objects.filter(venue__isnull=False).count() >= 10
    assert stored() == expected()


def test_rebuild_gives_what_the_writes_gave(world):
    factories.EngagementFactory(visit=world["visit"], sequence=2, venue=world["paris"])
    before = stored()
    appearances.rebuild()
    assert stored() == before == expected()


def test_a_reader_never_sees_a_drafts_visit_on_a_person_or_place_page(world, analyst_client, editor_client):
    draft = factories.VisitFactory(
        slug="secret-draft", title="Secret draft", principal=world["principal"], status=VisitStatus.DRAFT
    )
    factories.EngagementFactory(visit=draft, sequence=1, venue=world["expo"])
    for url in (
        reverse("people:person-detail", args=["ada"]),
        reverse("places:place-detail", args=["expo"]),
        reverse("places:place-detail", args=["russia"]),
    ):
        reader = analyst_client.get(url)
        assert reader.status_code == 200
        assert b"secret-draft" not in reader.content, url
        assert b"/visits/v1/" in reader.content, url
        assert b"secret-draft" in editor_client.get(url).content, url
