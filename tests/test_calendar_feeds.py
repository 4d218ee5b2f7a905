"""Secret calendar feed URLs (issue 13, item 2): made from a person's or place's page, fetched by a
calendar app with no session, showing what their owner may see, revocable, stored as a digest,
good for that one feed and nothing else."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import FeedToken, digest
from common.auth.roles import ANALYSTS
from tests import factories
from visits.models import VisitStatus


@pytest.fixture
def reader(db):
    return factories.UserFactory(username="reader", is_staff=False, groups=[ANALYSTS])


@pytest.fixture
def world(db):
    country = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    person = factories.PersonFactory(slug="ada", name="Ada")
    held = factories.VisitFactory(slug="held", title="Held visit", principal=person, host_country=country)
    draft = factories.VisitFactory(
        slug="draft", title="Draft visit", principal=person, host_country=country, status=VisitStatus.DRAFT
    )
    return {"country": country, "person": person, "held": held, "draft": draft}


def make_feed(client, kind, slug):
    response = client.post("/feeds/", {"kind": kind, "slug": slug})
    assert response.status_code == 201, response.content
    return re.search(
        r'<code id="feed-url" class="secret">http://testserver([^<]+)</code>', response.content.decode()
    )[1]


def session_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_calendar_app_fetches_the_feed_with_no_session(world, reader):
    path = make_feed(session_of(reader), "person", "ada")
    response = Client().get(path)  # no cookies
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "SUMMARY:Held visit" in body
    assert "Draft visit" not in body  # an analyst's feed: drafts hidden, as on their pages
    assert response["Cache-Control"] == "private, max-age=300"
    feed = FeedToken.objects.get(user=reader)
    assert feed.target == world["person"]
    assert timezone.now() - feed.last_used < timedelta(seconds=5)


def test_an_editors_feed_shows_drafts_as_their_pages_do(world):
    path = make_feed(session_of(factories.editor()), "person", "ada")
    assert "SUMMARY:Draft visit" in Client().get(path).content.decode()


def test_a_place_feed_lists_the_visits_the_place_received(world, reader):
    path = make_feed(session_of(reader), "place", "russia")
    body = Client().get(path).content.decode()
    assert "SUMMARY:Held visit" in body and "Draft visit" not in body


def test_only_a_digest_of_the_key_is_stored(world, reader):
    path = make_feed(session_of(reader), "person", "ada")
    key = path.split("/")[2]
    feed = FeedToken.objects.get()
    assert feed.digest == digest(key) and feed.prefix == key[:8]
    assert key not in str(FeedToken.objects.values().get())


def test_a_revoked_feed_stops_working(world, reader):
    client = session_of(reader)
    path = make_feed(client, "person", "ada")
    feed = FeedToken.objects.get()
    profile = client.get("/account/").content.decode()
    assert f"<code>{feed.prefix}…</code>" in profile and ">Ada</a>" in profile
    assert client.post(f"/account/feeds/{feed.pk}/revoke/").status_code == 302
    assert Client().get(path).status_code == 404
    assert b"Calendar feed URL revoked" in client.get("/account/").content


def test_a_password_change_or_an_inactive_owner_ends_the_feed(world, reader):
    path = make_feed(session_of(reader), "person", "ada")
    reader.set_password("another pass phrase 99")
    reader.save()
    assert Client().get(path).status_code == 404
    path = make_feed(session_of(reader), "person", "ada")
    assert Client().get(path).status_code == 200
    reader.is_active = False
    reader.save()
    assert Client().get(path).status_code == 404


def test_an_owner_who_lost_the_view_permission_gets_nothing(world, reader):
    path = make_feed(session_of(reader), "person", "ada")
    reader.groups.clear()
    assert Client().get(path).status_code == 404


def test_a_feed_key_is_good_for_its_feed_only(world, reader):
    path = make_feed(session_of(reader), "person", "ada")
    key = path.split("/")[2]
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/visits/").status_code == 401
    assert Client().get(f"/feeds/{key}x/visits.ics").status_code == 404
    assert Client().get("/feeds/not-a-key/visits.ics").status_code == 404


def test_an_unknown_kind_or_record_or_a_hidden_one_makes_no_feed(world, reader):
    client = session_of(reader)
    response = client.post("/feeds/", {"kind": "visit", "slug": "held"})
    assert response.status_code == 400
    assert response.content.decode() == "kind: must be one of person, place, not 'visit'."
    assert client.post("/feeds/", {"kind": "person", "slug": "nobody"}).status_code == 404
    # A person who appears only in drafts is hidden from an analyst.
    hidden = factories.PersonFactory(slug="hidden")
    factories.VisitFactory(principal=hidden, status=VisitStatus.DRAFT)
    assert client.post("/feeds/", {"kind": "person", "slug": "hidden"}).status_code == 404
    assert not FeedToken.objects.exists()


def test_making_a_feed_needs_a_session_and_a_post(world):
    response = Client().post("/feeds/", {"kind": "person", "slug": "ada"})
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert session_of(factories.analyst()).get("/feeds/").status_code == 405
    assert not FeedToken.objects.exists()


def test_the_pages_offer_a_feed_url_to_signed_in_users(world, reader):
    client = session_of(reader)
    for url, kind in (("/people/ada/", "person"), ("/places/russia/", "place")):
        page = client.get(url).content.decode()
        assert 'action="/feeds/"' in page and f'name="kind" value="{kind}"' in page


def test_a_feed_runs_a_fixed_number_of_queries(world, reader, django_assert_num_queries):
    path = make_feed(session_of(reader), "person", "ada")
    venue = factories.PlaceFactory(parent=world["country"])
    factories.EngagementFactory(visit=world["held"], venue=venue)
    calendar_app = Client()

    def fetch(visits, *, first=False):
        # the feed's key, its owner's permissions and their groups' permissions, the person, last
        # used (written at most once a minute), the visits, their first stops' places, the places
        # above them (LOCATION)
        with django_assert_num_queries(8 if first else 7):
            response = calendar_app.get(path)
        assert response.content.count(b"BEGIN:VEVENT") == visits

    fetch(1, first=True)
    for n in range(20):
        visit = factories.VisitFactory(
            slug=f"more-{n}", principal=world["person"], host_country=world["country"]
        )
        factories.EngagementFactory(visit=visit, venue=venue)
    fetch(21)
