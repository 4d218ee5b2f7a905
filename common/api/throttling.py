from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from common.http.client_ip import client_ip


class _SettingsRateMixin:
    # DRF reads the rates once at import; reading them per request lets settings overrides apply.
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonThrottle(_SettingsRateMixin, AnonRateThrottle):
    pass


class UserThrottle(_SettingsRateMixin, UserRateThrottle):
    pass


class TokenFailureThrottle(_SettingsRateMixin, SimpleRateThrottle):
    """Failed token authentications per client address (rate `token_failures`). Unlike the
    throttles above it counts only failures, and it is asked before a token is checked, so past
    the rate every token request from the address is refused, the right token's too: guessing
    learns nothing until the window has passed (accounts.authentication)."""

    scope = "token_failures"
    message = "Too many failed token attempts from this address; try again later."

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def _load(self, request):
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]

    def allow_attempt(self, request):
        if self.rate is None:
            return True
        self._load(request)
        return len(self.history) < self.num_requests

    def record_failure(self, request):
        if self.rate is None:
            return
        self._load(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
