"""Throttling is on: past the rate a client gets 429 with Retry-After."""

from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from tests import factories


def test_requests_past_the_rate_get_429(db, analyst_client, anonymous_client):
    factories.VisitFactory()
    cache.clear()
    rates = {"anon": "2/minute", "user": "3/minute"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        assert [analyst_client.get("/api/v1/visits/").status_code for _ in range(4)] == [200, 200, 200, 429]
        response = analyst_client.get("/api/v1/visits/")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}, PUBLIC_READ=True
    ):
        # Anonymous readers (PUBLIC_READ) have their own, lower rate.
        assert [anonymous_client.get("/api/v1/visits/").status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()


def test_a_client_cannot_pick_a_fresh_count_with_x_forwarded_for(db, anonymous_client):
    """Without NUM_PROXIES DRF counted by the whole X-Forwarded-For header, which the client
    writes: a new value per request escaped the limit. NUM_PROXIES=0 counts by REMOTE_ADDR."""
    factories.VisitFactory()
    cache.clear()
    rates = {"anon": "2/minute", "user": "3/minute"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}, PUBLIC_READ=True
    ):
        statuses = [
            anonymous_client.get("/api/v1/visits/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
            for n in range(3)
        ]
    assert statuses == [200, 200, 429]
    cache.clear()
