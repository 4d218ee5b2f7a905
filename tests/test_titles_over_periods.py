"""The post held at a stop whose day is not known (issue 12, item 4).

A visit known only to the month (October 2025) shows the posts its participants held over the
month: a post held the whole month as on a known day, posts held for only part of it as
candidates, on the visit's page and in the API, with no more queries than a dated visit.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.partial_dates import DatePrecision
from people.models import Membership
from tests import factories

D = datetime.date
MONTH = DatePrecision.MONTH


@pytest.fixture
def government(db):
    return factories.OrganisationFactory(name="Government of Ruritania")


def month_visit(person, **kwargs):
    visit = factories.VisitFactory(start_date=D(2025, 10, 1), start_precision=MONTH, **kwargs)
    stop = factories.EngagementFactory(visit=visit, date=None)
    factories.ParticipantFactory(engagement=stop, person=person)
    return visit


def post(person, organisation, title, start, end=None):
    return factories.MembershipFactory(
        person=person, organisation=organisation, title=title, start_date=start, end_date=end
    )


def test_a_post_held_over_the_whole_month_is_shown_on_the_page_and_in_the_api(government, analyst_client):
    person = factories.PersonFactory()
    post(person, government, "Prime Minister", D(2024, 1, 1))
    post(person, government, "Minister of Defence", D(2020, 1, 1), D(2023, 12, 31))  # not then
    visit = month_visit(person)

    page = analyst_client.get(visit.get_absolute_url()).content.decode()
    assert '<span class="post-held">Prime Minister, Government of Ruritania</span>' in page
    assert "Minister of Defence" not in page
    assert "Post held in October 2025" in page
    assert "(part of" not in page

    participant = analyst_client.get(f"/api/v1/visits/{visit.pk}/").json()["engagements"][0]["participants"][
        0
    ]
    assert participant["title_held"] == "Prime Minister, Government of Ruritania"
    assert [(p["display"], p["candidate"]) for p in participant["posts_held"]] == [
        ("Prime Minister, Government of Ruritania", False)
    ]


def test_posts_held_for_part_of_the_month_are_candidates(government, analyst_client):
    person = factories.PersonFactory()
    prime_minister = post(person, government, "Prime Minister", D(2022, 1, 1), D(2025, 10, 15))
    president = post(person, government, "President", D(2025, 10, 16))
    visit = month_visit(person)

    page = analyst_client.get(visit.get_absolute_url()).content.decode()
    assert page.count('class="post-candidate"') == 2
    assert 'Prime Minister, Government of Ruritania</span> <span class="post-candidate"' in page
    assert "(part of October 2025)" in page

    participant = analyst_client.get(f"/api/v1/visits/{visit.pk}/").json()["engagements"][0]["participants"][
        0
    ]
    assert participant["title_held"] == (
        "Prime Minister, Government of Ruritania (part of October 2025); "
        "President, Government of Ruritania (part of October 2025)"
    )
    assert participant["posts_held"] == [
        {
            "membership": prime_minister.pk,
            "display": "Prime Minister, Government of Ruritania",
            "candidate": True,
        },
        {"membership": president.pk, "display": "President, Government of Ruritania", "candidate": True},
    ]
    # The participant's own endpoint says the same.
    again = analyst_client.get(f"/api/v1/participants/{participant['id']}/").json()
    assert again["title_held"] == participant["title_held"]


def test_a_year_visit_and_a_post_with_month_precision(government, analyst_client):
    person = factories.PersonFactory()
    # Ended "March 2025": held to the end of March, so over part of 2025.
    Membership.objects.create(
        person=person,
        organisation=government,
        title="Mayor",
        start_date=D(2019, 1, 1),
        end_date=D(2025, 3, 1),
        end_precision=MONTH,
    )
    visit = factories.VisitFactory(start_date=D(2025, 1, 1), start_precision=DatePrecision.YEAR)
    stop = factories.EngagementFactory(visit=visit, date=None)
    factories.ParticipantFactory(engagement=stop, person=person)

    participant = analyst_client.get(f"/api/v1/visits/{visit.pk}/").json()["engagements"][0]["participants"][
        0
    ]
    assert participant["title_held"] == "Mayor, Government of Ruritania (part of 2025)"


def test_a_stop_with_a_known_day_still_shows_the_post_of_that_day(government, analyst_client):
    person = factories.PersonFactory()
    post(person, government, "Prime Minister", D(2022, 1, 1), D(2025, 10, 15))
    post(person, government, "President", D(2025, 10, 16))
    visit = factories.VisitFactory(start_date=D(2025, 10, 1), start_precision=MONTH)
    stop = factories.EngagementFactory(visit=visit, date=D(2025, 10, 20))
    factories.ParticipantFactory(engagement=stop, person=person)

    participant = analyst_client.get(f"/api/v1/visits/{visit.pk}/").json()["engagements"][0]["participants"][
        0
    ]
    assert participant["title_held"] == "President, Government of Ruritania"
    assert participant["posts_held"][0]["candidate"] is False
    page = analyst_client.get(visit.get_absolute_url()).content.decode()
    assert "Post held that day" in page
    assert "post-candidate" not in page


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, Membership.WHOLE),
        (D(2025, 10, 1), None, Membership.WHOLE),
        (D(2025, 9, 1), D(2025, 10, 31), Membership.WHOLE),
        (D(2025, 10, 2), None, Membership.PART),
        (D(2025, 1, 1), D(2025, 10, 1), Membership.PART),
        (D(2025, 10, 10), D(2025, 10, 12), Membership.PART),
        (D(2025, 11, 1), None, None),
        (D(2020, 1, 1), D(2025, 9, 30), None),
    ],
)
def test_covers_period(start, end, expected):
    membership = Membership(start_date=start, end_date=end)
    assert membership.covers_period(D(2025, 10, 1), D(2025, 10, 31)) == expected


def test_an_attested_post_covers_only_its_attested_dates():
    attested = Membership(attested=True, start_date=D(2025, 10, 10))
    assert attested.covers_period(D(2025, 10, 1), D(2025, 10, 31)) == Membership.PART
    assert attested.covers_period(D(2025, 11, 1), D(2025, 11, 30)) is None


def build(n, precision):
    """n visits of one stop without a day, each with a participant holding two posts."""
    country = factories.CountryFactory()
    for _ in range(n):
        person = factories.PersonFactory()
        organisation = factories.OrganisationFactory(country=country)
        post(person, organisation, "Prime Minister", D(2020, 1, 1), D(2025, 10, 15))
        post(person, organisation, "President", D(2025, 10, 16))
        visit = factories.VisitFactory(
            principal=person, host_country=country, start_date=D(2025, 10, 1), start_precision=precision
        )
        stop = factories.EngagementFactory(visit=visit, date=None)
        factories.ParticipantFactory(engagement=stop, person=person)
    return visit


@pytest.mark.parametrize("rows", [1, 30])
def test_a_month_visit_runs_as_many_queries_as_a_dated_one(db, analyst_client, rows):
    ContentType.objects.get_for_models(*apps.get_models())
    counts = {}
    for precision in (DatePrecision.DAY, MONTH):
        visit = build(rows, precision)
        with CaptureQueriesContext(connection) as listing:
            assert analyst_client.get("/api/v1/visits/?limit=1000").status_code == 200
        with CaptureQueriesContext(connection) as participants:
            assert analyst_client.get("/api/v1/participants/?limit=1000").status_code == 200
        with CaptureQueriesContext(connection) as page:
            assert analyst_client.get(visit.get_absolute_url()).status_code == 200
        counts[precision] = (len(listing), len(participants), len(page))
    # A month visit reads what a dated one does: the visit list read by id (common/api/reads.py:
    # auth, page, then one query per related model and list this data has), the participants
    # list and a visit page (as pinned in tests/test_api_query_counts.py, test_pages_queries.py).
    assert counts[MONTH] == counts[DatePrecision.DAY] == (4 + 2 + 10, 4 + 2 + 2, 4 + 5)
