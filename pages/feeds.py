"""Secret calendar feed URLs: a person's or a place's visits for a calendar app, with no session.

The URL carries a key (accounts.FeedToken, stored as a digest) that answers for one feed only and
authenticates nothing else. The feed shows what the key's owner may see now, by the same read rule
and visibility rule as their pages: a draft appears only if they may change visits, and a key whose
owner lost the view permission, was made inactive or changed their password gets 404, as does a
revoked or unknown key (a calendar app needs no more detail, and a guesser gets none).
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import FeedToken, digest
from accounts.services import issue_feed
from common.auth.access import can_read
from common.visibility import visible
from pages.people import person_calendar
from pages.places import place_calendar
from people.models import Person
from places.models import Place
from visits.models import Visit

# The records that have a calendar of visits, by the `kind` a page's form sends.
FEEDS = {"person": (Person, person_calendar), "place": (Place, place_calendar)}
CALENDAR_OF = {model: calendar for model, calendar in FEEDS.values()}

# last_used is written at most once a minute per feed (calendar apps poll).
LAST_USED_PRECISION = timedelta(minutes=1)


@never_cache  # the answer shows the new URL, once
@login_required
@require_POST
def feed_create(request):
    kind, slug = request.POST.get("kind", ""), request.POST.get("slug", "")
    if kind not in FEEDS:
        return HttpResponseBadRequest(f"kind: must be one of {', '.join(FEEDS)}, not {kind!r}.")
    model, _calendar = FEEDS[kind]
    if not (can_read(request.user, model) and can_read(request.user, Visit)):
        raise PermissionDenied(f"You may not read {model._meta.verbose_name_plural}.")
    target = get_object_or_404(visible(model.objects.all(), request.user), slug=slug)
    try:
        feed, key = issue_feed(user=request.user, target=target)
    except ValidationError as error:
        return render(
            request, "feeds/feed_created.html", {"target": target, "error": error.messages[0]}, status=400
        )
    url = request.build_absolute_uri(reverse("feeds:feed", args=[key]))
    return render(
        request, "feeds/feed_created.html", {"target": target, "feed": feed, "url": url}, status=201
    )


def feed(request, key):
    """The calendar behind a secret URL, as its owner would see it; no session is read."""
    token = FeedToken.objects.select_related("user", "content_type").filter(digest=digest(key)).first()
    if token is None or token.problem():
        raise Http404("No such calendar feed: it was revoked, or its owner's password changed.")
    model = token.content_type.model_class()
    user = token.user
    if model not in CALENDAR_OF or not (can_read(user, model) and can_read(user, Visit)):
        raise Http404("No such calendar feed.")
    target = visible(model.objects.filter(pk=token.object_id), user).first()
    if target is None:
        raise Http404("No such calendar feed: its record is gone.")
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
        FeedToken.objects.filter(pk=token.pk).update(last_used=now)
    response = CALENDAR_OF[model](request, target, user=user)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
