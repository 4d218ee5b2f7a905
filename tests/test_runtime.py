"""The web workers' garbage-collector settings (gunicorn.conf.py's post_worker_init hook)."""

import runpy
import subprocess
import sys
from pathlib import Path

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_a_worker_freezes_startup_objects_and_raises_the_threshold():
    # In a process of its own: the test process's collector is left as it is.
    script = (
        "import gc, os, runpy, sys\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "assert gc.get_freeze_count() == 0\n"
        "import config.wsgi\n"
        f"runpy.run_path({str(GUNICORN_CONF)!r})['post_worker_init'](None)\n"
        "print(gc.get_freeze_count(), *gc.get_threshold())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    frozen, *thresholds = map(int, result.stdout.split())
    conf = runpy.run_path(str(GUNICORN_CONF))
    assert frozen > 10_000  # Django, the apps and their URLs
    assert thresholds == [conf["YOUNG_GENERATION"], conf["OLDER_GENERATIONS"], conf["OLDER_GENERATIONS"]]


def test_the_wsgi_module_leaves_the_collector_alone():
    script = (
        "import gc, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "import config.wsgi\n"
        "print(gc.get_freeze_count())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert int(result.stdout) == 0


def test_workers_run_one_thread_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    assert runpy.run_path(str(GUNICORN_CONF))["threads"] == 1
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    assert runpy.run_path(str(GUNICORN_CONF))["threads"] == 4
