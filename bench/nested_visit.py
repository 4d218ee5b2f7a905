"""Requests and seconds to enter one four-stop visit (6 participants, 7 quotes) through the API:
one request per record, as before issue 12, against one request carrying the whole visit.

    DATABASE_URL=sqlite:////tmp/bench_nested.sqlite3 .venv/bin/python bench/nested_visit.py [--runs 7]

Migrates the database it is given, adds the few records the visit refers to, then times each way
`--runs` times (after one warm-up), in-process through Django's test client as an editor (so the
figures are the server's work, without the network), each run rolled back. Prints the medians;
nothing passes or fails on time.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench_nested.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench import fixtures  # noqa: E402
from people.models import Person  # noqa: E402
from places.models import Place, PlaceKind  # noqa: E402
from sources.models import Source  # noqa: E402

TEXT = (
    "The Prime Minister arrived in Kazan. He opened the exhibition at Kazan Expo. "
    "Then he toured the technopark with the Mayor. At the university he met students. "
    "Finally he met the President of Tatarstan."
)
VISIT = {
    "title": "Working visit to Tatarstan",
    "principal": "bench-principal",
    "kind": "working",
    "host_country": "bench-country",
    "start": "2021-04-30",
    "status": "held",
}
# (stop, [(participant, [quotes])], [quotes]); the visit's own quote first.
VISIT_QUOTES = ["The Prime Minister arrived in Kazan."]
STOPS = [
    (
        {"title": "Opening of the exhibition", "date": "2021-04-30", "venue": "bench-city"},
        [({"person": "bench-principal", "role": "principal"}, ["The Prime Minister"])],
        ["He opened the exhibition at Kazan Expo."],
    ),
    (
        {"title": "Tour of the technopark"},
        [
            ({"person": "bench-principal", "role": "principal"}, []),
            ({"person": "bench-mayor", "role": "presenter", "title_as_stated": "Mayor"}, []),
        ],
        ["Then he toured the technopark with the Mayor."],
    ),
    (
        {"title": "Meeting with students"},
        [({"name_as_stated": "students", "role": "counterpart"}, [])],
        ["At the university he met students."],
    ),
    (
        {"title": "Meeting with the President of Tatarstan"},
        [
            ({"person": "bench-principal", "role": "principal"}, []),
            ({"person": "bench-president", "role": "host"}, ["the President of Tatarstan"]),
        ],
        ["Finally he met the President of Tatarstan."],
    ),
]


class Rollback(Exception):
    pass


def world():
    country, _ = Place.objects.get_or_create(
        slug="bench-country", defaults={"name": "Benchland", "kind": PlaceKind.COUNTRY, "iso_code": "XB"}
    )
    Place.objects.get_or_create(
        slug="bench-city", defaults={"name": "Bench City", "kind": PlaceKind.CITY, "parent": country}
    )
    for slug in ("bench-principal", "bench-mayor", "bench-president"):
        Person.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").title()})
    Source.objects.get_or_create(slug="bench-report", defaults={"title": "Bench report", "text": TEXT})


def quote(text):
    return {"source": "bench-report", "quote": text}


class Counting:
    """A client that counts its requests and fails on any answer but 201."""

    def __init__(self, client):
        self.client, self.requests = client, 0

    def post(self, url, body):
        self.requests += 1
        response = self.client.post(url, body, content_type="application/json")
        if response.status_code != 201:
            raise SystemExit(f"{url}: HTTP {response.status_code}: {response.content[:300]!r}")
        return response.json()


def one_request_per_record(api, n):
    """As the API took it before: the visit, then each stop, participant and quote on its own."""
    visit = api.post("/api/v1/visits/", {**VISIT, "slug": f"bench-visit-{n}"})

    def cite(record_type, record_id, quotes):
        for text in quotes:
            api.post(
                "/api/v1/citations/", {**quote(text), "record_type": record_type, "record_id": record_id}
            )

    cite("visits.visit", visit["id"], VISIT_QUOTES)
    for sequence, (stop, participants, quotes) in enumerate(STOPS, start=1):
        engagement = api.post("/api/v1/engagements/", {**stop, "visit": visit["id"], "sequence": sequence})
        cite("visits.engagement", engagement["id"], quotes)
        for participant, participant_quotes in participants:
            written = api.post("/api/v1/participants/", {**participant, "engagement": engagement["id"]})
            cite("visits.participant", written["id"], participant_quotes)


def one_request(api, n):
    """The whole visit in one body (issue 12, item 8)."""
    api.post(
        "/api/v1/visits/",
        {
            **VISIT,
            "citations": [quote(text) for text in VISIT_QUOTES],
            "engagements": [
                {
                    **stop,
                    "citations": [quote(text) for text in quotes],
                    "participants": [
                        {**participant, "citations": [quote(text) for text in participant_quotes]}
                        for participant, participant_quotes in participants
                    ],
                }
                for stop, participants, quotes in STOPS
            ],
        },
    )


def timed(way, client, n):
    api = Counting(client)
    try:
        with transaction.atomic():
            start = time.perf_counter()
            way(api, n)
            seconds = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return api.requests, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    world()
    client = Client()
    client.force_login(fixtures.editor())
    figures = {}
    for name, way in (("one request per record", one_request_per_record), ("one request", one_request)):
        timed(way, client, 0)  # warm-up
        runs = [timed(way, client, n) for n in range(1, args.runs + 1)]
        requests = runs[0][0]
        seconds = statistics.median(seconds for _requests, seconds in runs)
        figures[name] = (requests, seconds)
        print(f"{name:>24}: {requests:3d} requests, {seconds:.3f} s (median of {args.runs})")
    before, after = figures["one request per record"], figures["one request"]
    print(f"{'':>24}  {before[0] / after[0]:.0f}x fewer requests, {before[1] / after[1]:.1f}x less time")


if __name__ == "__main__":
    main()
