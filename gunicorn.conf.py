"""gunicorn's settings for the web image (read from the working directory by default).

Server configuration lives here, not in the application: config/wsgi.py only builds the app.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# One thread per worker: a list page is Python work under the GIL, so a second thread in a worker
# waits for the first; measured on 2 cores (bench/load_compare.py, docs/performance.md) 2x2 gave
# no reliable gain over 2x1 and 13% more memory per worker. Threads help when requests mostly
# wait (slow clients, a distant database): raise GUNICORN_THREADS there.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
accesslog = "-"

# Collections of the youngest generation come every YOUNG_GENERATION allocations (Python's
# default is 700), and of each older one after OLDER_GENERATIONS collections of the one below
# (default 10). A 100-visit API page allocates ~100,000 objects that all live until the response
# is written: at 700 the collector ran ~45 times per page, rescanning them each time. With these
# values the older generations are still collected about as often, counted in allocations, as
# with the defaults, so garbage is not kept longer (peak memory of a worker: docs/performance.md).
YOUNG_GENERATION = 10_000
OLDER_GENERATIONS = 2


def tune_garbage_collector():
    """Freeze the objects that loading the application created (modules, models, URLs: ~110,000,
    never garbage), so that full collections stop rescanning them, as Python's gc documentation
    advises for servers; then set the collection thresholds above."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION, OLDER_GENERATIONS, OLDER_GENERATIONS)


def post_worker_init(worker):
    """gunicorn's hook, called once a worker has loaded the application."""
    tune_garbage_collector()
