"""Read replicas: reads go to a replica, writes to the primary, and a client that has just
written reads from the primary for a while so it sees its own write (read-after-write).

Replicas are configured with DATABASE_REPLICA_URLS (comma-separated database URLs); with none,
everything goes to the primary and this router is not installed.
"""

import random
from contextvars import ContextVar

from django.conf import settings

# True while serving a request that must see the primary (a write, or soon after one).
use_primary = ContextVar("use_primary", default=False)


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if use_primary.get() or not replicas:
            return "default"
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same data as the primary, so objects from any of them may relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryAfterWriteMiddleware:
    """Pins unsafe requests, and the same client's requests for a few seconds after, to the primary."""

    COOKIE = "read_primary"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in ("GET", "HEAD", "OPTIONS")
        token = use_primary.set(writes or self.COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            use_primary.reset(token)
        if writes:
            response.set_cookie(
                self.COOKIE,
                "1",
                max_age=settings.REPLICA_LAG_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
