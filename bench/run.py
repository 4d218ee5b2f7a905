"""Run every benchmark and print the figures table (docs/performance.md).

    .venv/bin/python bench/run.py \\
        --small postgres://postgres@127.0.0.1:5432/bench_10k \\
        --large postgres://postgres@127.0.0.1:5432/bench_1m \\
        --scratch postgres://postgres@127.0.0.1:5432/bench_scratch

The databases are filled beforehand with `manage.py migrate` and `manage.py generate_data
--visits N --seed 1`. The scratch database is recreated (dropped!) for the write figures.
Figures print; nothing passes or fails on time.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def env_for(url):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
    }


def measure(url, *flags, runs):
    print(f"measuring {urlsplit(url).path.lstrip('/')} {' '.join(flags)} ...", file=sys.stderr, flush=True)
    out = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "measure.py"), f"--runs={runs}", *flags],
        env=env_for(url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def recreate(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-q", "-c", sql], check=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env_for(url), check=True)


def session_cookie(url):
    """A logged-in session of the bench editor, for the load run's requests."""
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from bench import fixtures\n"
        "u = fixtures.editor(); s = SessionStore()\n"
        "s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)\n"
    )
    out = subprocess.run([PYTHON, "-c", code], env=env_for(url), check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(url, *, seconds, workers, connections):
    """gunicorn on loopback; wrk (or a thread loop) on the API list and on a minimal JSON view."""
    cookie = session_cookie(url)
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env_for(url),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/bench/minimal/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for name, path in (("load_list", "/api/v1/visits/?limit=100"), ("load_minimal", "/bench/minimal/")):
            results[name] = drive(f"{base}{path}", cookie, seconds=seconds, connections=connections)
            if name == "load_list":
                results["worker_peak_mb"] = round(max(peak_rss_mb(pid) for pid in children(server.pid)), 1)
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def drive(url, cookie, *, seconds, connections):
    header = f"Cookie: sessionid={cookie}"
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                *("wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout=30s"),
                *("-H", header, url),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)
        return {"rps": rps, "errors": errors, "tool": "wrk"}
    # No wrk: a bounded loop of threads, one connection each.
    done, errors, stop = [0], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        while time.monotonic() < stop:
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": header[8:]})) as r:
                    r.read()
                    ok = r.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                done[0] += ok
                errors[0] += not ok

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"rps": round(done[0] / seconds, 1), "errors": errors[0], "tool": "threads"}


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def table(small, large, writes, loads):
    rows = [("Figure", "Measured", "Baseline", "Baseline value", "Ratio", "Target")]

    def add(name, value, base_name, base_value, target="", unit="ms"):
        rows.append(
            (
                name,
                f"{value:,.1f} {unit}",
                base_name,
                f"{base_value:,.1f} {unit}",
                ratio(value, base_value),
                target,
            )
        )

    n_small, n_large = f"{small['visits']:,}", f"{large['visits']:,}"
    add(
        f"API list, 100 full rows ({n_large})",
        large["api_list"],
        "raw endpoint (bench/raw.py)",
        large["raw_list"],
        "<= 2x",
    )
    add(
        f"Plain ModelViewSet, 100 rows ({n_large})",
        large["plain_viewset"],
        "raw endpoint (bench/raw.py)",
        large["raw_list"],
    )
    add(
        f"API list vs plain ModelViewSet ({n_large})",
        large["api_list"],
        "plain ModelViewSet",
        large["plain_viewset"],
    )
    add(
        f"Cursor page {large['cursor_position']:,} rows in",
        large["cursor_deep"],
        "first cursor page",
        large["cursor_first"],
        "<= 1.5x",
    )
    for key, label, target in (
        ("visit_detail", "Visit detail (API)", ""),
        ("list_country", "List filtered by country", ""),
        ("list_dates", "List filtered by date range (2020)", ""),
        ("list_participant", "List filtered by participant", ""),
        ("list_q", "List with q search (a name)", ""),
        ("list_q_common", "List with q search (a common word)", ""),
        ("agg_country", "Visits per country (uncached)", ""),
        ("agg_year", "Visits per year (uncached)", ""),
        ("agg_pairs", "Who met whom in one country (uncached)", ""),
        ("agg_country_cached", "Visits per country (cached)", ""),
        ("admin_changelist", "Admin visit changelist", "<= 2x"),
        ("admin_changelist_analyst", "Admin visit changelist, analyst (drafts hidden)", ""),
        ("admin_change", "Admin visit change page", "<= 2x"),
    ):
        add(f"{label} ({n_large})", large[key], f"same at {n_small}", small[key], target)
    add(
        f"Person page, 5,000 visits ({n_large})",
        large["person_heavy"],
        "person page, 10 visits",
        large["person_light"],
        "<= 2x",
    )
    add(
        f"Place page, 5,000 visits ({n_large})",
        large["place_heavy"],
        "place page, 10 visits",
        large["place_light"],
        "<= 2x",
    )
    rows.append(
        (
            "Dossier import",
            f"{writes['import_rows_per_s']:,} rows/s",
            f"{writes['import_rows']} rows per import",
            "",
            "",
            "",
        )
    )
    rows.append(("generate_data (2,000 visits)", f"{writes['generate_rows_per_s']:,} rows/s", "", "", "", ""))
    if loads:
        lst, mini = loads["load_list"], loads["load_minimal"]
        rows.append(
            (
                f"Load: API list 100 rows ({n_large}, {lst['tool']})",
                f"{lst['rps']:,.1f} req/s, {lst['errors']} errors",
                "minimal Django JSON view",
                f"{mini['rps']:,.1f} req/s, {mini['errors']} errors",
                ratio(mini["rps"], lst["rps"]) + " slower",
                "0 errors",
            )
        )
        rows.append(
            (
                "Peak memory of one gunicorn worker (list load)",
                f"{loads['worker_peak_mb']:,.1f} MB",
                "",
                "",
                "",
                "< 200 MB",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", required=True, help="database URL with ~10k visits")
    parser.add_argument("--large", required=True, help="database URL with ~1M visits")
    parser.add_argument("--scratch", required=True, help="database URL recreated for the write figures")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--load-seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for the load run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    small = measure(args.small, runs=args.runs)
    large = measure(args.large, "--pairs", runs=args.runs)
    recreate(args.scratch)
    writes = measure(args.scratch, "--writes", "--no-reads", runs=args.runs)
    loads = (
        None
        if args.no_load
        else load(args.large, seconds=args.load_seconds, workers=args.workers, connections=args.connections)
    )
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "small": small,
        "large": large,
        "writes": writes,
        "load": loads,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print(f"{results['date']}, {results['cpus']} CPUs, median of {args.runs} runs\n")
    print(table(small, large, writes, loads))


if __name__ == "__main__":
    main()
