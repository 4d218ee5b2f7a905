"""Dates at the edges: stored dates are bounded (years 1000-2999, common.partial_dates), and every
page, feed and admin list that computes with dates stays up at the bounds and beyond them (rows
stored before the bound existed, up to Python's 9999-12-31)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from common.partial_dates import DatePrecision, day_after, parse_partial_date
from pages.timeline import period_item
from people.models import Membership
from tests import factories
from visits.models import Engagement, Visit

D = datetime.date


@pytest.mark.parametrize("text", ["9999", "9999-12-31", "3000", "0999-12-31", "0001"])
def test_the_parser_refuses_years_outside_the_register_range(text):
    with pytest.raises(ValueError, match="outside the years 1000-2999"):
        parse_partial_date(text)


def test_the_parser_takes_the_range_ends_and_any_year_when_unbounded():
    assert parse_partial_date("1000") == (D(1000, 1, 1), DatePrecision.YEAR)
    assert parse_partial_date("2999-12-31") == (D(2999, 12, 31), DatePrecision.DAY)
    assert parse_partial_date("9999-12-31", bounded=False) == (D(9999, 12, 31), DatePrecision.DAY)
    with pytest.raises(ValueError):
        parse_partial_date(D(9999, 1, 1))


def test_day_after_the_last_day_python_holds_is_none():
    assert day_after(D(2999, 12, 31)) == D(3000, 1, 1)
    assert day_after(datetime.date.max) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: factories.VisitFactory.build(start_date=D(9999, 1, 1)), "start_date"),
        (lambda: factories.VisitFactory.build(end_date=D(3000, 1, 1)), "end_date"),
        (lambda: factories.MembershipFactory.build(end_date=D(9999, 1, 1)), "end_date"),
        (lambda: factories.MembershipFactory.build(start_date=D(999, 12, 31)), "start_date"),
        (lambda: factories.PlaceFactFactory.build(as_of_date=D(9999, 1, 1)), "as_of_date"),
        (lambda: factories.SourceFactory.build(published_on=D(9999, 1, 1)), "published_on"),
    ],
)
def test_model_validation_refuses_dates_outside_the_range(make, field):
    record = make()
    with pytest.raises(ValidationError) as refused:
        record.full_clean(exclude=[f.name for f in record._meta.fields if f.name != field])
    assert "outside the years 1000-2999" in str(refused.value.message_dict[field])


@pytest.fixture
def visit(db):
    return factories.VisitFactory(status="held")


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/visits/", {"start": "9999"}, "start"),
        ("/api/v1/visits/", {"start": "2021", "end": "9999-12-31"}, "end"),
        ("/api/v1/engagements/", {"date": "9999-12-31"}, "date"),
        ("/api/v1/memberships/", {"end": "9999"}, "end"),
        ("/api/v1/place-facts/", {"as_of": "9999"}, "as_of"),
        ("/api/v1/sources/", {"published_on": "9999-12-31"}, "published_on"),
    ],
)
def test_the_api_refuses_dates_outside_the_range_naming_the_field(editor_client, visit, url, body, field):
    response = editor_client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "outside the years 1000-2999" in str(response.json()[field])


def test_the_api_takes_dates_at_the_range_ends(editor_client, visit):
    body = {
        "slug": "far-future",
        "title": "Far future",
        "principal": visit.principal.slug,
        "host_country": visit.host_country.slug,
        "kind": "official",
        "status": "held",
        "start": "1000",
        "end": "2999-12-31",
    }
    response = editor_client.post("/api/v1/visits/", body, content_type="application/json")
    assert response.status_code == 201, response.json()


def test_a_timeline_item_ending_on_the_last_day_python_holds_ends_that_day():
    item = period_item(id="x", content="x", start=D(9999, 1, 1), last=datetime.date.max)
    assert item["end"] == "9999-12-31T23:59:59.999"


def make_edge_records(year):
    """Records in the last days of `year`: the register's last (2999) or Python's (9999), which
    rows stored before the bound existed may have."""
    country = factories.CountryFactory()
    venue = factories.PlaceFactory(parent=country, slug="edge-venue")
    person = factories.PersonFactory(slug="edge-person")
    organisation = factories.OrganisationFactory(slug="edge-organisation")
    factories.MembershipFactory(person=person, organisation=organisation, start_date=D(year, 1, 1))
    Membership.objects.filter(person=person).update(end_date=D(year, 1, 1), end_precision=DatePrecision.YEAR)
    year_visit = factories.VisitFactory(
        slug="edge-year", principal=person, host_country=country, start_date=D(year, 1, 1)
    )
    day_visit = factories.VisitFactory(
        slug="edge-day", principal=person, host_country=country, start_date=D(year, 12, 31)
    )
    month_visit = factories.VisitFactory(
        slug="edge-month", principal=person, host_country=country, start_date=D(year, 12, 1)
    )
    Visit.objects.filter(pk=year_visit.pk).update(start_precision=DatePrecision.YEAR)
    Visit.objects.filter(pk=month_visit.pk).update(start_precision=DatePrecision.MONTH)
    for visit in (year_visit, day_visit, month_visit):
        engagement = factories.EngagementFactory(
            visit=visit, venue=venue, host_organisation=organisation, sequence=1
        )
        Engagement.objects.filter(pk=engagement.pk).update(date=D(year, 12, 31))
        factories.ParticipantFactory(engagement=engagement, person=person)
    return year


@pytest.fixture(params=[2999, 9999])
def edge_records(request, db):
    return make_edge_records(request.param)


PAGES = [
    "/",
    "/?date_after=2999&date_before=9999",
    "/visits/edge-year/",
    "/visits/edge-day/",
    "/visits/edge-month/",
    "/people/edge-person/",
    "/people/edge-person/visits.ics",
    "/organisations/edge-organisation/",
    "/places/edge-venue/",
    "/places/edge-venue/visits.ics",
    "/places/country-fr/",
    "/places/country-fr/visits.ics",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_and_feeds_answer_at_the_last_day(edge_records, editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 200, url


def test_the_calendar_feed_ends_a_visit_on_the_last_day_python_holds(edge_records, editor_client):
    body = editor_client.get("/people/edge-person/visits.ics").content.decode().replace("\r\n ", "")
    if edge_records == 9999:
        assert "DTSTART;VALUE=DATE:99990101\r\nDURATION:P365D\r\n" in body
        assert "DTSTART;VALUE=DATE:99991231\r\nDURATION:P1D\r\n" in body
    else:
        assert "DTSTART;VALUE=DATE:29990101\r\nDTEND;VALUE=DATE:30000101\r\n" in body


@pytest.mark.parametrize(
    "query",
    [
        "start_date__year=9999",
        "start_date__year=9999&start_date__month=12",
        "start_date__year=9999&start_date__month=12&start_date__day=31",
        "start_date__year=9999&start_date__month=11",
        "start_date__year=2999",
        "start_date__year=2999&start_date__month=12&start_date__day=31",
    ],
)
@pytest.mark.parametrize("records_in", [None, 2999, 9999])
def test_the_admin_date_hierarchy_answers_at_the_last_year(editor_client, query, records_in):
    if records_in:
        make_edge_records(records_in)
    response = editor_client.get(f"/admin/visits/visit/?{query}")
    assert response.status_code == 200
    chosen = dict(part.split("=") for part in query.split("&"))
    expected = [
        visit.pk
        for visit in Visit.objects.all()
        if all(getattr(visit.start_date, key.split("__")[1]) == int(value) for key, value in chosen.items())
    ]
    assert sorted(row.pk for row in response.context["cl"].result_list) == sorted(expected)
    if records_in == 9999 and query == "start_date__year=9999":
        assert len(expected) == 3
