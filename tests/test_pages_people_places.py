"""Person, organisation and place pages: posts as bands, the visits they made, hosted or received."""

import datetime
import json
import re

import pytest

from common.partial_dates import DatePrecision
from pages.helpers import PAGE_SIZE, paginate_ids
from places.models import PlaceFact, PlaceKind
from tests import factories
from visits.models import VisitStatus
from visits.selectors import visit_rows


def timeline_items(content):
    match = re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', content)
    return {item["id"]: item for item in json.loads(match.group(1))["items"]}


def listed(content):
    return re.findall(r'<li class="visit-row" data-visit="([^"]+)"', content)


def test_seeded_person_page_shows_the_visit_and_the_acting_post(seeded, analyst_client):
    content = analyst_client.get("/people/nikol-pashinyan/").content.decode()
    assert listed(content) == ["pashinyan-innopolis-2021-04-30"]
    post = content.split('<li class="post acting">')[1].split("</li>")[0]
    assert "Prime Minister" in post
    assert '<span class="badge acting">acting</span>' in post
    # Start and end are not known: said plainly, and drawn on the day the report attests the post.
    assert "dates unknown (attested 30 April 2021)" in post
    band = next(item for item in timeline_items(content).values() if item["id"].startswith("post-"))
    assert band["className"] == "band acting start-unknown end-unknown"
    assert (band["start"], band["end"]) == ("2021-04-30", "2021-05-01")
    assert band["group"] == "posts"


def test_post_with_partial_dates_is_drawn_over_whole_periods(analyst_client, db):
    person = factories.PersonFactory(slug="ada")
    post = factories.MembershipFactory(
        person=person,
        title="Minister",
        start_date=datetime.date(2018, 5, 1),
        start_precision=DatePrecision.MONTH,
        end_date=datetime.date(2021, 1, 1),
        end_precision=DatePrecision.YEAR,
    )
    content = analyst_client.get("/people/ada/").content.decode()
    assert "May 2018 – 2021" in content
    band = timeline_items(content)[f"post-{post.pk}"]
    assert (band["start"], band["end"]) == ("2018-05-01", "2022-01-01")
    assert band["className"] == "band"


def test_post_without_dates_or_sources_is_listed_but_not_drawn(analyst_client, db):
    person = factories.PersonFactory(slug="ada")
    factories.MembershipFactory(person=person, title="Adviser", start_date=None)
    factories.VisitFactory(principal=person, slug="one")
    content = analyst_client.get("/people/ada/").content.decode()
    assert "Adviser" in content
    assert "dates unknown" in content
    assert not any(key.startswith("post-") for key in timeline_items(content))


def test_person_page_lists_visits_made_and_visits_taken_part_in(analyst_client, db):
    ada = factories.PersonFactory(slug="ada")
    factories.VisitFactory(slug="made", principal=ada, start_date=datetime.date(2021, 1, 1))
    factories.ParticipantFactory(
        person=ada, engagement__visit__slug="joined", engagement__visit__start_date=datetime.date(2020, 1, 1)
    )
    factories.VisitFactory(slug="other")
    content = analyst_client.get("/people/ada/").content.decode()
    assert listed(content) == ["made", "joined"]
    made, joined = content.split('<li class="visit-row"')[1:]
    assert '<span class="badge">principal</span>' in made
    assert '<span class="badge">took part</span>' in joined


def test_place_page_includes_visits_to_places_below_it(analyst_client, db):
    country = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    city = factories.PlaceFactory(name="Kazan", slug="kazan", parent=country)
    venue = factories.PlaceFactory(name="Expo", slug="expo", kind=PlaceKind.VENUE, parent=city)
    other_venue = factories.PlaceFactory(name="Hall", slug="hall", kind=PlaceKind.VENUE, parent=city)
    factories.EngagementFactory(visit__slug="at-expo", visit__host_country=country, venue=venue)
    factories.EngagementFactory(visit__slug="at-hall", visit__host_country=country, venue=other_venue)
    factories.VisitFactory(slug="no-stops", host_country=country)
    factories.VisitFactory(slug="elsewhere", host_country=factories.CountryFactory(iso_code="FR"))
    assert sorted(listed(analyst_client.get("/places/expo/").content.decode())) == ["at-expo"]
    assert sorted(listed(analyst_client.get("/places/kazan/").content.decode())) == ["at-expo", "at-hall"]
    # A country also received the visits it hosted, wherever their stops were recorded.
    assert sorted(listed(analyst_client.get("/places/russia/").content.decode())) == [
        "at-expo",
        "at-hall",
        "no-stops",
    ]


def test_seeded_place_page_shows_its_facts_and_where_it_lies(seeded, analyst_client):
    content = analyst_client.get("/places/innopolis/").content.decode()
    facts = PlaceFact.objects.filter(place__slug="innopolis")
    assert facts.count() > 0
    for fact in facts:
        assert fact.value_display in content
    assert "3,800 inhabitants" in content
    assert 'href="/places/tatarstan/"' in content and 'href="/places/russia/"' in content
    assert listed(content) == ["pashinyan-innopolis-2021-04-30"]


def test_organisation_page_lists_members_and_hosted_stops(seeded, analyst_client):
    content = analyst_client.get("/organisations/innopolis-city-administration/").content.decode()
    assert 'href="/people/ruslan-shigaleyev/">Ruslan Shigaleyev</a>: Mayor' in content
    assert 'href="/visits/pashinyan-innopolis-2021-04-30/#engagement-2">Tour of Innopolis</a>' in content
    items = timeline_items(content)
    assert any(item["group"] == "hosted" and item["start"] == "2021-04-30" for item in items.values())


@pytest.mark.parametrize("url", ["/people/nikol-pashinyan/", "/places/innopolis/"])
def test_pages_link_to_their_calendar_feed(seeded, analyst_client, url):
    assert f'href="{url}visits.ics"' in analyst_client.get(url).content.decode()


@pytest.mark.parametrize(
    "url, admin_path",
    [
        ("/people/nikol-pashinyan/", "/admin/people/person/"),
        ("/organisations/innopolis-city-administration/", "/admin/people/organisation/"),
        ("/places/innopolis/", "/admin/places/place/"),
    ],
)
def test_edit_link_for_editors_only(seeded, editor_client, analyst_client, url, admin_path):
    assert f'class="edit-link" href="{admin_path}' in editor_client.get(url).content.decode()
    assert 'class="edit-link"' not in analyst_client.get(url).content.decode()


@pytest.mark.parametrize("url", ["/people/ada/", "/places/atlantis/"])
def test_person_and_place_pages_page_their_visits_newest_first(analyst_client, db, url):
    ada = factories.PersonFactory(slug="ada")
    atlantis = factories.CountryFactory(slug="atlantis", iso_code="AQ")
    first = datetime.date(2000, 1, 1)
    for n in range(PAGE_SIZE + 5):
        visit = factories.VisitFactory(
            slug=f"v{n:03}",
            principal=ada,
            host_country=atlantis,
            start_date=first + datetime.timedelta(days=n),
        )
        # A visit the person made and also took part in is listed once.
        factories.ParticipantFactory(person=ada, engagement__visit=visit)
    factories.VisitFactory(
        slug="a-draft", principal=ada, host_country=atlantis, status=VisitStatus.DRAFT, start_date=first
    )
    newest_first = [f"v{n:03}" for n in reversed(range(PAGE_SIZE + 5))]

    page_one = analyst_client.get(url).content.decode()
    page_two = analyst_client.get(url, {"page": 2}).content.decode()

    assert listed(page_one) == newest_first[:PAGE_SIZE]
    assert listed(page_two) == newest_first[PAGE_SIZE:]
    assert f'<span class="count">({PAGE_SIZE + 5})</span>' in page_one
    timeline = [item["url"].strip("/").split("/")[-1] for item in timeline_items(page_two).values()]
    assert sorted(timeline) == sorted(newest_first[PAGE_SIZE:])
    # A page past the end or not a number shows the nearest page, as on the visit list.
    assert listed(analyst_client.get(url, {"page": 99}).content.decode()) == newest_first[PAGE_SIZE:]
    assert listed(analyst_client.get(url, {"page": "x"}).content.decode()) == newest_first[:PAGE_SIZE]


def test_a_visit_deleted_between_the_two_reads_is_left_out_of_the_page(db, rf):
    kept, deleted = factories.VisitFactory(slug="kept"), factories.VisitFactory(slug="deleted")
    ids = [deleted.pk, kept.pk]
    deleted.delete()  # after its id was read, before the page's rows are
    page = paginate_ids(rf.get("/people/ada/"), ids, read_rows=visit_rows)
    assert [visit.slug for visit in page] == ["kept"]
    assert page.paginator.count == 2  # the count read with the ids
