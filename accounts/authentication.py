"""`Authorization: Token <key>` for the API, against accounts.ApiToken, with failures throttled.

The header is DRF's, so clients, docs and the OpenAPI schema (drf-spectacular's `tokenAuth`, which
matches subclasses of TokenAuthentication) stay as they were. Differences from DRF's class: the key
is looked up by its digest, a token past its expiry or older than the user's password is refused,
and a client address with too many failed token attempts in the window (API_THROTTLE_TOKEN_FAILURES,
e.g. 20/hour) gets 429 for every token request, right or wrong, until the window has passed.
"""

from datetime import timedelta

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken, digest
from common.api.throttling import TokenFailureThrottle

# last_used is written at most once a minute per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        if request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0].lower() != self.keyword.lower():
            return None  # no token: the session, or anonymous
        throttle = TokenFailureThrottle()
        if not throttle.allow_attempt(request):
            raise exceptions.Throttled(throttle.wait(), detail=throttle.message)
        try:
            return super().authenticate(request)  # parses the header, then authenticate_credentials
        except exceptions.AuthenticationFailed:
            throttle.record_failure(request)
            raise

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        now = timezone.now()
        if problem := token.problem(now):
            raise exceptions.AuthenticationFailed(problem)
        if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return token.user, token
