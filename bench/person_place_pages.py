"""Person and place pages with a long history against the same pages with a short one (issue 17,
item 3: the heavy page <= 1.5x the light one).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/person_place_pages.py

On a generated database (docs/performance.md, "How to reproduce"), adds the heavy and light
pairs of bench/fixtures.py once (5,000 and 10 visits, 4 or 5 stops each, the person at every
stop: 22,500 participations for the heavy person), then times each page for the heavy and the
light record alternately, median of `--runs` after a warm-up, through django.test.Client as the
bench editor (sees drafts) and as the bench analyst (drafts hidden). "warm": the aggregates'
cache (a person's map and network, 60 s) holds what the previous fetch put there, as between two
readers; "cold": the cache is cleared before every fetch. The last lines time the pages' own two
reads (count, page of ids) as plain SQL on the appearances table. It prints; it never fails on a
figure.
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

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import fixtures  # noqa: E402
from visits.models import Participant, Visit  # noqa: E402

TARGET = 1.5


def median_ms(runs, **fns):
    """Median milliseconds of each function, timed alternately, after one warm-up each."""
    for fn in fns.values():
        fn()
    times = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def fetch(client, url, *, cold):
    def get():
        if cold:
            cache.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")

    return get


def plain_sql(column, record_id):
    """The page's two reads as plain SQL: the count and page 2's ids."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM visits_appearance WHERE {column} = %s", [record_id])
            cursor.fetchone()
            cursor.execute(
                f"SELECT visit_id FROM visits_appearance WHERE {column} = %s"
                " ORDER BY start_date DESC, slug LIMIT 50 OFFSET 50",
                [record_id],
            )
            cursor.fetchall()

    return run


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    heavy_person, heavy_place = fixtures.person_and_place(fixtures.HEAVY)
    light_person, light_place = fixtures.person_and_place(fixtures.LIGHT)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    participations = Participant.objects.filter(person=heavy_person).count()
    print(
        f"{Visit.objects.count():,} visits; heavy person: {participations:,} participations; "
        f"median of {args.runs} after a warm-up, heavy and light alternately"
    )
    print(f"{'page':34} {'heavy ms':>9} {'light ms':>9} {'ratio':>7}  target <= {TARGET}x")
    users = {"editor": fixtures.editor(), "analyst": fixtures.analyst()}
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for cold in (False, True):
            for kind, heavy, light in (
                ("person", heavy_person, light_person),
                ("place", heavy_place, light_place),
            ):
                ms = median_ms(
                    args.runs,
                    heavy=fetch(client, heavy.get_absolute_url(), cold=cold),
                    light=fetch(client, light.get_absolute_url(), cold=cold),
                )
                label = f"{kind} page, {who}, {'cold' if cold else 'warm'}"
                ratio = ms["heavy"] / ms["light"]
                print(f"{label:34} {ms['heavy']:9.1f} {ms['light']:9.1f} {ratio:6.2f}x")
    for kind, column, heavy, light in (
        ("person", "person_id", heavy_person, light_person),
        ("place", "place_id", heavy_place, light_place),
    ):
        ms = median_ms(args.runs, heavy=plain_sql(column, heavy.pk), light=plain_sql(column, light.pk))
        label = f"{kind}: count + page ids, plain SQL"
        print(f"{label:34} {ms['heavy']:9.2f} {ms['light']:9.2f} {ms['heavy'] / ms['light']:6.2f}x")


if __name__ == "__main__":
    main()
