"""`/api/v1/changes/`: every create, change and delete of every record, with who, when and what."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from common.visibility import visible, visible_history
from people.models import Membership, Person
from reports.models import Statement
from tests import factories
from visits.models import Visit, VisitStatus

URL = "/api/v1/changes/"
# session + user + the user's and the groups' permissions
AUTH = 4


def entries(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_create_change_and_delete_are_listed_newest_first_with_user_and_changed_fields(
    editor_client, analyst_client
):
    response = editor_client.post(
        "/api/v1/people/", {"name": "Ada Example", "slug": "ada"}, content_type="application/json"
    )
    person_id = response.json()["id"]
    editor_client.patch(
        f"/api/v1/people/{person_id}/",
        {"summary": "Envoy", "name": "Ada B. Example"},
        content_type="application/json",
    )
    assert editor_client.delete(f"/api/v1/people/{person_id}/").status_code == 204

    listed = entries(analyst_client, record_type="people.person")
    history_ids = list(
        Person.history.filter(id=person_id).order_by("-history_date").values_list("history_id", flat=True)
    )
    assert [(e["id"], e["record_id"], e["action"], e["user"], e["changed_fields"]) for e in listed] == [
        (f"people.person:{history_ids[0]}", person_id, "deleted", "editor", []),
        (f"people.person:{history_ids[1]}", person_id, "changed", "editor", ["name", "summary"]),
        (f"people.person:{history_ids[2]}", person_id, "created", "editor", []),
    ]
    assert [e["record_display"] for e in listed] == ["Ada B. Example", "Ada B. Example", "Ada Example"]
    assert all(e["record_type"] == "people.person" for e in listed)
    dates = [datetime.datetime.fromisoformat(e["date"]) for e in listed]
    assert dates == sorted(dates, reverse=True)


def test_every_record_type_with_a_history_is_listed(analyst_client):
    factories.CitationFactory(content_object=factories.ParticipantFactory())
    factories.PersonNameFactory()
    factories.MembershipFactory()
    factories.PlaceFactFactory()
    factories.IdentifierFactory()
    factories.VisitKindFactory(code="summit", name="Summit")
    listed = {e["record_type"] for e in entries(analyst_client, limit=1000)}
    tracked = {
        model._meta.label_lower for model in apps.get_models() if model.__name__.startswith("Historical")
    }
    assert len(tracked) == 15
    expected = {label.replace("historical", "") for label in tracked}
    # Place names are the one kind the factories above do not make.
    # Statements (reports' second accounts) are not TimeStampedModels: the change log leaves them
    # out, and editors review them on /reports/statements/.
    assert listed == expected - {"places.placename", "reports.statement"}


def state_about(record, value):
    """A report's statement about `record` (as a second account's merge writes it)."""
    source = factories.SourceFactory(text="He is the Executive Director.")
    return Statement.objects.create(
        source=source, content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        field="title", value=value, agrees=False, needs_review=True, quote="Executive Director",
        start=10, end=28,
    )  # fmt: skip


def test_a_statement_about_a_drafts_record_is_hidden_as_the_record_is(analyst, editor):
    hidden = state_about(factories.VisitFactory(status=VisitStatus.DRAFT), "State visit")
    shown = state_about(factories.VisitFactory(), "Working visit")
    assert set(visible(Statement.objects.all(), analyst)) == {shown}
    assert set(visible(Statement.objects.all(), editor)) == {shown, hidden}
    assert set(visible_history(Statement.history.all(), Statement, analyst).values_list("id", flat=True)) == {
        shown.pk
    }


def test_change_reason_of_the_importer_is_shown(seeded, analyst_client):
    [created] = entries(analyst_client, record_type="visits.visit", record_id=seeded.pk)
    assert created["action"] == "created"
    assert created["user"] is None
    assert created["change_reason"] == "import_dossier innopolis-2021-04-30.yaml"
    assert created["record_display"] == "Working visit to Russia: Kazan Expo and Innopolis (30 April 2021)"


def test_changed_fields_compare_with_the_previous_version_of_the_same_record(editor_client, analyst_client):
    first, second = factories.VisitFactory(), factories.VisitFactory()
    for visit, change in (
        (first, {"purpose": "Talks"}),
        (second, {"kind": "state"}),
        (first, {"summary": "Met"}),
    ):
        response = editor_client.patch(f"/api/v1/visits/{visit.pk}/", change, content_type="application/json")
        assert response.status_code == 200
    changed = entries(analyst_client, record_type="visits.visit", action="changed")
    assert [(e["record_id"], e["changed_fields"]) for e in changed] == [
        (first.pk, ["summary"]),
        (second.pk, ["kind"]),
        (first.pk, ["purpose"]),
    ]


def test_record_whose_related_record_was_deleted_still_has_a_display(editor_client, analyst_client):
    membership = factories.MembershipFactory()
    membership_id = membership.pk
    # Deleting the person cascades to the post; the post's rows now name a person that is gone.
    assert editor_client.delete(f"/api/v1/people/{membership.person.pk}/").status_code == 204
    assert not Membership.objects.filter(pk=membership_id).exists()
    listed = entries(analyst_client, record_type="people.membership")
    assert [(e["action"], e["record_display"]) for e in listed] == [
        ("deleted", f"membership {membership_id}"),
        ("created", f"membership {membership_id}"),
    ]


@pytest.mark.parametrize("by", ["username", "id"])
def test_filter_by_user(editor, editor_client, analyst_client, by):
    factories.PersonFactory(slug="by-command")
    editor_client.post(
        "/api/v1/people/", {"name": "By editor", "slug": "by-editor"}, content_type="application/json"
    )
    value = editor.username if by == "username" else editor.pk
    listed = entries(analyst_client, user=value)
    assert [(e["record_display"], e["user"]) for e in listed] == [("By editor", "editor")]


def test_a_blank_filter_is_no_filter_as_everywhere_in_the_api(editor_client, analyst_client):
    editor_client.post(
        "/api/v1/people/", {"name": "By editor", "slug": "by-editor"}, content_type="application/json"
    )
    everything = entries(analyst_client)
    assert everything
    for name in ("user", "date_after", "date_before", "record_type", "action"):
        for blank in ("", "  "):
            if blank and name not in ("date_after", "date_before"):
                continue  # a choice or a username is matched as given: only empty is no filter
            assert entries(analyst_client, **{name: blank}) == everything, (name, blank)
    # A username is matched as given: spaces around it are part of it.
    response = analyst_client.get(URL, {"user": " editor"})
    assert response.status_code == 400
    assert response.json()["user"] == ["No user with username or id ' editor'."]


def test_filter_by_record_type_and_id(analyst_client):
    visit = factories.VisitFactory()
    factories.VisitFactory()
    listed = entries(analyst_client, record_type="visits.visit", record_id=visit.pk)
    assert [(e["record_type"], e["record_id"]) for e in listed] == [("visits.visit", visit.pk)]
    # record_id alone matches that id in every kind of record.
    assert {e["record_id"] for e in entries(analyst_client, record_id=visit.pk)} == {visit.pk}


def test_filter_by_action(editor_client, analyst_client):
    person = factories.PersonFactory()
    assert editor_client.delete(f"/api/v1/people/{person.pk}/").status_code == 204
    assert [e["action"] for e in entries(analyst_client, action="deleted")] == ["deleted"]
    assert {e["action"] for e in entries(analyst_client, action="created")} == {"created"}


def test_filter_by_dates(analyst_client):
    for day in ("2020-12-31", "2021-04-30", "2021-05-01"):
        person = factories.PersonFactory(name=day)
        moment = datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00")
        Person.history.filter(id=person.pk).update(history_date=moment)

    def names(**params):
        return [e["record_display"] for e in entries(analyst_client, record_type="people.person", **params)]

    assert names(date_after="2021-04-30") == ["2021-05-01", "2021-04-30"]
    assert names(date_before="2021-04-30") == ["2021-04-30", "2020-12-31"]
    assert names(date_after="2021", date_before="2021-04") == ["2021-04-30"]
    assert names(date_before="2020") == ["2020-12-31"]
    assert names(date_before="9999-12-31") == ["2021-05-01", "2021-04-30", "2020-12-31"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"record_type": "auth.user"}, "record_type"),
        ({"record_id": "0"}, "record_id"),
        ({"record_id": "1.5"}, "record_id"),
        ({"record_id": "99999999999999999999"}, "record_id"),
        ({"user": "nobody"}, "user"),
        ({"date_after": "2021-02-30"}, "date_after"),
        ({"date_before": "yesterday"}, "date_before"),
        ({"action": "reverted"}, "action"),
        ({"limit": "-1"}, "limit"),
    ],
)
def test_bad_filter_value_is_a_400_naming_it(analyst_client, params, name):
    response = analyst_client.get(URL, params)
    assert response.status_code == 400
    assert name in response.json()


def test_anonymous_gets_401_and_a_user_without_view_rights_403(db, anonymous_client):
    assert anonymous_client.get(URL).status_code == 401
    client = Client()
    client.force_login(factories.UserFactory())
    assert client.get(URL).status_code == 403


def test_entries_of_models_the_user_may_not_view_are_left_out(db):
    factories.VisitFactory()
    user = factories.UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    client = Client()
    client.force_login(user)
    listed = entries(client, limit=1000)
    assert listed
    assert {e["record_type"] for e in listed} == {"people.person"}


def test_draft_visit_entries_are_hidden_even_after_deletion(editor_client, analyst_client):
    draft = factories.VisitFactory(status=VisitStatus.DRAFT)
    engagement = factories.EngagementFactory(visit=draft)
    participant = factories.ParticipantFactory(engagement=engagement)
    factories.CitationFactory(content_object=participant)
    published = factories.VisitFactory()
    draft_records = {
        ("visits.visit", draft.pk),
        ("visits.engagement", engagement.pk),
        ("visits.participant", participant.pk),
    }

    def shown(client):
        return {(e["record_type"], e["record_id"]) for e in entries(client, limit=1000)}

    assert draft_records <= shown(editor_client)
    assert not draft_records & shown(analyst_client)
    assert ("visits.visit", published.pk) in shown(analyst_client)
    citation_types = {e["record_type"] for e in entries(analyst_client, limit=1000)}
    assert "sources.citation" not in citation_types

    assert editor_client.delete(f"/api/v1/visits/{draft.pk}/").status_code == 204
    assert not Visit.objects.filter(pk=draft.pk).exists()
    assert not draft_records & shown(analyst_client)
    assert "sources.citation" not in {e["record_type"] for e in entries(analyst_client, limit=1000)}
    deleted = entries(editor_client, record_type="visits.visit", record_id=draft.pk, action="deleted")
    assert len(deleted) == 1


def build(n):
    """n visits, each with an engagement and a participant: n entries of each of 3 types, plus
    the people and places they need."""
    country = factories.CountryFactory()
    for _ in range(n):
        engagement = factories.EngagementFactory(
            visit=factories.VisitFactory(host_country=country), venue=None
        )
        factories.ParticipantFactory(engagement=engagement, person=engagement.visit.principal)


@pytest.mark.parametrize("rows", [1, 100])
def test_query_count_does_not_grow_with_entries(analyst_client, django_assert_num_queries, rows):
    build(rows)
    # count + page (a UNION of the history tables) + one per record type on the page
    # (visits, engagements, participants, people, places)
    with django_assert_num_queries(AUTH + 2 + 5):
        response = analyst_client.get(URL, {"limit": 1000})
    assert response.json()["count"] == 1 + 4 * rows


def test_filtering_by_user_adds_one_query(editor, editor_client, analyst_client, django_assert_num_queries):
    build(3)
    editor_client.post("/api/v1/people/", {"name": "Ada", "slug": "ada"}, content_type="application/json")
    # the user's lookup + count + page + people
    with django_assert_num_queries(AUTH + 1 + 2 + 1):
        response = analyst_client.get(URL, {"user": editor.username})
    assert response.json()["count"] == 1


def test_pages_by_limit_and_offset(analyst_client):
    for _ in range(5):
        factories.PersonFactory()
    everything = [e["id"] for e in entries(analyst_client)]
    first = analyst_client.get(URL, {"limit": 2}).json()
    assert first["count"] == 5
    assert [e["id"] for e in first["results"]] == everything[:2]
    assert "offset=2" in first["next"]
    third = analyst_client.get(URL, {"limit": 2, "offset": 4}).json()
    assert [e["id"] for e in third["results"]] == everything[4:]
    assert third["next"] is None


def test_described_in_the_schema(db, analyst_client):
    schema = analyst_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {
        "record_type",
        "record_id",
        "user",
        "date_after",
        "date_before",
        "action",
        "limit",
        "offset",
    } <= names
    assert "cursor" not in names
    change = schema["components"]["schemas"]["Change"]["properties"]
    assert set(change) == {
        "id",
        "record_type",
        "record_id",
        "record_display",
        "action",
        "user",
        "date",
        "change_reason",
        "changed_fields",
    }


def test_csv_has_the_entry_columns_even_when_empty(analyst_client):
    response = analyst_client.get(URL, {"format": "csv", "user": "analyst"})
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "id,record_type,record_id,record_display,action,user,date,change_reason,changed_fields"
    ]
