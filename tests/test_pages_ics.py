"""iCalendar feeds of a person's and a place's visits (RFC 5545): all-day events over whole periods."""

import datetime
import re

import pytest

from common.partial_dates import DatePrecision
from pages.ics import escape_text, fold
from places.models import PlaceKind
from tests import factories


def unfold(body):
    return body.replace("\r\n ", "")


def events(body):
    return unfold(body).split("BEGIN:VEVENT\r\n")[1:]


def test_seeded_person_feed_is_a_calendar_with_the_visit(seeded, analyst_client):
    response = analyst_client.get("/people/nikol-pashinyan/visits.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="nikol-pashinyan-visits.ics"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    [event] = events(body)
    assert "DTSTART;VALUE=DATE:20210430\r\n" in event
    assert "DTEND;VALUE=DATE:20210501\r\n" in event
    assert "SUMMARY:Working visit to Russia: Kazan Expo and Innopolis\r\n" in event
    assert "UID:visit-pashinyan-innopolis-2021-04-30@govvisits\r\n" in event
    assert "URL:http://testserver/visits/pashinyan-innopolis-2021-04-30/\r\n" in event


def test_seeded_place_feed_has_the_visit_for_a_venue_inside(seeded, analyst_client):
    body = analyst_client.get("/places/kazan-expo/visits.ics").content.decode()
    assert len(events(body)) == 1
    assert "DTSTART;VALUE=DATE:20210430" in body


@pytest.mark.parametrize(
    "start, start_precision, end, end_precision, dtstart, dtend",
    [
        (datetime.date(2021, 4, 1), DatePrecision.MONTH, None, DatePrecision.DAY, "20210401", "20210501"),
        (datetime.date(2019, 1, 1), DatePrecision.YEAR, None, DatePrecision.DAY, "20190101", "20200101"),
        (
            datetime.date(2021, 12, 30),
            DatePrecision.DAY,
            datetime.date(2022, 1, 2),
            DatePrecision.DAY,
            "20211230",
            "20220103",
        ),
        (
            datetime.date(2020, 1, 27),
            DatePrecision.DAY,
            datetime.date(2020, 2, 1),
            DatePrecision.MONTH,
            "20200127",
            "20200301",
        ),
    ],
)
def test_partial_dates_become_all_day_events_over_the_whole_period(
    analyst_client, db, start, start_precision, end, end_precision, dtstart, dtend
):
    factories.VisitFactory(
        principal=factories.PersonFactory(slug="ada"),
        start_date=start,
        start_precision=start_precision,
        end_date=end,
        end_precision=end_precision,
    )
    [event] = events(analyst_client.get("/people/ada/visits.ics").content.decode())
    assert f"DTSTART;VALUE=DATE:{dtstart}\r\n" in event
    assert f"DTEND;VALUE=DATE:{dtend}\r\n" in event


def test_one_event_per_visit(analyst_client, db):
    person = factories.PersonFactory(slug="ada")
    for n in range(3):
        factories.VisitFactory(principal=person, slug=f"v{n}")
    assert len(events(analyst_client.get("/people/ada/visits.ics").content.decode())) == 3


def test_text_is_escaped():
    assert escape_text("Talks, dinner; a\\b\nnext") == "Talks\\, dinner\\; a\\\\b\\nnext"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Визит в Иннополис — " * 10
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert unfold(folded) == line


def test_escaped_title_in_feed(analyst_client, db):
    factories.VisitFactory(principal=factories.PersonFactory(slug="ada"), title="Talks, dinner; toasts")
    assert (
        "SUMMARY:Talks\\, dinner\\; toasts\r\n"
        in analyst_client.get("/people/ada/visits.ics").content.decode()
    )


def test_location_is_the_first_stops_place_named_venue_city_country(analyst_client, db):
    country = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    region = factories.PlaceFactory(name="Tatarstan", kind=PlaceKind.REGION, parent=country)
    city = factories.PlaceFactory(name="Kazan", kind=PlaceKind.CITY, parent=region)
    venue = factories.PlaceFactory(name="Kazan Expo", kind=PlaceKind.VENUE, parent=city)
    at_venue = factories.VisitFactory(title="At the venue", host_country=country)
    factories.EngagementFactory(visit=at_venue, sequence=1, venue=None)
    factories.EngagementFactory(visit=at_venue, sequence=2, venue=venue)
    factories.EngagementFactory(visit=at_venue, sequence=3, venue=city)
    in_city = factories.VisitFactory(title="In the city", host_country=country)
    factories.EngagementFactory(visit=in_city, venue=city)
    nowhere = factories.VisitFactory(title="No stop", host_country=country)
    by_title = {
        re.search(r"SUMMARY:(.*)\r\n", event)[1]: re.search(r"LOCATION:(.*)\r\n", event)[1]
        for event in events(analyst_client.get("/places/russia/visits.ics").content.decode())
    }
    # Commas are escaped in iCalendar text; the region is left out, as in an address.
    assert by_title == {
        at_venue.title: "Kazan Expo\\, Kazan\\, Russia",
        in_city.title: "Kazan\\, Russia",
        nowhere.title: "Russia",
    }
