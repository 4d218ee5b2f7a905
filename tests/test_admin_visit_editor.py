"""A visit edited in one place: its stops reordered by drag and drop or by typed numbers (any
permutation saves), each stop's participants and quotes on the visit's page, the principal on
every new stop, and every uniqueness rule as a form error, never a server error."""

import itertools

import pytest
from django.db.models import UniqueConstraint

from people.models import PersonName
from places.models import PlaceName
from tests import factories
from tests.test_admin_pages import admin_url, form_data
from tests.test_admin_validation import errors_of, unchanged
from visits.models import Engagement, Participant, ParticipantRole, Visit

TITLES = ("Kazan Expo", "Tour of Innopolis", "Innopolis University")


@pytest.fixture
def visit(db):
    visit = factories.VisitFactory()
    for number, title in enumerate(TITLES, start=1):
        factories.EngagementFactory(visit=visit, sequence=number, title=title)
    return visit


def stop_prefix(data, title):
    """The form prefix of the stop titled `title` in posted admin data."""
    [key] = [key for key, value in data.items() if key.endswith("-title") and value == title]
    return key.removesuffix("-title")


def add_stop(data, **fields):
    """`data` with one more stop form, empty nested formsets included, as the browser posts it."""
    index = int(data["engagements-TOTAL_FORMS"])
    data["engagements-TOTAL_FORMS"] = index + 1
    for key in [key for key in data if key.startswith("engagements-0-") and key.endswith("_FORMS")]:
        nested = key.replace("engagements-0-", f"engagements-{index}-", 1)
        data[nested] = 1000 if key.endswith("MAX_NUM_FORMS") else 0
    data.update({f"engagements-{index}-{name}": value for name, value in fields.items()})
    return f"engagements-{index}"


def titles_in_order(visit):
    return list(visit.engagements.order_by("sequence").values_list("title", flat=True))


@pytest.mark.parametrize("order", list(itertools.permutations(TITLES)), ids="-".join)
def test_every_permutation_of_three_stops_saves(visit, editor_client, order):
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    for number, title in enumerate(order, start=1):
        data[f"{stop_prefix(data, title)}-sequence"] = number

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert titles_in_order(visit) == list(order)
    assert list(visit.engagements.order_by("sequence").values_list("sequence", flat=True)) == [1, 2, 3]
    moved = {title for position, title in enumerate(order) if TITLES[position] != title}
    changed = Engagement.history.filter(history_type="~").values_list("title", flat=True)
    assert sorted(changed) == sorted(moved)  # a stop left in its place gets no history row


def test_drag_and_drop_numbers_from_zero_and_saves_from_one(visit, editor_client):
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    # What nested-admin's sortable posts after dragging the last stop to the top.
    for position, title in enumerate((TITLES[2], TITLES[0], TITLES[1])):
        data[f"{stop_prefix(data, title)}-sequence"] = position

    assert editor_client.post(url, data).status_code == 302
    assert titles_in_order(visit) == [TITLES[2], TITLES[0], TITLES[1]]
    assert visit.engagements.order_by("sequence").first().sequence == 1


def test_a_new_stop_can_go_first(visit, editor_client):
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    add_stop(data, sequence=0, title="Arrival")

    assert editor_client.post(url, data).status_code == 302
    assert titles_in_order(visit) == ["Arrival", *TITLES]


def test_participants_are_added_on_the_visit_page(visit, editor, editor_client):
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    person = factories.PersonFactory(name="Rustam Minnikhanov")
    stop = stop_prefix(data, TITLES[1])
    participants = f"{stop}-participants"
    data.update(
        {
            f"{participants}-TOTAL_FORMS": 1,
            f"{participants}-0-person": person.pk,
            f"{participants}-0-role": ParticipantRole.HOST,
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    [participant] = Participant.objects.filter(person=person)
    assert participant.engagement.title == TITLES[1]
    assert participant.history.get().history_user == editor


def test_the_same_person_twice_in_one_role_on_a_stop_is_a_form_error(visit, editor_client):
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    person = factories.PersonFactory()
    participants = f"{stop_prefix(data, TITLES[0])}-participants"
    data[f"{participants}-TOTAL_FORMS"] = 2
    for index in range(2):
        data[f"{participants}-{index}-person"] = person.pk
        data[f"{participants}-{index}-role"] = ParticipantRole.HOST

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "This person already takes part in this engagement in this role." in response.content.decode()
    assert not Participant.objects.exists()


def test_the_same_person_twice_on_the_stop_page_is_a_form_error(editor_client):
    stop = factories.EngagementFactory()
    person = factories.PersonFactory()
    url = admin_url(Engagement, "change", stop.pk)
    data = form_data(editor_client.get(url))
    data["participants-TOTAL_FORMS"] = 2
    for index in range(2):
        data[f"participants-{index}-person"] = person.pk
        data[f"participants-{index}-role"] = ParticipantRole.HOST

    response = editor_client.post(url, data)

    assert "This person already takes part in this engagement in this role." in errors_of(response)
    assert not Participant.objects.exists()


def test_a_new_stop_has_the_principal_as_participant(visit, editor_client):
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    add_stop(data, sequence=4, title="Departure")

    assert editor_client.post(url, data).status_code == 302
    [principal] = Engagement.objects.get(title="Departure").participants.all()
    assert (principal.person, principal.role) == (visit.principal, ParticipantRole.PRINCIPAL)
    # Existing stops are left as the editor made them.
    assert not Participant.objects.exclude(engagement__title="Departure").exists()


def test_a_principal_the_editor_named_is_not_added_twice(visit, editor_client):
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    stop = add_stop(data, sequence=4, title="Departure")
    data.update(
        {
            f"{stop}-participants-TOTAL_FORMS": 1,
            f"{stop}-participants-0-person": visit.principal.pk,
            f"{stop}-participants-0-role": ParticipantRole.COUNTERPART,
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    roles = Engagement.objects.get(title="Departure").participants.values_list("role", flat=True)
    assert list(roles) == [ParticipantRole.COUNTERPART]


def test_a_bad_stop_number_is_a_form_error_and_changes_nothing(visit, editor_client):
    url = admin_url(Visit, "change", visit.pk)
    still = unchanged(visit.engagements.get(title=TITLES[0]))
    data = form_data(editor_client.get(url))
    data[f"{stop_prefix(data, TITLES[0])}-sequence"] = "first"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()
    assert still()


# The unique constraints of the models edited inline, each tried through its inline in this file
# (the sequence in tests/test_admin_validation.py). A new one fails here until it has a test.
TRIED_INLINE = {
    "engagement_unique_sequence",
    "participant_unique_person_role",
    "personname_unique",
    "placename_unique",
}


@pytest.mark.parametrize("model", [Engagement, Participant, PersonName, PlaceName], ids=lambda m: m.__name__)
def test_every_unique_constraint_of_an_inline_model_is_tried_here(model):
    names = {c.name for c in model._meta.constraints if isinstance(c, UniqueConstraint)}
    assert names <= TRIED_INLINE, names - TRIED_INLINE


@pytest.mark.parametrize("kind", ["person", "place"])
def test_a_duplicate_other_name_is_a_form_error(editor_client, kind):
    record = factories.PersonFactory() if kind == "person" else factories.PlaceFactory()
    url = admin_url(type(record), "change", record.pk)
    data = form_data(editor_client.get(url))
    prefix = next(key for key in data if key.endswith("TOTAL_FORMS") and "names" in key).removesuffix(
        "-TOTAL_FORMS"
    )
    data[f"{prefix}-TOTAL_FORMS"] = 2
    for index in range(2):
        data.update({f"{prefix}-{index}-name": "Same", f"{prefix}-{index}-language": "en"})

    response = editor_client.post(url, data)

    assert response.status_code == 200
    names = (
        PersonName.objects.filter(person=record)
        if kind == "person"
        else PlaceName.objects.filter(place=record)
    )
    assert not names.exists()
