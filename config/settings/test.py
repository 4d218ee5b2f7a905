"""The test suite: fast hashing, no throttling surprises, a fixed non-secret key."""

from .base import *  # noqa: F403
from .base import secret_from_environment

DEBUG = False
SECRET_KEY = secret_from_environment("DJANGO_SECRET_KEY") or "test-suite-only-key-not-a-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Throttling stays on, at rates no test reaches; tests/test_api_throttling.py lowers them to prove 429.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/minute",
        "user": "100000/minute",
        "token_failures": "100000/minute",
    },
}
# Serve static files from the app folders, as in development: tests do not run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Aggregates are computed afresh in tests (tests/test_cached_aggregates.py turns the cache on).
AGGREGATE_CACHE_SECONDS = 0
