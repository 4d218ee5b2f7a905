"""Production: PostgreSQL, HTTPS only, a real secret or no start at all."""

import collections
import math

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, secret_from_environment

DEBUG = False

SECRET_KEY = secret_from_environment("DJANGO_SECRET_KEY")


def secret_key_problem(key):
    """Why `key` is not a usable secret, or None. Length alone lets fifty identical characters
    through, so the characters must also vary: at least 5 distinct (Django's own check,
    security.W009) and at least 3 bits of Shannon entropy per character. A generated key has
    ~5 (Django's get_random_secret_key, `secrets.token_urlsafe`) or ~3.9 (hex, `openssl rand
    -hex 32`); a repeated pattern such as "abcde" * 10 has 2.3."""
    if len(key) < 50:
        return f"it has {len(key)} characters, at least 50 are needed"
    if key.startswith("django-insecure") or "change-me" in key:
        return "it is the placeholder of a template, not a generated key"
    distinct = len(set(key))
    bits = sum(n / len(key) * math.log2(len(key) / n) for n in collections.Counter(key).values())
    if distinct < 5 or bits < 3:
        return (
            f"it is predictable: {distinct} distinct characters and {bits:.1f} bits of entropy per "
            "character, at least 5 and 3.0 are needed"
        )
    return None


if problem := secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY must be set to a generated secret of at least 50 characters: {problem} "
        "(python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())')."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Persistent database connections: opening one per request (TLS, authentication, a backend
# process) cost 8-9% of every request (issue 17). A connection is kept for CONN_MAX_AGE seconds
# and checked before reuse, so a server restart or a dropped connection costs one retry, not an
# error.
for _database in DATABASES.values():  # noqa: F405
    _database.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=600))
    _database["CONN_HEALTH_CHECKS"] = True
