"""The API under load against the raw endpoint (bench/raw.py) under the same gunicorn settings,
for a choice of workers and threads (issue 17).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govvisits_bench \\
        .venv/bin/python bench/load_compare.py --seconds 15 --connections 4 --setting 2x1 --setting 2x2

Each `--setting WxT` starts gunicorn with W workers of T threads for the product (config.wsgi,
bench settings, an editor's session) and then for the raw endpoint (bench.raw:application),
drives `/api/v1/visits/?limit=100` and `/raw/visits/?limit=100` with wrk (or a loop of threads
without it), and prints requests per second, errors and the workers' peak memory (VmHWM).
Persistent connections are on (CONN_MAX_AGE, as in production). Prints; never fails.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PYTHON, children, drive, env_for, free_port, peak_rss_mb, session_cookie  # noqa: E402


def serve(app, url, *, workers, threads):
    port = free_port()
    env = {**env_for(url), "DATABASE_CONN_MAX_AGE": "600"}
    server = subprocess.Popen(
        [
            *(PYTHON, "-m", "gunicorn", app, f"--bind=127.0.0.1:{port}"),
            *(f"--workers={workers}", f"--threads={threads}", "--log-level=warning"),
            *("--config", str(ROOT / "gunicorn.conf.py")),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,  # gunicorn.conf.py logs every request
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def wait_for(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    for _ in range(150):
        try:
            urllib.request.urlopen(request, timeout=30).read()
            return
        except OSError:
            time.sleep(0.2)


def run(app, path, url, cookie, *, workers, threads, seconds, connections):
    server, base = serve(app, url, workers=workers, threads=threads)
    try:
        wait_for(f"{base}{path}", cookie)
        result = drive(f"{base}{path}", cookie, seconds=seconds, connections=connections)
        result["peak_mb"] = round(max(peak_rss_mb(pid) for pid in children(server.pid)), 1)
        return result
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--setting", action="append", default=None, help="WORKERSxTHREADS, e.g. 2x2")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    cookie = session_cookie(url)
    print(f"{'setting':<8} {'endpoint':<10} {'req/s':>8} {'errors':>7} {'peak MB':>8}")
    for setting in args.setting or ["2x1"]:
        workers, threads = (int(n) for n in setting.split("x"))
        figures = {}
        for name, app, path in (
            ("api", "config.wsgi:application", "/api/v1/visits/?limit=100"),
            ("raw", "bench.raw:application", "/raw/visits/?limit=100"),
        ):
            figures[name] = run(
                app,
                path,
                url,
                cookie,
                workers=workers,
                threads=threads,
                seconds=args.seconds,
                connections=args.connections,
            )
            result = figures[name]
            print(
                f"{setting:<8} {name:<10} {result['rps']:>8.1f} {result['errors']:>7} {result['peak_mb']:>8}"
            )
        share = figures["api"]["rps"] / figures["raw"]["rps"] if figures["raw"]["rps"] else 0
        print(f"{setting:<8} API at {share:.0%} of the raw endpoint's throughput ({figures['api']['tool']})")


if __name__ == "__main__":
    main()
