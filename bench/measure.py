"""In-process figures for one database (DATABASE_URL); run by bench/run.py, prints JSON.

Each figure is the median of `--runs` timings after one warm-up; figures that are compared
(e.g. the API list and its SQL limit) are timed alternately so both see the same machine.
"""

import argparse
import base64
import io
import json
import os
import runpy
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
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench import fixtures, raw  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from visits.models import Participant, Visit  # noqa: E402


class Rollback(Exception):
    pass


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def medians(runs, **fns):
    """Median milliseconds of each function, timed alternately, after one warm-up each."""
    for fn in fns.values():
        fn()
    times = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            times[name].append(timed(fn))
    return {name: round(statistics.median(values), 2) for name, values in times.items()}


def getter(client, url, *, before=None):
    def get():
        if before:
            before()
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response.content

    return get


def cursor_token(position):
    """The cursor-mode `next` token of the page starting after row `position` (order: start_date, id)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT start_date, id FROM visits_visit ORDER BY start_date, id OFFSET %s LIMIT 1", [position]
        )
        start_date, pk = cursor.fetchone()
    return base64.urlsafe_b64encode(json.dumps(["next", [str(start_date), str(pk)]]).encode()).decode()


def rows_written(fn):
    """Rows/s of `fn` (which returns rows written), rolled back so the database is left as it was."""
    result = {}

    def run():
        try:
            with transaction.atomic():
                start = time.perf_counter()
                rows = fn()
                result["seconds"] = time.perf_counter() - start
                result["rows"] = rows
                raise Rollback
        except Rollback:
            pass

    run()
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pairs", action="store_true", help="also the heavy/light person and place pages")
    parser.add_argument("--writes", action="store_true", help="also import and generate throughput")
    parser.add_argument("--no-reads", action="store_true", help="only the --writes figures")
    args = parser.parse_args()
    # As each gunicorn worker does once it has loaded the app.
    runpy.run_path(str(ROOT / "gunicorn.conf.py"))["tune_garbage_collector"]()
    figures = {"visits": Visit.objects.count()}
    if not args.no_reads:
        reads(figures, args.runs, pairs=args.pairs)
    if args.writes:
        writes(figures, args.runs)
    print(json.dumps(figures))


def reads(figures, runs, *, pairs):
    client = Client()
    client.force_login(fixtures.editor())
    get = lambda url: getter(client, url)  # noqa: E731

    figures.update(
        medians(
            runs,
            api_list=get("/api/v1/visits/?limit=100"),
            raw_list=lambda: raw.visit_list_body("limit=100"),
            plain_viewset=get("/bench/plain/visits/?limit=100"),
        )
    )
    deep = min(500_000, figures["visits"] // 2)
    figures["cursor_position"] = deep
    figures.update(
        medians(
            runs,
            cursor_first=get("/api/v1/visits/?pagination=cursor&limit=100"),
            cursor_deep=get(f"/api/v1/visits/?pagination=cursor&limit=100&cursor={cursor_token(deep)}"),
        )
    )
    sample = Visit.objects.order_by("-start_date", "slug").first()
    country = sample.host_country.iso_code
    participant = Participant.objects.filter(person__isnull=False).order_by("-pk").first().person.slug
    figures.update(
        medians(
            runs,
            visit_detail=get(f"/api/v1/visits/{sample.pk}/"),
            list_country=get(f"/api/v1/visits/?limit=100&country={country}"),
            list_dates=get("/api/v1/visits/?limit=100&date_after=2020-01-01&date_before=2020-12-31"),
            list_participant=get(f"/api/v1/visits/?limit=100&participant={participant}"),
        )
    )
    figures.update(
        medians(
            runs,
            list_q=get("/api/v1/visits/?limit=100&q=Nadia%20Weber"),
            # A word in most visits' titles: the trigram indexes cannot narrow it down.
            list_q_common=get("/api/v1/visits/?limit=100&q=visit"),
        )
    )
    uncached = lambda url: getter(client, url, before=cache.clear)  # noqa: E731
    figures.update(
        medians(
            runs,
            agg_country=uncached("/api/v1/visits/stats/by-country/"),
            agg_year=uncached("/api/v1/visits/stats/by-year/"),
            agg_pairs=uncached(f"/api/v1/visits/who-met-whom/?country={country}"),
        )
    )
    # Apart from the uncached ones, which clear the cache before every request.
    figures.update(medians(runs, agg_country_cached=get("/api/v1/visits/stats/by-country/")))
    figures.update(
        medians(
            runs,
            admin_changelist=get("/admin/visits/visit/"),
            admin_change=get(f"/admin/visits/visit/{sample.pk}/change/"),
        )
    )
    analyst = Client()
    analyst.force_login(fixtures.analyst())
    figures.update(medians(runs, admin_changelist_analyst=getter(analyst, "/admin/visits/visit/")))
    if pairs:
        heavy_person, heavy_place = fixtures.person_and_place(fixtures.HEAVY)
        light_person, light_place = fixtures.person_and_place(fixtures.LIGHT)
        figures.update(
            medians(
                runs,
                person_heavy=get(f"/people/{heavy_person.slug}/"),
                person_light=get(f"/people/{light_person.slug}/"),
                place_heavy=get(f"/places/{heavy_place.slug}/"),
                place_light=get(f"/places/{light_place.slug}/"),
            )
        )


def writes(figures, runs):
    """Rows per second of the dossier import and of generate_data, each rolled back."""
    dossier = ROOT / "data" / "reports" / "innopolis-2021-04-30.yaml"

    def import_dossier():
        out = io.StringIO()
        call_command("import_dossier", str(dossier), stdout=out)
        return out.getvalue()

    results = [rows_written(lambda: _count_created(import_dossier())) for _ in range(runs)]
    figures["import_rows_per_s"] = round(statistics.median(r["rows"] / r["seconds"] for r in results))
    figures["import_rows"] = results[0]["rows"]
    results = [
        rows_written(lambda n=n: sum(generate(visits=2000, seed=900 + n, progress=lambda _: None).values()))
        for n in range(3)
    ]
    figures["generate_rows_per_s"] = round(statistics.median(r["rows"] / r["seconds"] for r in results))


def _count_created(output):
    """Rows the dossier import wrote: its "N created, N updated" lines summed."""
    total = 0
    for line in output.splitlines():
        words = line.replace(",", " ").split()
        total += sum(
            int(n)
            for n, word in zip(words, words[1:], strict=False)
            if word in ("created", "updated") and n.isdigit()
        )
    return total


if __name__ == "__main__":
    main()
