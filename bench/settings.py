"""Settings for benchmark runs: the product's settings, plus bench-only URLs and no throttling."""

from config.settings.base import *  # noqa: F403
from config.settings.base import REST_FRAMEWORK, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or "benchmarks-only-key-not-a-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
# The load run measures the server, not the throttle.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The bench's own app: `manage.py generate_data` exists only under these settings.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# Persistent connections with health checks, as in production (config/settings/production.py).
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
    _database["CONN_HEALTH_CHECKS"] = True
