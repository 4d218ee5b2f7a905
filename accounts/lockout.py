"""What a locked-out sign-in gets (django-axes calls this: AXES_LOCKOUT_CALLABLE): a 429 page in
the admin's look that says why, for how long, and what to do, with Retry-After."""

from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import admin
from django.template.response import TemplateResponse


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed sign-ins",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": minutes,
    }
    response = TemplateResponse(request, "accounts/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()
