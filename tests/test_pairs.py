"""Who met whom, stored (visits.models.PairVisit and Pair, kept by visits.pairs), and the stored
visit counts (PersonTally, PlaceTally, kept by visits.tallies) give every viewer the live queries'
answers after any sequence of writes through the write path.

The oracle is visits.aggregates.who_met_whom, the self-join of participants over every stop that
the stored tables replace: an editor's answer is its rows over every visit, an analyst's over
the published ones. A property test applies random sequences of creates, edits, moves, status
changes, deletes and merges, and compares the stored sums, the sums over a filter's visits and
each person's partners with it, row for row and in order, and the counts with Count() over the
visits and stops each viewer may see.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.services import delete_record, save_record
from people.models import Person
from people.services import merge_people
from tests import factories
from visits import pairs
from visits.aggregates import pairs_over, partners_of, stored_pairs, who_met_whom
from visits.models import (
    Engagement,
    Pair,
    PairVisit,
    Participant,
    ParticipantRole,
    PersonTally,
    PlaceTally,
    Visit,
    VisitStatus,
)

pytestmark = pytest.mark.django_db

STATUSES = [VisitStatus.HELD, VisitStatus.DRAFT, VisitStatus.PLANNED]
ROLES = [ParticipantRole.HOST, ParticipantRole.PRINCIPAL, ParticipantRole.COUNTERPART]
DAYS = [None, datetime.date(2020, 1, 2), datetime.date(2021, 6, 7), datetime.date(2019, 3, 4)]


def visits_seen(drafts):
    """The visits an editor (drafts) or an analyst sees: the visits rule (visits.visibility)."""
    visits = Visit.objects.all()
    return visits if drafts else visits.exclude(status=VisitStatus.DRAFT)


def assert_stored_is_live():
    people = list(Person.objects.all())
    for drafts in (True, False):
        live = list(who_met_whom(visits_seen(drafts)))
        assert list(stored_pairs(drafts=drafts)) == live, drafts
        assert list(pairs_over(visits_seen(drafts))) == live, drafts
        for person in people:
            with_them = [
                row
                for row in live
                if person.pk in (row["person_id"], row["engagement__participants__person_id"])
            ]
            assert list(partners_of(person, drafts=drafts)) == with_them, (drafts, person)
    # A filter's sums: the visits of one year.
    in_2021 = visits_seen(True).filter(start_date__year=2021)
    assert list(pairs_over(in_2021)) == list(who_met_whom(in_2021))


def assert_counts_are_live():
    for drafts, prefix in ((True, ""), (False, "published_")):
        visits = visits_seen(drafts)
        stops = Engagement.objects.filter(visit__in=visits)
        made = dict(visits.values_list("principal").annotate(n=Count("pk")))
        received = dict(visits.values_list("host_country").annotate(n=Count("pk")))
        held = dict(stops.exclude(venue=None).values_list("venue").annotate(n=Count("pk")))
        stored = {row.person_id: getattr(row, f"{prefix}visits") for row in PersonTally.objects.all()}
        assert {k: v for k, v in stored.items() if v} == made, drafts
        places = PlaceTally.objects.all()
        assert {
            row.place_id: getattr(row, f"{prefix}visits") for row in places if getattr(row, f"{prefix}visits")
        } == received
        assert {
            row.place_id: getattr(row, f"{prefix}stops") for row in places if getattr(row, f"{prefix}stops")
        } == held


@pytest.fixture
def cast():
    country = factories.CountryFactory(iso_code="FR")
    other = factories.CountryFactory(iso_code="DE")
    people = [factories.PersonFactory(slug=f"p{n}", name=f"Person {n}") for n in range(4)]
    venues = [None, country, factories.PlaceFactory(parent=country), factories.PlaceFactory(parent=other)]
    return {"country": country, "countries": [country, other], "people": people, "venues": venues}


# One write, as (kind, a, b, c): small integers picked from the records that exist when it runs.
write = st.tuples(
    st.sampled_from(
        [
            "visit",
            "stop",
            "stop",
            "participant",
            "participant",
            "participant",
            "status",
            "stop date",
            "visit date",
            "move participant",
            "move stop",
            "change person",
            "delete participant",
            "delete stop",
            "delete visit",
            "merge",
            "principal",
            "host country",
            "venue",
        ]
    ),
    st.integers(0, 7),
    st.integers(0, 7),
    st.integers(0, 3),
)


def apply(kind, a, b, c, cast):
    people = list(Person.objects.order_by("pk"))
    visits = list(Visit.objects.order_by("pk"))
    stops = list(Engagement.objects.order_by("pk"))
    participants = list(Participant.objects.order_by("pk"))

    def pick(rows, n):
        return rows[n % len(rows)] if rows else None

    if kind == "visit" or not visits:
        visit = Visit(
            title=f"Visit {len(visits)}",
            slug=f"visit-{a}-{b}-{c}-{len(visits)}",
            principal=pick(people, a),
            kind="official",
            host_country=cast["country"],
            start_date=datetime.date(2020 + c % 3, 1 + a, 1 + b),
            status=STATUSES[c % len(STATUSES)],
        )
        save_record(record=visit)
    elif kind == "stop" or not stops:
        visit = pick(visits, a)
        save_record(
            record=Engagement(
                visit=visit,
                sequence=len(stops) + 1,
                title="Meeting",
                date=DAYS[c],
                venue=cast["venues"][b % 4],
            ),
            validate=False,  # a stop's day may fall outside its visit's dates here
        )
    elif kind == "participant" or not participants:
        save_record(
            record=Participant(engagement=pick(stops, a), person=pick(people, b), role=ROLES[c % len(ROLES)])
        )
    elif kind == "status":
        save_record(record=pick(visits, a), fields={"status": STATUSES[c % len(STATUSES)]})
    elif kind == "stop date":
        save_record(record=pick(stops, a), fields={"date": DAYS[c]}, validate=False)
    elif kind == "visit date":
        save_record(
            record=pick(visits, a), fields={"start_date": datetime.date(2019 + c, 5, 1)}, validate=False
        )
    elif kind == "move participant":
        save_record(record=pick(participants, a), fields={"engagement": pick(stops, b)})
    elif kind == "move stop":
        save_record(record=pick(stops, a), fields={"visit": pick(visits, b)}, validate=False)
    elif kind == "change person":
        save_record(record=pick(participants, a), fields={"person": pick(people, b)})
    elif kind == "delete participant":
        delete_record(record=pick(participants, a))
    elif kind == "delete stop":
        delete_record(record=pick(stops, a))
    elif kind == "delete visit":
        delete_record(record=pick(visits, a))
    elif kind == "principal":
        save_record(record=pick(visits, a), fields={"principal": pick(people, b)})
    elif kind == "host country":
        save_record(record=pick(visits, a), fields={"host_country": cast["countries"][b % 2]})
    elif kind == "venue":
        save_record(record=pick(stops, a), fields={"venue": cast["venues"][b % 4]}, validate=False)
    elif kind == "merge" and len(people) > 2:
        person, into = pick(people, a), pick(people, b)
        if person.pk != into.pk:
            merge_people(person=person, into=into)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(writes=st.lists(write, min_size=1, max_size=25))
def test_stored_pairs_and_counts_equal_the_live_queries_after_any_writes(cast, writes):
    with transaction.atomic():
        for kind, a, b, c in writes:
            try:
                with transaction.atomic():
                    apply(kind, a, b, c, cast)
            except (ValidationError, IntegrityError):
                pass  # a write the rules refuse (a duplicate role, a taken sequence) changes nothing
        assert_stored_is_live()
        assert_counts_are_live()
        transaction.set_rollback(True)  # the next example starts from the cast alone


def test_the_backfill_writes_what_the_write_path_kept(cast):
    """visits.pairs.rebuild (migration 0012's backfill) from the records gives the same rows."""
    ada, bob, cy, dan = cast["people"]
    for people, status in (
        ([ada, bob, cy], VisitStatus.HELD),
        ([ada, bob], VisitStatus.DRAFT),
        ([cy, dan], VisitStatus.HELD),
    ):
        stop = factories.EngagementFactory(
            visit=factories.VisitFactory(status=status, host_country=cast["country"])
        )
        for person in people:
            factories.ParticipantFactory(engagement=stop, person=person)

    def tables():
        return (
            sorted(
                PairVisit.objects.values_list(
                    "visit", "person_a", "person_b", "engagements", "first_date", "visit_status"
                )
            ),
            sorted(
                Pair.objects.values_list(
                    "drafts", "person_a", "person_b", "engagements", "visits", "first_date"
                )
            ),
        )

    kept = tables()
    assert len(kept[0]) == 3 + 1 + 1 and len(kept[1]) == 4 + 4  # editors' pairs, then analysts'
    pairs.rebuild()
    assert tables() == kept


def shown(response):
    return [
        (row["a"]["id"], row["b"]["id"], row["engagements"], row["visits"], row["first"], row["last"])
        for row in response.context["network"]["pairs"]
    ]


def as_shown(rows):
    return [
        (
            r["person_id"],
            r["engagement__participants__person_id"],
            r["engagements"],
            r["visits"],
            r["first_date"],
            r["last_date"],
        )
        for r in rows
    ]


@pytest.fixture
def met(cast):
    """Ada met Bob twice (once in a draft), Cy once in France and once in Germany; Bob met Cy."""
    ada, bob, cy, dan = cast["people"]
    germany = factories.CountryFactory(iso_code="DE", slug="germany")
    for people, status, country, day in (
        ([ada, bob, cy], VisitStatus.HELD, cast["country"], datetime.date(2020, 1, 2)),
        ([ada, bob], VisitStatus.DRAFT, cast["country"], datetime.date(2021, 3, 4)),
        ([ada, cy], VisitStatus.HELD, germany, datetime.date(2022, 5, 6)),
    ):
        visit = factories.VisitFactory(status=status, host_country=country, start_date=day, principal=ada)
        stop = factories.EngagementFactory(visit=visit)
        for person in people:
            factories.ParticipantFactory(engagement=stop, person=person)
    return cast


@pytest.mark.parametrize("drafts", [False, True], ids=["analyst", "editor"])
def test_network_page_and_api_give_each_viewer_the_live_answer(
    met, drafts, analyst_client, editor_client, django_assert_num_queries
):
    client = editor_client if drafts else analyst_client
    live = list(who_met_whom(visits_seen(drafts)))
    assert len(live) == 3
    # session, user, permissions, group permissions; then the count and the strongest pairs
    with django_assert_num_queries(4 + 2):
        response = client.get("/network/")
    assert shown(response) == as_shown(live)
    assert response.context["network"]["total"] == 3
    ada, bob = met["people"][:2]
    (ada_bob,) = [row for row in shown(response) if row[:2] == (ada.pk, bob.pk)]
    assert ada_bob[2:4] == ((2, 2) if drafts else (1, 1))  # the draft counts for editors only

    in_france = visits_seen(drafts).filter(host_country=met["country"])
    # ... a filter: its check, whether it selects more than the page's bound, the strongest pairs
    with django_assert_num_queries(4 + 3):
        response = client.get("/network/", {"country": met["country"].slug})
    assert shown(response) == as_shown(who_met_whom(in_france))
    assert "latest" not in response.context["network"]["caption"]

    api = client.get("/api/v1/visits/who-met-whom/").json()
    assert [(r["person_a_id"], r["person_b_id"], r["engagements"], r["visits"]) for r in api] == [
        row[:4] for row in as_shown(live)
    ]
    api = client.get("/api/v1/visits/who-met-whom/", {"country": met["country"].slug}).json()
    assert [(r["person_a_id"], r["person_b_id"], r["engagements"]) for r in api] == [
        row[:3] for row in as_shown(who_met_whom(in_france))
    ]


def test_person_page_reads_their_stored_pairs(met, analyst_client, editor_client):
    ada = met["people"][0]
    for client, drafts in ((analyst_client, False), (editor_client, True)):
        with_ada = [row for row in as_shown(who_met_whom(visits_seen(drafts))) if ada.pk in row[:2]]
        response = client.get(ada.get_absolute_url())
        assert shown(response) == with_ada
        assert response.context["network"]["total"] == 2


def test_a_filtered_network_page_sums_the_latest_visits_at_most(met, analyst_client, monkeypatch):
    from pages import network

    monkeypatch.setattr(network, "FILTERED_VISITS_AT_MOST", 1)
    response = analyst_client.get("/network/", {"date_after": "2019-01-01"})
    latest = Visit.objects.exclude(status=VisitStatus.DRAFT).order_by("-start_date")[:1]
    assert shown(response) == as_shown(who_met_whom(Visit.objects.filter(pk__in=latest)))
    assert len(shown(response)) == 1  # Ada and Cy in Germany, not the three pairs of 2020
    assert "over the latest 1 of the visits selected" in response.context["network"]["caption"]


def test_network_page_counts_its_pairs_exactly_up_to_a_bound_then_estimates(met, analyst_client, monkeypatch):
    from django.db import connection

    from common.db import counts

    monkeypatch.setattr(counts, "EXACT_UP_TO", 1)
    response = analyst_client.get("/network/", {"pairs": 25})
    network = response.context["network"]
    # PostgreSQL's planner estimates past the bound (at least bound + 1); SQLite counts exactly.
    assert network["estimated"] == (connection.vendor == "postgresql")
    assert network["total"] >= 2
    response = analyst_client.get("/network/", {"pairs": 25, "date_after": "1900-01-01"})
    assert response.context["network"]["estimated"] is False  # a filter's pairs are counted
