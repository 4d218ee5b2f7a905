"""Index pages: every person, place (as a tree), organisation and source, searchable, sortable and
paginated.

Each page filters with its API filterset (the same `q` and filters as the API list it links to for
export), sorts by a named key from a fixed list, and counts what each row shows with one
correlated subquery per figure (common.db.counts.count_per_row): a page reads its 50 rows and
their figures in one query, whatever the size of the register.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from common.visibility import visible
from pages.helpers import paginate, read_required
from people.filtersets import OrganisationFilterSet, PersonFilterSet
from people.models import Organisation, OrganisationKind, Person
from people.selectors import with_member_counts
from places.filtersets import PlaceFilterSet
from places.models import Place, PlaceKind
from places.selectors import with_place_counts
from sources.filtersets import SourceFilterSet
from sources.models import Source
from sources.selectors import citation_counts, sources_for_list
from visits.selectors import with_visit_counts, with_visits_received

# Parameters of the page itself, not filters: left out of the API links.
PAGE_PARAMS = ("page", "sort")


def filter_params(request):
    """The query string less empty values (an empty field of the form means "any")."""
    params = request.GET.copy()
    for name in list(params):
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            params.setlist(name, values)
        else:
            del params[name]
    return params


def api_links(route, params):
    """The API list URL for the same filter, and its full exports (every row: common.api.export)
    as CSV and JSON Lines (the page's own parameters left out)."""
    query = [(name, value) for name, values in params.lists() if name not in PAGE_PARAMS for value in values]
    base = reverse(route)
    return {
        "api": f"{base}?{urlencode(query)}" if query else base,
        "csv": f"{base}export/?{urlencode([*query, ('format', 'csv')])}",
        "jsonl": f"{base}export/?{urlencode([*query, ('format', 'jsonl')])}",
    }


def index_page(
    request,
    *,
    template,
    filterset_class,
    queryset,
    sorts,
    api_route,
    context=None,
    params=None,
    with_page=None,
):
    """Render an index page: filter `queryset` with `filterset_class`, sort by `?sort=` (a key of
    `sorts`, the first by default), paginate. A bad filter or sort is a 400 naming it."""
    params = filter_params(request) if params is None else params
    filterset = filterset_class(params, queryset=queryset, request=request)
    errors = dict(filterset.errors) if not filterset.is_valid() else {}
    sort = params.get("sort") or next(iter(sorts))
    if sort not in sorts:
        errors["sort"] = [f"{sort!r} is not a sort order here; use one of: {', '.join(sorts)}."]
    rows = queryset.none() if errors else filterset.qs.order_by(*sorts[sort][1])
    page = paginate(request, rows)
    if with_page is not None and page.object_list:
        with_page(page.object_list)  # figures read for the page's rows only
    return render(
        request,
        template,
        {
            "page": page,
            "errors": errors,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _order) in sorts.items()],
            "q": params.get("q", ""),
            "filtered": any(name not in PAGE_PARAMS for name in params),
            "export": api_links(api_route, params),
            **(context or {}),
        },
        status=400 if errors else 200,
    )


PEOPLE_SORTS = {
    "name": ("Name, A to Z", ("sort_name", "name", "pk")),
    "-name": ("Name, Z to A", ("-sort_name", "-name", "-pk")),
    "visits": ("Most visits made", ("-visits_made", "sort_name", "pk")),
}


@read_required(Person)
def person_list(request):
    people = with_visit_counts(
        visible(Person.objects.only("name", "slug", "sort_name", "summary"), request.user), request.user
    )
    return index_page(
        request,
        template="indexes/person_list.html",
        filterset_class=PersonFilterSet,
        queryset=people,
        sorts=PEOPLE_SORTS,
        api_route="api:person-list",
    )


ORGANISATION_SORTS = {
    "name": ("Name, A to Z", ("name", "pk")),
    "-name": ("Name, Z to A", ("-name", "-pk")),
    "members": ("Most posts held", ("-member_count", "name", "pk")),
}


@read_required(Organisation)
def organisation_list(request):
    organisations = with_member_counts(Organisation.objects.select_related("country"), request.user)
    return index_page(
        request,
        template="indexes/organisation_list.html",
        filterset_class=OrganisationFilterSet,
        queryset=organisations,
        sorts=ORGANISATION_SORTS,
        api_route="api:organisation-list",
        context={"kinds": OrganisationKind.choices},
    )


SOURCE_SORTS = {
    "newest": ("Newest first", ("-published_on", "title", "pk")),
    "oldest": ("Oldest first", ("published_on", "title", "pk")),
    "title": ("Title, A to Z", ("title", "pk")),
}


@read_required(Source)
def source_list(request):
    return index_page(
        request,
        template="indexes/source_list.html",
        filterset_class=SourceFilterSet,
        queryset=sources_for_list(),
        sorts=SOURCE_SORTS,
        api_route="api:source-list",
        with_page=lambda sources: add_citation_counts(sources, request.user),
    )


def add_citation_counts(sources, user):
    counts = citation_counts([source.pk for source in sources], user)
    for source in sources:
        source.citation_count = counts.get(source.pk, 0)


PLACE_SORTS = {
    "name": ("Name, A to Z", ("name", "pk")),
    "-name": ("Name, Z to A", ("-name", "-pk")),
    "visits": ("Most visits and stops", ("-visits_received", "-stops_at", "name", "pk")),
}


@read_required(Place)
def place_list(request):
    """The place tree one level at a time: countries, then what lies directly in the place
    `?parent=` names, with the way back up; a search (`q`, `kind`, `country`, `within`) lists
    matching places from every level."""
    params = filter_params(request)
    # A parent that does not exist is left to the filterset, which names it in a 400.
    parent = Place.objects.filter(slug=params["parent"]).first() if "parent" in params else None
    top_level = not any(name not in PAGE_PARAMS for name in params)
    if top_level:
        params.setlist("kind", [PlaceKind.COUNTRY])
    places = with_visits_received(
        with_place_counts(Place.objects.select_related("country", "parent")), request.user
    )
    return index_page(
        request,
        template="indexes/place_list.html",
        filterset_class=PlaceFilterSet,
        queryset=places,
        sorts=PLACE_SORTS,
        api_route="api:place-list",
        params=params,
        context={
            "parent": parent,
            "ancestors": parent.ancestors() if parent else [],
            "kinds": PlaceKind.choices,
            "top_level": top_level,
        },
    )
