"""The API against the raw endpoint (bench/raw.py), in-process, figure by figure (issue 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govvisits_bench \\
        .venv/bin/python bench/raw_compare.py --runs 15
        .venv/bin/python bench/raw_compare.py --runs 15 --drf-lists   # lists written by DRF
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1m \\
        .venv/bin/python bench/raw_compare.py --runs 5 --rollback     # writes nothing that stays

For each figure the API's body (Django's test client, logged in as the bench editor) and the
raw body are first checked byte for byte (a figure whose bodies differ is reported, not timed),
then timed alternately, A and B, and the medians and their ratio printed. Prints; never fails.
"""

import argparse
import os
import runpy
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench import fixtures, raw  # noqa: E402
from visits.models import Visit  # noqa: E402


def figures():
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    # The busiest country and year: a filtered page of up to 100 rows, not of a handful.
    busiest = (
        Visit.objects.annotate(year=ExtractYear("start_date"))
        .values("host_country__iso_code", "year")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    country, year = busiest["host_country__iso_code"], busiest["year"]
    name = Visit.objects.order_by("-start_date", "slug").first().principal.name
    return [
        ("API list, 100 full rows", "limit=100", lambda q: raw.visit_list_body(q)),
        (
            f"List filtered by country and year ({country}, {year})",
            f"limit=100&country={country}&date_after={year}-01-01&date_before={year}-12-31",
            lambda q: raw.visit_list_body(q),
        ),
        (
            f"Name search ({name})",
            "limit=100&q=" + name.replace(" ", "%20"),
            lambda q: raw.visit_list_body(q),
        ),
        ("Visits per country (uncached)", None, lambda q: raw.by_country_body()),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--queryset-path",
        action="store_true",
        help="the visit list through its queryset's joins and prefetches, as before issue 17",
    )
    parser.add_argument(
        "--drf-lists",
        action="store_true",
        help="lists written by DRF's to_representation, not by the compiled serializers",
    )
    parser.add_argument(
        "--rollback",
        action="store_true",
        help="for a database not to be written to (bench_1m): the bench user and the client's "
        "session are made in a transaction rolled back at the end",
    )
    args = parser.parse_args()
    if args.rollback:
        with transaction.atomic():
            try:
                compare(args)
            finally:
                transaction.set_rollback(True)
    else:
        compare(args)


def compare(args):
    if args.queryset_path:
        from visits.api.views import VisitViewSet

        VisitViewSet.read_lists_by_id = False
    if args.drf_lists:
        from rest_framework.serializers import ListSerializer

        from common.api.compiled import CompiledList
        from common.api.views import RecordViewSet

        RecordViewSet.compile_lists = False
        CompiledList.to_representation = ListSerializer.to_representation
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))["tune_garbage_collector"]()
    client = Client()
    client.force_login(fixtures.editor())
    load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    print(f"{Visit.objects.count():,} visits, median of {args.runs} alternate runs, {load}")
    print(f"{'figure':<60} {'API ms':>8} {'raw ms':>8} {'ratio':>7}")
    for label, query, raw_body in figures():
        path = f"/api/v1/visits/?{query}" if query else "/api/v1/visits/stats/by-country/"

        def api(path=path):
            cache.clear()  # the aggregates' cache; the list has none
            return client.get(path).content

        def baseline(raw_body=raw_body, query=query):
            cache.clear()
            return raw_body(query)

        if api() != baseline():
            print(f"{label:<60} bodies differ: not timed")
            continue
        api_times, raw_times = [], []
        for _ in range(args.runs):
            for fn, times in ((api, api_times), (baseline, raw_times)):
                start = time.perf_counter()
                fn()
                times.append((time.perf_counter() - start) * 1000)
        a, b = statistics.median(api_times), statistics.median(raw_times)
        print(f"{label:<60} {a:>8.1f} {b:>8.1f} {a / b:>6.2f}x")
    print("at the end, load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
