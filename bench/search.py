"""Search and index pages at scale: server time of the search backend per kind of record, of the
/search/ page and of the index pages, for a common word, a rarer one and a name prefix, beside
the visit list's own text filter (`/?q=`, substring search over every visit) as the baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1m .venv/bin/python bench/search.py [--runs 5]

The database needs the search indexes (`manage.py migrate`; on a big database creating them
takes a while). Figures are medians of `--runs` after one warm-up, fetched through
django.test.Client as an analyst (drafts hidden). It prints; it never fails on a figure.
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

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from common.auth.roles import ANALYSTS  # noqa: E402
from people.models import Person  # noqa: E402
from search import backend  # noqa: E402
from visits.models import Visit  # noqa: E402


def median_ms(action, runs):
    action()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def analyst_client():
    user, created = User.objects.get_or_create(username="bench-search-analyst")
    if created:
        user.groups.add(Group.objects.get(name=ANALYSTS))
    client = Client()
    client.force_login(user)
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    client = analyst_client()
    name = Person.objects.order_by("pk").values_list("name", flat=True).first() or "a"
    prefix = name.split()[-1][:4]
    print(f"{connection.vendor}: {Visit.objects.count():,} visits, {Person.objects.count():,} people\n")

    print(f"{'backend: ranked ids':<44} {'ms':>8}")
    for text, kind in [
        ("visit", "visit"),
        ("summit", "visit"),
        (prefix, "person"),
        ("a", "place"),
        ("report", "source"),
    ]:
        found = backend.search_ids(text, kind)
        ms = median_ms(lambda text=text, kind=kind: backend.search_ids(text, kind), args.runs)
        label = f"{kind} q={text!r} ({len(found.ids)}{'+' if found.more else ''} ids)"
        print(f"{label:<44} {ms:>8.1f}")

    print(f"\n{'page':<44} {'ms':>8} {'KB':>7}")
    pages = [
        ("/search/?q=visit", "search, a common word"),
        (f"/search/?q={prefix}", f"search, a name prefix ({prefix})"),
        ("/search/?q=visit&kind=visit&page=3", "search, visits only, page 3"),
        ("/?q=visit", "baseline: visit list's text filter"),
        ("/people/", "people index"),
        ("/people/?sort=visits", "people index, most visits first"),
        ("/places/", "places index (countries)"),
        ("/places/?sort=visits", "places index, most visits first"),
        ("/organisations/", "organisations index"),
        ("/sources/", "sources index"),
        (f"/search/suggest/?kind=person&q={prefix}", "autocomplete of a name"),
    ]
    figures = {}
    for url, label in pages:
        response = client.get(url)
        ms = median_ms(lambda url=url: client.get(url), args.runs)
        figures[url] = ms
        print(f"{label:<44} {ms:>8.1f} {len(response.content) / 1024:>7.1f}  ({response.status_code} {url})")
    ratio = figures["/?q=visit"] / figures["/search/?q=visit"]
    print(f"\nq=visit: the search page takes 1/{ratio:.1f} of the visit list's text filter's time")


if __name__ == "__main__":
    main()
