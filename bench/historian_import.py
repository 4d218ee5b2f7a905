"""The Office of the Historian import on SQLite: the whole bundled set, as `make run` does it.

    .venv/bin/python bench/historian_import.py [--runs 3] [--per-record 300]

Each run starts from a fresh SQLite database in a temporary directory (migrate, seed), then times
`import_historian` on data/historian/ (wall clock and this process's CPU time: on a shared
machine the wall clock includes waiting for a core), a second run (nothing to write), and a
`--skip-unchanged` run (what `make run` does on every start). `--per-record N` also times writing
N trips record by record through common.services.save_record (a visit, its stops, its citation
and identifier, each with its history row), the path the bulk writer replaces, and extrapolates
to the whole set. Figures print; nothing passes or fails on time (target: <= 30 s, issue 14).
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SCRIPT = """
import json, os, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()
from importers.historian import import_historian
mode = os.environ["BENCH_MODE"]
started_cpu = time.process_time()
started = time.monotonic()
if mode == "per-record":
    from bench.historian_per_record import write_trips_record_by_record
    figures = write_trips_record_by_record(int(os.environ["BENCH_N"]))
else:
    result = import_historian(paths=["data/historian"], progress=False, skip_unchanged=mode == "skip")
    assert not result.errors, result.errors
    figures = {"visits": result.totals().get("visits.Visit", {})}
figures.update(wall=time.monotonic() - started, cpu=time.process_time() - started_cpu)
print(json.dumps(figures))
"""


def run(mode, env, **extra):
    out = subprocess.run(
        [PYTHON, "-c", SCRIPT],
        cwd=ROOT,
        env={**env, "BENCH_MODE": mode, **extra},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--per-record", type=int, default=0, metavar="N")
    args = parser.parse_args()
    rows = []
    for number in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as directory:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
                "PYTHONPATH": str(ROOT),
            }
            for command in (["migrate", "-v0"], ["seed"]):
                subprocess.run(
                    [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
                )
            load = os.getloadavg()[0]
            first = run("import", env)
            second = run("import", env)
            skip = run("skip", env)
            rows.append((number, load, first, second, skip))
            created, unchanged = first["visits"].get("created", 0), second["visits"].get("unchanged", 0)
            print(
                f"run {number} (load {load:.1f}): whole set {first['wall']:.1f} s wall / "
                f"{first['cpu']:.1f} s CPU ({created} visits created); second run {second['wall']:.1f} s / "
                f"{second['cpu']:.1f} s ({unchanged} unchanged); --skip-unchanged {skip['wall']:.1f} s",
                flush=True,
            )
            if args.per_record and number == 1:
                sample = run("per-record", env, BENCH_N=str(args.per_record))
                per_trip = sample["per_record_wall"] / sample["trips"]
                print(
                    f"record by record: {sample['trips']} trips ({sample['rows']} rows with history) in "
                    f"{sample['per_record_wall']:.1f} s = {per_trip * 1000:.1f} ms a trip; the {created} "
                    f"visits alone would take ~{per_trip * created:.0f} s",
                    flush=True,
                )
    best = min(rows, key=lambda row: row[2]["wall"])
    print(f"best whole-set import: {best[2]['wall']:.1f} s wall, {best[2]['cpu']:.1f} s CPU (target <= 30 s)")


if __name__ == "__main__":
    main()
