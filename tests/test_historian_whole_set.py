"""The whole bundled Office of the Historian set (data/historian/), imported once as `make run`
does: counts equal the XML's, no citation is pinned outside its own record, the read-backs an
analyst would do give the XML's answers, and a second run changes nothing.

Marked `historian_full` (about a minute on SQLite on a loaded 2-core machine, more on
PostgreSQL): it runs in CI; deselect it locally with `-m "not historian_full"`."""

import bisect
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from importers.historian import import_historian
from people.models import Membership
from sources.models import Citation, Identifier, Source
from tests.historian import DATA
from visits.models import Engagement, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.historian_full]


def xml_records():
    """Every record of every bundled file, read with ElementTree: {tag: [element]}."""
    found = {"trip": [], "visit": [], "president": [], "principal": []}
    for path in sorted(DATA.rglob("*.xml")):
        root = ET.parse(path).getroot()
        for tag in found:
            found[tag].extend(root.iter(tag))
    return found


def test_the_whole_bundled_set(analyst_client, row_counts):
    result = import_historian(paths=[DATA])
    assert not result.errors, result.errors
    xml = xml_records()

    # Counts equal the XML's.
    trips, visits = xml["trip"], xml["visit"]
    assert Visit.objects.filter(identifiers__scheme="historian-trip").count() == len(trips) == 4262
    assert Visit.objects.filter(identifiers__scheme="historian-visit").count() == len(visits) == 3264
    terms = len(xml["president"]) + len(xml["principal"])
    assert Membership.objects.filter(attested=False, organisation__country__iso_code="US").count() == terms
    stops = sum(len([p for p in (t.findtext("locale") or "").split(",") if p.strip()]) for t in trips)
    assert Engagement.objects.filter(visit__identifiers__scheme="historian-trip").count() == stops
    people_ids = {t.get("who") for t in trips} | {p.findtext("id") for p in xml["president"]}
    people_ids |= {p.findtext("person-id") for p in xml["principal"]}
    assert (
        set(Identifier.objects.filter(scheme="historian-person").values_list("value", flat=True))
        == people_ids
    )
    assert Source.objects.filter(slug__startswith="historian-").count() == 73

    # No citation is pinned outside its own record.
    check_every_citation()

    # Read-backs give the XML's answers.
    def count(**params):
        response = analyst_client.get("/api/v1/visits/", {**params, "limit": 1})
        assert response.status_code == 200, response.content
        return response.json()["count"]

    from_israel = [v for v in visits if v.find("from").get("id") == "israel"]
    assert count(principal_country="IL") == len(from_israel)
    in_2020s = [v for v in from_israel if "2020-01-01" <= v.findtext("start-date") <= "2024-12-31"]
    assert count(principal_country="IL", date_after="2020", date_before="2024") == len(in_2020s)
    kissinger = [t for t in trips if t.get("who") == "kissinger-henry-a"]
    to_israel = [t for t in kissinger if t.find("country").get("id") == "israel"]
    person = analyst_client.get(
        "/api/v1/people/", {"identifier": "historian-person:kissinger-henry-a"}
    ).json()
    slug = person["results"][0]["slug"]
    assert count(principal=slug) == len(kissinger)
    assert count(principal=slug, country="IL") == len(to_israel)
    in_1974 = [
        t
        for t in kissinger
        if t.findtext("start-date") <= "1974-12-31" <= t.findtext("end-date")
        or t.findtext("start-date").startswith("1974")
    ]
    assert count(principal=slug, date_after="1974", date_before="1974") == len(in_1974)
    camp_david = [r for r in trips + visits if "camp david" in words(r, "remarks", "description", "locale")]
    assert count(q="Camp David") == len(camp_david)

    # A second run changes nothing.
    before = row_counts()
    again = import_historian(paths=[DATA])
    assert not again.changed() and row_counts() == before


def words(record, *fields):
    """The text of these fields of a record, as a reader sees it: every part (an <em> too),
    line breaks and indentation as single spaces, lower case."""
    parts = ["".join(element.itertext()) for name in fields for element in record.findall(name)]
    return " ".join(" ".join(parts).split()).lower()


def check_every_citation():
    """Each historian citation holds its quote at its offsets, inside exactly one record element,
    and that element is the record's own (visits by id, stops by their trip's <locale>, terms by
    their element, attested posts by their visit's <visitor> and date)."""
    visit_ids = dict(
        Identifier.objects.filter(scheme__in=["historian-trip", "historian-visit"]).values_list(
            "object_id", "value"
        )
    )
    stop_visit = dict(Engagement.objects.values_list("pk", "visit_id"))
    stop_title = dict(Engagement.objects.values_list("pk", "title"))
    posts = {
        pk: (attested, start)
        for pk, attested, start in Membership.objects.values_list("pk", "attested", "start_date")
    }
    checked = Counter()
    for source in Source.objects.filter(slug__startswith="historian-"):
        text = source.text
        tag = re.search(r"<(trip|visit|president|principal)[\s>]", text).group(1)
        elements = [m for m in re.finditer(rf"<{tag}[\s>].*?</{tag}>", text, re.S)]
        starts = [m.start() for m in elements]
        for pk, model, object_id, start, end, quote in Citation.objects.filter(source=source).values_list(
            "pk", "content_type__model", "object_id", "start", "end", "quote"
        ):
            assert text[start:end] == quote, pk
            element = elements[bisect.bisect_right(starts, start) - 1]
            assert element.start() <= start and end <= element.end(), f"citation {pk} outside any record"
            own_id = re.search(r"<id>([^<]*)</id>", element.group(0)).group(1)
            if model == "visit":
                assert visit_ids[object_id] == own_id and (start, end) == element.span(), pk
            elif model == "engagement":
                assert visit_ids[stop_visit[object_id]] == own_id, pk
                locale = re.search(r"<locale>(.*?)</locale>", element.group(0), re.S)
                assert element.start() + locale.start(1) <= start and end <= element.start() + locale.end(1)
                assert stop_title[object_id] == quote
            elif model == "membership":
                attested, day = posts[object_id]
                if attested:
                    assert quote == re.search(r"<visitor>(.*?)</visitor>", element.group(0)).group(1)
                    assert day.isoformat() == re.search(
                        r"<start-date>(.*?)</start-date>", element.group(0)
                    ).group(1)
                else:
                    assert (start, end) == element.span(), pk
            checked[model] += 1
    assert checked["visit"] == Visit.objects.filter(identifiers__scheme__startswith="historian-").count()
    assert (
        checked["engagement"]
        == Engagement.objects.filter(visit__identifiers__scheme="historian-trip").count()
    )
    return checked
