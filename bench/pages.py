"""Page weight and server time of every reader page type, on a database holding real data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_historian .venv/bin/python bench/pages.py [--runs 5]

Prepare the database once (docs/performance.md, "Reader pages"): migrate, `seed`, then
`import_historian` (the Office of the Historian's 7,526 visits). For each page type the script
picks a real record (the person with most visits, the country that received most, ...), fetches
the page through django.test.Client as an analyst (created here if missing; drafts hidden) and
prints the HTML's size and the median server time (one warm-up, then `--runs`), against the
targets of issue 15: <= 150 KB of HTML and <= 300 ms. It prints; it never fails on a figure.
The aggregate cache is cleared before every fetch, so each time includes the aggregates' queries.
"""

import argparse
import contextlib
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
from django.core.cache import cache  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from common.auth.roles import ANALYSTS  # noqa: E402
from people.models import Organisation, Person  # noqa: E402
from places.models import Place, PlaceKind  # noqa: E402
from visits.models import Visit  # noqa: E402

WEIGHT_TARGET_KB = 150
TIME_TARGET_MS = 300


def analyst_client():
    user, created = User.objects.get_or_create(username="bench-pages-analyst")
    if created:
        user.groups.add(Group.objects.get(name=ANALYSTS))
    client = Client()
    client.force_login(user)
    return client


def page_urls():
    """(page type, URL) for each reader page, on the records with the most to show."""
    busiest_person = Person.objects.annotate(n=Count("visits_as_principal")).order_by("-n").first()
    busiest_country = (
        Place.objects.filter(kind=PlaceKind.COUNTRY).annotate(n=Count("visits_hosted")).order_by("-n").first()
    )
    city = Place.objects.filter(kind=PlaceKind.CITY).annotate(n=Count("children")).order_by("-n").first()
    venue = Place.objects.filter(kind=PlaceKind.VENUE).first()
    visit = Visit.objects.annotate(n=Count("engagements")).order_by("-n").first()
    organisation = Organisation.objects.annotate(n=Count("memberships")).order_by("-n").first()
    first_day = Visit.objects.order_by("start_date").values_list("start_date", flat=True).first()
    year = first_day.year + 150  # a year of the Historian's data with a few hundred visits
    urls = [
        ("home (all visits)", reverse("visits:visit-list")),
        ("home, one country", f"{reverse('visits:visit-list')}?country={busiest_country.slug}"),
        ("home, one year", f"{reverse('visits:visit-list')}?date_after={year}&date_before={year}"),
        ("home, text search", f"{reverse('visits:visit-list')}?q=visit"),
        ("visit", visit.get_absolute_url()),
        ("person (most visits)", busiest_person.get_absolute_url()),
        ("country (most received)", busiest_country.get_absolute_url()),
        ("city", city.get_absolute_url() if city else ""),
        ("venue", venue.get_absolute_url() if venue else ""),
        ("organisation", organisation.get_absolute_url()),
        ("network (50 pairs)", reverse("visits:network")),
        ("network (250 pairs)", f"{reverse('visits:network')}?pairs=250"),
        ("network, one country", f"{reverse('visits:network')}?country={busiest_country.slug}"),
    ]
    for name in (
        "people:person-list",
        "places:place-list",
        "people:organisation-list",
        "sources:source-list",
    ):
        with contextlib.suppress(NoReverseMatch):  # index pages another issue adds
            urls.append((name.split(":")[1].replace("-", " "), reverse(name)))
    with contextlib.suppress(NoReverseMatch):
        urls.append(("people list, by visits", f"{reverse('people:person-list')}?sort=visits"))
        urls.append(("places list, by visits", f"{reverse('places:place-list')}?sort=visits"))
    return [(kind, url) for kind, url in urls if url]


def measure(client, url, runs):
    def fetch():
        cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        return response, (time.perf_counter() - started) * 1000

    response, _ = fetch()  # warm-up
    times = [fetch()[1] for _ in range(runs)]
    return response.status_code, len(response.content), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", help="page types containing this text (repeatable)")
    args = parser.parse_args()
    client = analyst_client()
    print(f"{Visit.objects.count():,} visits; median of {args.runs} runs after a warm-up; analyst's view")
    header = ("page type", "status", "HTML KB", "x target", "server ms", "x target")
    print("{:26} {:>6} {:>8} {:>8} {:>10} {:>8}  URL".format(*header))
    for kind, url in page_urls():
        if args.only and not any(part in kind for part in args.only):
            continue
        status, size, ms = measure(client, url, args.runs)
        kb = size / 1024
        weight, time_ = kb / WEIGHT_TARGET_KB, ms / TIME_TARGET_MS
        print(f"{kind:26} {status:>6} {kb:8.1f} {weight:8.2f} {ms:10.1f} {time_:8.2f}  {url}")


if __name__ == "__main__":
    main()
