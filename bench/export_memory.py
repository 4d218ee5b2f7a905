"""Memory of a full export as it grows: 1,000, 10,000 and 100,000 visits exported whole.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_h2_export \\
        .venv/bin/python bench/export_memory.py [--sizes 1000,10000,100000] [--formats jsonl,csv] \
        [--no-tracemalloc]

Migrates the database it is given (use a scratch one). If it holds fewer visits than the largest
size, adds the missing ones first with the synthetic generator (bench/synthetic.py: bulk COPY on
PostgreSQL, about 10 minutes for 100,000 visits on the shared development machine), then
ANALYZE. A database already grown is reused as it is (`manage.py generate_data --visits 100000`
makes one too).

Each size is an export of the filtered list `/api/v1/visits/export/?date_before=<day>`, the day
chosen so that about that many visits start on or before it (the largest size that covers the
register: no filter, every visit). In-process, Django's test client as the bench editor, the
streamed body read piece by piece as a client reads it. For each export it prints:
- rows written, checked against the count the export states and the database's own count of the
  filter (`ok`, else `MISMATCH`; the CSV's rows are its lines, exact while no cell holds a line
  break, as in synthetic data);
- the file's size: what an export held whole in memory would need at least;
- the peak of memory allocated by Python while streaming (tracemalloc, reset before each export;
  it makes an export about 4x slower, so `--no-tracemalloc` measures RSS alone);
- the process's resident memory: its growth (peak RSS during the export, VmHWM reset through
  /proc/self/clear_refs, less the RSS before it) and that peak RSS itself. Memory Python freed
  after one export stays with the process and serves the next, so the growth shrinks after the
  first export; the peak RSS is what a server's worker would need;
- seconds.
Then the peaks' ratios to the smallest export's: a streamed export stays flat (1.0), holding one
chunk (common.api.export.EXPORT_CHUNK records) whatever the count. The figures go to
docs/performance.md; the script fails (exit 1) on a row-count mismatch.
"""

import argparse
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench import fixtures, synthetic  # noqa: E402
from visits.filtersets import VisitFilterSet  # noqa: E402
from visits.models import Visit  # noqa: E402

MiB = 2**20


def grow_to(size):
    """Add synthetic visits (bulk inserts) until the register holds `size`."""
    missing = size - Visit.objects.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    seed = 9100
    while Visit.objects.filter(slug=f"gen{seed}-v1").exists():  # a seed not used yet
        seed += 1
    synthetic.generate(visits=missing, seed=seed, progress=lambda message: print(f"  {message}", flush=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"generated {missing:,} visits in {time.perf_counter() - started:.0f} s", flush=True)


def filter_for(size, total):
    """The export's filter for about `size` visits: those that start on or before a day."""
    if size >= total:
        return {}
    day = Visit.objects.order_by("start_date", "pk").values_list("start_date", flat=True)[size - 1]
    return {"date_before": day.isoformat()}


def rss_kib(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak_rss():
    # Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current.
    Path("/proc/self/clear_refs").write_text("5")


def export(client, fmt, params):
    """(rows, stated count, bytes, traced peak, peak RSS, RSS before, seconds) of one export, read as it
    streams."""
    gc.collect()
    tracemalloc.reset_peak()
    traced_before = tracemalloc.get_traced_memory()[0]
    reset_peak_rss()
    rss_before = rss_kib("VmRSS")
    started = time.perf_counter()
    response = client.get("/api/v1/visits/export/", {"format": fmt, **params})
    assert response.status_code == 200, response
    lines = size = 0
    for piece in response.streaming_content:
        lines += piece.count(b"\r\n" if fmt == "csv" else b"\n")
        size += len(piece)
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] - traced_before
    rss_peak = rss_kib("VmHWM") * 1024
    rows = lines - 2 if fmt == "csv" else lines - 1  # less the note (and the CSV header)
    return rows, int(response["X-Total-Count"]), size, traced_peak, rss_peak, rss_before * 1024, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--formats", default="jsonl,csv")
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="RSS only: tracemalloc makes an export several times slower (100,000 rows: hours here).",
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    formats = args.formats.split(",")
    call_command("migrate", verbosity=0)
    grow_to(sizes[-1])
    total = Visit.objects.count()
    client = Client()
    client.force_login(fixtures.editor())
    # Warm-up: imports, caches and the first queries are not the export's.
    for fmt in formats:
        export(client, fmt, filter_for(100, total))
    if not args.no_tracemalloc:
        tracemalloc.start()
    print(f"{total:,} visits in the register; {connection.vendor}; export chunk: see common/api/export.py")
    results = []
    mismatch = False
    for size in sizes:
        params = filter_for(size, total)
        in_db = VisitFilterSet(params, queryset=Visit.objects.all()).qs.count() if params else total
        for fmt in formats:
            rows, stated, body, traced, rss_peak, rss_before, seconds = export(client, fmt, params)
            rss = rss_peak - rss_before
            traced_text = f"{traced / MiB:6.1f} MiB" if tracemalloc.is_tracing() else "(not traced)"
            status = "ok" if rows == stated == in_db else "MISMATCH"
            mismatch |= status != "ok"
            results.append((rows, fmt, traced, rss, rss_peak))
            shown = "&".join(f"{k}={v}" for k, v in params.items()) or "(none: every visit)"
            print(
                f"{fmt:<5} filter {shown:<22} rows {rows:>8,} (stated {stated:,}, in db {in_db:,}: "
                f"{status})  file {body / MiB:7.1f} MiB  traced peak {traced_text}  "
                f"RSS growth {rss / MiB:6.1f} MiB (peak {rss_peak / MiB:.0f})  "
                f"{seconds:6.0f} s ({rows / seconds:,.0f} rows/s)",
                flush=True,
            )
    print("\nAgainst the smallest export's (1.0 = flat), rows x:")
    for fmt in formats:
        mine = [(rows, traced, rss, peak) for rows, f, traced, rss, peak in results if f == fmt]
        rows0, traced0, rss0, peak0 = mine[0]
        traced0 = traced0 or 1  # not traced
        print(
            f"  {fmt:<5} "
            + "   ".join(
                f"{rows:,} rows (x{rows / rows0:.0f}): traced peak x{traced / traced0:.2f}, "
                f"RSS growth x{rss / max(rss0, 1):.2f}, peak RSS x{peak / peak0:.2f}"
                for rows, traced, rss, peak in mine
            )
        )
    if mismatch:
        sys.exit("Row counts differ: an export did not return every matching visit.")


if __name__ == "__main__":
    main()
