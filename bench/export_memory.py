"""Memory of a full export as the data grows: 1,000, 10,000 and 100,000 visits exported whole.

    DATABASE_URL=sqlite:////tmp/bench_export.sqlite3 .venv/bin/python bench/export_memory.py \
        [--sizes 1000,10000,100000]

Migrates the database it is given (use a scratch one), then for each size adds synthetic visits
(bench/synthetic.py) until the register holds that many, and exports them all through
`/api/v1/visits/export/?format=jsonl` (and CSV), in-process through Django's test client as an
editor, reading the streamed body piece by piece as a client would. For each it prints the rows
written (checked against the count the export states and the table), the peak of memory
allocated by Python while streaming (tracemalloc, reset before each export) and the seconds;
then the peaks' ratio to the smallest export's. A streamed export stays flat: the peak is the
chunk being written (common.api.export.EXPORT_CHUNK records), not the file. Nothing passes or
fails; the figures are for docs/performance.md.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench_export.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench import fixtures, synthetic  # noqa: E402
from visits.models import Visit  # noqa: E402


def grow_to(size, seed):
    missing = size - Visit.objects.count()
    if missing > 0:
        synthetic.generate(visits=missing, seed=seed, progress=lambda _message: None)


def export(client, fmt):
    """(rows, stated count, peak bytes, seconds) of one whole export, read as it streams."""
    tracemalloc.reset_peak()
    start_bytes = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    response = client.get("/api/v1/visits/export/", {"format": fmt})
    assert response.status_code == 200, response
    lines = 0
    for piece in response.streaming_content:
        lines += piece.count(b"\r\n" if fmt == "csv" else b"\n")
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] - start_bytes
    rows = lines - 2 if fmt == "csv" else lines - 1  # less the note (and the CSV header)
    return rows, int(response["X-Total-Count"]), peak, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    call_command("migrate", verbosity=0)
    client = Client()
    client.force_login(fixtures.editor())
    grow_to(sizes[0], 9099)
    export(client, "jsonl")  # warm-up: imports, caches and the first queries are not the export's
    tracemalloc.start()
    results = []
    for seed, size in enumerate(sizes, start=9100):
        grow_to(size, seed)
        total = Visit.objects.count()
        for fmt in ("jsonl", "csv"):
            rows, stated, peak, seconds = export(client, fmt)
            # The CSV count holds for rows without line breaks in their cells (synthetic data).
            status = "ok" if rows == stated == total else "MISMATCH"
            results.append((total, fmt, rows, peak, seconds))
            print(
                f"{total:>8,} visits  {fmt:<5}  rows {rows:>8,} ({status})  "
                f"peak {peak / 2**20:7.1f} MiB  {seconds:7.1f} s",
                flush=True,
            )
    print("\nPeak memory against the smallest export (1.0 = flat):")
    for fmt in ("jsonl", "csv"):
        peaks = [(total, peak) for total, f, _rows, peak, _s in results if f == fmt]
        smallest = peaks[0][1]
        print(f"  {fmt:<5} " + "  ".join(f"{total:,}: x{peak / smallest:.2f}" for total, peak in peaks))


if __name__ == "__main__":
    main()
