"""Whole visits through the API (issue 12, item 8): a visit's create or update carries its stops,
their participants and the citations of all three, written in one transaction with the admin's
rules; the visit's ETag covers its nested parts; slugs are made when left out; `status` is
required on creation."""

import itertools

import pytest

from sources.models import Citation
from tests import factories
from visits.models import Engagement, Participant, Visit

pytestmark = pytest.mark.django_db

TEXT = (
    "The Prime Minister arrived in Kazan. He opened the exhibition at Kazan Expo. "
    "Then he toured the technopark with the Mayor. At the university he met students. "
    "Finally he met the President of Tatarstan."
)


@pytest.fixture
def world(db):
    country = factories.CountryFactory(iso_code="RU", slug="russia", name="Russia")
    return {
        "country": country,
        "kazan": factories.PlaceFactory(slug="kazan", name="Kazan", parent=country),
        "principal": factories.PersonFactory(slug="nikol-pashinyan", name="Nikol Pashinyan"),
        "mayor": factories.PersonFactory(slug="the-mayor", name="The Mayor"),
        "president": factories.PersonFactory(slug="the-president", name="The President"),
        "source": factories.SourceFactory(slug="report", text=TEXT),
    }


def quote(text, field=""):
    return {"source": "report", "quote": text, "field": field}


def four_stop_visit():
    return {
        "title": "Working visit to Tatarstan",
        "principal": "nikol-pashinyan",
        "kind": "working",
        "host_country": "russia",
        "start": "2021-04-30",
        "status": "held",
        "citations": [quote("The Prime Minister arrived in Kazan.")],
        "engagements": [
            {
                "title": "Opening of the exhibition",
                "date": "2021-04-30",
                "venue": "kazan",
                "participants": [
                    {
                        "person": "nikol-pashinyan",
                        "role": "principal",
                        "citations": [quote("The Prime Minister")],
                    }
                ],
                "citations": [quote("He opened the exhibition at Kazan Expo.", "title")],
            },
            {
                "title": "Tour of the technopark",
                "participants": [
                    {"person": "nikol-pashinyan", "role": "principal"},
                    {"person": "the-mayor", "role": "presenter", "title_as_stated": "Mayor"},
                ],
                "citations": [quote("Then he toured the technopark with the Mayor.")],
            },
            {
                "title": "Meeting with students",
                "participants": [{"name_as_stated": "students", "role": "counterpart"}],
                "citations": [quote("At the university he met students.")],
            },
            {
                "title": "Meeting with the President of Tatarstan",
                "participants": [
                    {"person": "nikol-pashinyan", "role": "principal"},
                    {
                        "person": "the-president",
                        "role": "host",
                        "citations": [quote("the President of Tatarstan")],
                    },
                ],
                "citations": [quote("Finally he met the President of Tatarstan.")],
            },
        ],
    }


def post(client, body):
    return client.post("/api/v1/visits/", body, content_type="application/json")


def put(client, visit, body, **headers):
    return client.put(f"/api/v1/visits/{visit.pk}/", body, content_type="application/json", **headers)


def patch(client, visit, body, **headers):
    return client.patch(f"/api/v1/visits/{visit.pk}/", body, content_type="application/json", **headers)


def stops(visit):
    return list(Engagement.objects.filter(visit=visit).order_by("sequence").values_list("sequence", "title"))


def test_one_request_enters_a_four_stop_visit_with_participants_and_citations(world, editor_client, editor):
    response = post(editor_client, four_stop_visit())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "working-visit-to-tatarstan-2021-04-30"
    assert response["ETag"]
    visit = Visit.objects.get(slug=body["slug"])
    assert stops(visit) == [
        (1, "Opening of the exhibition"),
        (2, "Tour of the technopark"),
        (3, "Meeting with students"),
        (4, "Meeting with the President of Tatarstan"),
    ]
    assert [len(stop["participants"]) for stop in body["engagements"]] == [1, 2, 1, 2]
    assert [stop["sequence"] for stop in body["engagements"]] == [1, 2, 3, 4]
    assert body["engagements"][1]["participants"][1]["title_as_stated"] == "Mayor"
    assert body["citations"][0]["quote"] == "The Prime Minister arrived in Kazan."
    assert body["engagements"][0]["citations"][0]["field"] == "title"
    assert body["engagements"][3]["participants"][1]["citations"][0]["quote"] == "the President of Tatarstan"
    assert Participant.objects.filter(engagement__visit=visit).count() == 6
    assert Citation.objects.count() == 7
    first = Citation.objects.get(quote="He opened the exhibition at Kazan Expo.")
    assert TEXT[first.start : first.end] == first.quote
    # Every record's history names the editor.
    assert {row.history_user for row in Engagement.history.all()} == {editor}
    assert {row.history_user for row in Participant.history.all()} == {editor}
    # The response is what a read of the visit gives.
    read = editor_client.get(f"/api/v1/visits/{visit.pk}/")
    assert read.json() == body
    assert read["ETag"] == response["ETag"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda b: b["engagements"][2]["participants"].__setitem__(
                0, {"person": "nobody", "role": "host"}
            ),
            "engagements[2].participants[0].person",
        ),
        (lambda b: b["engagements"][1].__setitem__("date", "2021-05-02"), "engagements[1].date"),
        (
            lambda b: b["engagements"][1]["participants"].append(
                {"person": "the-mayor", "role": "presenter"}
            ),
            "engagements[1].participants[2]",
        ),
        (
            lambda b: b["engagements"][3]["citations"].append(quote("not in the text")),
            "engagements[3].citations[1].quote",
        ),
        (lambda b: b["engagements"][0].__setitem__("title", ""), "engagements[0].title"),
        (
            lambda b: b["engagements"][2]["participants"][0].__setitem__("role", "king"),
            "engagements[2].participants[0].role",
        ),
        (lambda b: b["engagements"][0].__setitem__("participant", []), "engagements[0].participant"),
        (
            lambda b: b["engagements"][2]["participants"].append({"role": "host"}),
            "engagements[2].participants[1]",
        ),
        (
            lambda b: b["engagements"][0]["citations"][0].__setitem__("field", "colour"),
            "engagements[0].citations[0].field",
        ),
        (lambda b: b["engagements"].__setitem__(1, "a stop"), "engagements[1]"),
    ],
    ids=[
        "unknown-person",
        "date-outside-the-visit",
        "same-person-twice-in-a-role",
        "quote-not-in-source",
        "stop-without-title",
        "bad-role",
        "unknown-key",
        "participant-without-person-or-name",
        "citation-of-no-field",
        "not-an-object",
    ],
)
def test_invalid_nested_data_is_a_400_naming_the_path_and_writes_nothing(
    world, editor_client, row_counts, change, path
):
    body = four_stop_visit()
    change(body)
    before = row_counts()

    response = post(editor_client, body)

    assert response.status_code == 400
    errors = response.json()
    assert path in errors, errors
    assert all(isinstance(message, str) for message in errors[path])
    assert row_counts() == before


def test_an_invalid_update_writes_nothing_either(world, editor_client, row_counts):
    visit = Visit.objects.get(slug=post(editor_client, four_stop_visit()).json()["slug"])
    body = editor_client.get(f"/api/v1/visits/{visit.pk}/").json()
    engagements = [{"id": stop["id"], "title": stop["title"]} for stop in body["engagements"]]
    engagements[0]["title"] = "Renamed"
    engagements[3]["date"] = "2020-01-01"
    before = row_counts()

    response = patch(editor_client, visit, {"title": "Renamed visit", "engagements": engagements})

    assert response.status_code == 400
    assert list(response.json()) == ["engagements[3].date"]
    assert row_counts() == before
    assert Visit.objects.get(pk=visit.pk).title == "Working visit to Tatarstan"
    assert stops(visit)[0] == (1, "Opening of the exhibition")


def test_a_stale_if_match_on_a_nested_update_is_412_and_writes_nothing(world, editor_client, row_counts):
    created = post(editor_client, four_stop_visit())
    visit = Visit.objects.get(slug=created.json()["slug"])
    stale = created["ETag"]
    # Another editor changes a participant: a nested part, so the visit's version moves.
    mayor = Participant.objects.get(person__slug="the-mayor")
    response = editor_client.patch(
        f"/api/v1/participants/{mayor.pk}/",
        {"title_as_stated": "Mayor of Innopolis"},
        content_type="application/json",
    )
    assert response.status_code == 200
    fresh = editor_client.get(f"/api/v1/visits/{visit.pk}/")["ETag"]
    assert fresh != stale
    before = row_counts()

    response = patch(editor_client, visit, {"engagements": [{"title": "Only stop"}]}, HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert row_counts() == before
    assert len(stops(visit)) == 4
    assert (
        patch(
            editor_client, visit, {"engagements": [{"title": "Only stop"}]}, HTTP_IF_MATCH=fresh
        ).status_code
        == 200
    )
    assert stops(visit) == [(1, "Only stop")]


@pytest.mark.parametrize(
    "nested",
    [
        lambda visit: factories.EngagementFactory(visit=visit, sequence=9),
        lambda visit: factories.ParticipantFactory(
            engagement=factories.EngagementFactory(visit=visit, sequence=10)
        ),
        lambda visit: factories.CitationFactory(content_object=visit),
        lambda visit: Engagement.objects.filter(visit=visit).first().delete(),
        lambda visit: factories.CitationFactory(
            content_object=Participant.objects.filter(engagement__visit=visit).first()
        ),
    ],
    ids=["stop-added", "participant-added", "citation-added", "stop-deleted", "participant-citation"],
)
def test_any_change_to_a_nested_part_changes_the_visits_etag(world, editor_client, nested):
    visit = Visit.objects.get(slug=post(editor_client, four_stop_visit()).json()["slug"])
    before = editor_client.get(f"/api/v1/visits/{visit.pk}/")["ETag"]
    nested(visit)
    assert editor_client.get(f"/api/v1/visits/{visit.pk}/")["ETag"] != before


@pytest.fixture
def three_stops(world, editor_client):
    body = four_stop_visit()
    body["engagements"] = body["engagements"][:3]
    visit = Visit.objects.get(slug=post(editor_client, body).json()["slug"])
    return visit, list(Engagement.objects.filter(visit=visit).order_by("sequence"))


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_put_saves_any_permutation_of_the_stops_by_their_place_in_the_list(
    three_stops, editor_client, order
):
    visit, existing = three_stops
    body = editor_client.get(f"/api/v1/visits/{visit.pk}/").json()
    write = {k: body[k] for k in ("title", "slug", "kind", "start", "status")}
    write |= {"principal": "nikol-pashinyan", "host_country": "russia"}
    write["engagements"] = [{"id": existing[i].pk} for i in order]

    response = put(editor_client, visit, write)

    assert response.status_code == 200, response.json()
    assert [stop["id"] for stop in response.json()["engagements"]] == [existing[i].pk for i in order]
    assert stops(visit) == [(n, existing[i].title) for n, i in enumerate(order, start=1)]
    assert Participant.objects.filter(engagement__visit=visit).count() == 4  # kept with their stops


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_patch_saves_any_permutation_given_as_sequence_numbers(three_stops, editor_client, order):
    visit, existing = three_stops
    # The list as read, each stop given the number of its new place.
    engagements = [{"id": stop.pk, "sequence": order.index(i) + 1} for i, stop in enumerate(existing)]
    response = patch(editor_client, visit, {"engagements": engagements})
    assert response.status_code == 200, response.json()
    assert stops(visit) == [(n, existing[i].title) for n, i in enumerate(order, start=1)]


def test_a_stop_is_inserted_at_any_place_by_its_sequence(three_stops, editor_client):
    visit, existing = three_stops
    read = editor_client.get(f"/api/v1/visits/{visit.pk}/").json()["engagements"]
    listed = [{"id": stop["id"], "sequence": stop["sequence"], "title": stop["title"]} for stop in read]

    response = patch(editor_client, visit, {"engagements": [*listed, {"title": "Arrival", "sequence": 1}]})

    assert response.status_code == 200, response.json()
    assert [title for _n, title in stops(visit)] == ["Arrival", *(stop.title for stop in existing)]
    arrival = Engagement.objects.get(visit=visit, title="Arrival")
    # A new stop without participants gets the visit's principal, as in the admin.
    assert [(p.person.slug, p.role) for p in arrival.participants.all()] == [("nikol-pashinyan", "principal")]

    # In the middle, by its place in the list; a stop moved down goes after the one at its number.
    listed = [{"id": stop.pk} for stop in Engagement.objects.filter(visit=visit).order_by("sequence")]
    listed.insert(2, {"title": "Lunch", "participants": []})
    listed[0]["sequence"] = 3
    response = patch(editor_client, visit, {"engagements": listed})
    assert response.status_code == 200, response.json()
    assert [title for _n, title in stops(visit)] == [
        existing[0].title,
        "Lunch",
        "Arrival",
        existing[1].title,
        existing[2].title,
    ]
    assert not Participant.objects.filter(engagement__title="Lunch").exists()


def test_stops_participants_and_citations_left_out_of_a_given_list_are_deleted(three_stops, editor_client):
    visit, existing = three_stops
    second = existing[1]
    response = patch(
        editor_client,
        visit,
        {
            "engagements": [
                {"id": existing[0].pk},
                {
                    "id": second.pk,
                    "participants": [{"id": second.participants.get(person__slug="the-mayor").pk}],
                    "citations": [],
                },
            ]
        },
    )
    assert response.status_code == 200, response.json()
    assert stops(visit) == [(1, existing[0].title), (2, second.title)]
    assert [p.person.slug for p in second.participants.all()] == ["the-mayor"]
    assert not second.citations.exists()
    assert existing[0].participants.count() == 1  # not given: left as it was


def test_a_write_without_engagements_leaves_the_stops_alone(three_stops, editor_client):
    visit, existing = three_stops
    assert patch(editor_client, visit, {"summary": "Three stops."}).status_code == 200
    assert [
        pk for pk in Engagement.objects.filter(visit=visit).order_by("sequence").values_list("pk", flat=True)
    ] == [stop.pk for stop in existing]


def test_an_id_from_another_visit_is_refused(three_stops, editor_client):
    visit, _existing = three_stops
    other = factories.EngagementFactory()
    response = patch(editor_client, visit, {"engagements": [{"id": other.pk}]})
    assert response.status_code == 400
    assert "engagements[0].id" in response.json()


def test_status_is_required_on_creation(world, editor_client):
    body = four_stop_visit()
    del body["status"]
    response = post(editor_client, body)
    assert response.status_code == 400
    assert "draft" in response.json()["status"][0]


def test_slugs_are_made_when_left_out_unique_and_stable(world, editor_client):
    body = four_stop_visit()
    del body["engagements"]
    first = post(editor_client, body).json()
    second = post(editor_client, body).json()
    assert (first["slug"], second["slug"]) == (
        "working-visit-to-tatarstan-2021-04-30",
        "working-visit-to-tatarstan-2021-04-30-2",
    )
    # Stable: a new title does not move the record's address.
    visit = Visit.objects.get(slug=first["slug"])
    assert patch(editor_client, visit, {"title": "Visit to Kazan"}).json()["slug"] == first["slug"]

    month = post(editor_client, {**body, "start": "2021-05", "title": "Tour"}).json()
    assert month["slug"] == "tour-2021-05"

    made = {
        "people": {"name": "Mikhail Mishustin"},
        "organisations": {"name": "Government of Russia", "kind": "government"},
        "places": {"name": "Innopolis", "kind": "city", "parent": "russia"},
        "sources": {"title": "Press release", "text": "Text.", "published_on": "2021-04-30"},
    }
    expected = {
        "people": "mikhail-mishustin",
        "organisations": "government-of-russia",
        "places": "innopolis",
        "sources": "press-release-2021-04-30",
    }
    for resource, data in made.items():
        response = editor_client.post(f"/api/v1/{resource}/", data, content_type="application/json")
        assert response.status_code == 201, (resource, response.json())
        assert response.json()["slug"] == expected[resource]
        again = editor_client.post(f"/api/v1/{resource}/", data, content_type="application/json").json()
        assert again["slug"] == expected[resource] + "-2"


def test_a_slug_is_made_from_a_name_in_any_script(world, editor_client):
    response = editor_client.post(
        "/api/v1/people/", {"name": "Recep Tayyip Erdoğan"}, content_type="application/json"
    )
    assert response.json()["slug"] == "recep-tayyip-erdogan"
    response = editor_client.post("/api/v1/people/", {"name": "Путин"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["slug"] == "person"
