"""The web process's garbage-collector settings (common.runtime, applied by config/wsgi.py)."""

import subprocess
import sys

from common.runtime import OLDER_GENERATIONS, YOUNG_GENERATION


def test_loading_the_wsgi_application_freezes_startup_objects_and_raises_the_threshold():
    # In a process of its own: the test process's collector is left as it is.
    script = (
        "import gc, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "assert gc.get_freeze_count() == 0\n"
        "import config.wsgi\n"
        "print(gc.get_freeze_count(), *gc.get_threshold())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    frozen, *thresholds = map(int, result.stdout.split())
    assert frozen > 10_000  # Django, the apps and their URLs
    assert thresholds == [YOUNG_GENERATION, OLDER_GENERATIONS, OLDER_GENERATIONS]
