"""Security headers Django does not set by itself."""

from django.conf import settings
from django.http import HttpResponseBadRequest

DEFAULT_CSP = (
    "default-src 'self'; "
    "script-src 'self'; "
    # Inline style attributes are used by the admin and by vis-timeline's positioning.
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (nothing loads from another origin) and a strict referrer policy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response


class RejectNulCharactersMiddleware:
    """A NUL character in the URL or query string is never meaningful here, and PostgreSQL
    refuses it in a query parameter: answer 400 before any view turns it into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.GET.items()):
            return HttpResponseBadRequest(
                "The request contains a NUL character (%00).", content_type="text/plain"
            )
        return self.get_response(request)
