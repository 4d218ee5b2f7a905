"""The page of a place: what it is, what lies in it, and the visits it received."""

from django.shortcuts import get_object_or_404, render

from common.visibility import visible
from pages.citations import cite
from pages.helpers import paginate_ids, read_required, timeline_context
from pages.ics import calendar_response
from pages.maps import place_map_context
from pages.timeline import visit_timeline
from places.models import Place, PlaceKind
from visits.filtersets import VisitFilterSet
from visits.selectors import (
    citations_for,
    country_visits,
    visible_visits,
    visit_ids_at_place,
    visit_rows,
    with_principal_and_country,
)


def visits_received(user, place):
    """Visits to the place or anywhere below it (the API's `place` filter), drafts hidden."""
    return VisitFilterSet({"place": str(place.pk)}, queryset=visible_visits(user)).qs


@read_required(Place)
def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent", "country"), slug=slug)
    page = paginate_ids(request, visit_ids_at_place(request.user, place), read_rows=visit_rows)
    items, groups = visit_timeline(page)
    facts = list(place.facts.all())
    citations = cite([place, *facts], citations=visible(citations_for([place, *facts]), request.user))
    return render(
        request,
        "places/place_detail.html",
        {
            **place_map_context(place),
            "place": place,
            "ancestors": place.ancestors(),
            "children": place.children.all(),
            "facts": facts,
            "citations": citations,
            "page": page,
            # A country: visits received and made by its officials, by year (issue 15, item 5).
            "country_visits": country_visits(request.user, place)
            if place.kind == PlaceKind.COUNTRY
            else None,
            **timeline_context(items=items, groups=groups),
        },
    )


@read_required(Place)
def place_visits_ics(request, slug):
    place = get_object_or_404(Place, slug=slug)
    return place_calendar(request, place, user=request.user)


def place_calendar(request, place, *, user):
    """The calendar of the visits `place` received that `user` may see (the session's user, or a
    secret feed URL's owner: pages.feeds)."""
    visits = with_principal_and_country(visits_received(user, place))
    return calendar_response(
        request, visits, name=f"Visits: {place.name}", filename=f"{place.slug}-visits.ics"
    )
