import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.synthetic import AlreadyGenerated, generate


class Command(BaseCommand):
    help = (
        "Fill the database with deterministic synthetic visits for benchmarks: real countries, "
        "thousands of people with posts, venues under cities, 1-8 engagements per visit, citations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--visits", type=int, required=True, help="How many visits to add.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data (default 1).")
        parser.add_argument("--chunk-size", type=int, default=20_000, help="Visits written per batch.")

    def handle(self, *args, visits, seed, chunk_size, **options):
        if visits < 1:
            raise CommandError(f"--visits must be at least 1, not {visits}.")
        started = time.monotonic()
        try:
            counts = generate(visits=visits, seed=seed, chunk_size=chunk_size, progress=self.stdout.write)
        except AlreadyGenerated as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        if connection.vendor == "postgresql":
            # Until autovacuum gets to them, the planner would see the new tables as nearly empty
            # and choose plans that read millions of rows (a 100-visit page took 4 s instead of 0.3 s).
            self.stdout.write("Updating the planner's statistics (ANALYZE)...")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        total = sum(counts.values())
        for model, count in counts.items():
            self.stdout.write(f"  {model._meta.label}: {count:,} rows")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {total:,} rows in {elapsed:.1f}s ({total / elapsed:,.0f} rows/s).")
        )
