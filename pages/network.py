"""Who met whom as a network: the page of its own (/network/) and a person's part of it.

The pairs are the API's (visits.aggregates.who_met_whom: people who took part in the same stop,
with how many stops and visits they shared), strongest first, over the visits the reader may see:
read from the stored pairs (visits.pairs) for every visit and for a person's page, summed from
each filtered visit's stored share for a filtered page.
The page draws the strongest `pairs` (a control chooses how many) with vis-network when it is
served, and always lists them as a table.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from pages.helpers import read_required
from visits.aggregates import count_pairs, pairs_over, partners_of, stored_pairs
from visits.filtersets import VisitFilterSet
from visits.models import Visit
from visits.selectors import visible_visits
from visits.visibility import may_see_drafts

PAIR_CHOICES = (25, 50, 100, 250)
DEFAULT_PAIRS = 50
PERSON_DEFAULT_PAIRS = 25
OTHER = "engagement__participants__person"


class BadPairs(ValueError):
    pass


def pairs_wanted(request, default):
    """The `pairs` query parameter: one of PAIR_CHOICES, `default` when absent."""
    raw = request.GET.get("pairs", "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) not in PAIR_CHOICES:
        choices = ", ".join(map(str, PAIR_CHOICES))
        raise BadPairs(f"pairs: {raw!r} is not one of {choices}.")
    return int(raw)


def pair(row):
    """A who_met_whom row in the page's words."""
    return {
        "a": {"id": row["person_id"], "name": row["person__name"], "slug": row["person__slug"]},
        "b": {"id": row[f"{OTHER}_id"], "name": row[f"{OTHER}__name"], "slug": row[f"{OTHER}__slug"]},
        "engagements": row["engagements"],
        "visits": row["visits"],
        "first": row["first_date"],
        "last": row["last_date"],
    }


def network_data(pairs, *, centre=None):
    """Nodes and edges for static/js/network.js (names as text; json_script escapes them)."""
    nodes = {}
    edges = []
    for number, link in enumerate(pairs):
        for person in (link["a"], link["b"]):
            node = nodes.setdefault(
                person["id"],
                {
                    "id": person["id"],
                    "label": person["name"],
                    "url": reverse("people:person-detail", args=[person["slug"]]),
                    "meetings": 0,
                },
            )
            node["meetings"] += link["engagements"]
        period = (
            f"{link['first']:%Y}"
            if link["first"] == link["last"]
            else f"{link['first']:%Y}–{link['last']:%Y}"
        )
        edges.append(
            {
                "id": number,
                "from": link["a"]["id"],
                "to": link["b"]["id"],
                "value": link["engagements"],
                "title": f"{link['a']['name']} and {link['b']['name']}: met at {link['engagements']} "
                f"stop(s) of {link['visits']} visit(s), {period}",
            }
        )
    if centre is not None and centre in nodes:
        nodes[centre]["centre"] = True
    return {"nodes": list(nodes.values()), "edges": edges}


def network_context(rows, *, limit, centre=None, caption, total=None, estimated=False):
    """Context for partials/network.html: the strongest `limit` of `rows` (who_met_whom rows or
    their queryset, strongest first) of `total` pairs (counted here when not given; PostgreSQL's
    estimate when `estimated`)."""
    if total is None:
        total = len(rows) if isinstance(rows, list) else rows.count()
    pairs = [pair(row) for row in rows[:limit]]
    return {
        "network": {
            "caption": caption,
            "pairs": pairs,
            "total": total,
            "estimated": estimated,
            "limit": limit,
            "choices": PAIR_CHOICES,
            "data": network_data(pairs, centre=centre),
            "script": settings.VENDOR_ASSETS.get("vis-network", ""),
        }
    }


def person_network_context(request, person):
    """The people `person` met most (pairs with them, strongest first) on the visits the reader
    may see, from the stored pairs. Raises BadPairs for a bad `pairs` parameter."""
    limit = pairs_wanted(request, PERSON_DEFAULT_PAIRS)
    drafts = may_see_drafts(request.user)
    rows = partners_of(person, drafts=drafts)
    total, _estimated = count_pairs(drafts=drafts, person=person, exact=True)
    return network_context(
        rows, limit=limit, centre=person.pk, caption=f"Whom {person.name} met", total=total
    )


@read_required(Visit)
def network(request):
    """Who met whom across every visit the reader may see, or those the list's filters select
    (the same query string as the visit list: ?country=..., ?date_after=...)."""
    params = request.GET.copy()
    params.pop("pairs", None)
    for name in list(params):
        if not params.get(name, "").strip():
            del params[name]
    filterset = VisitFilterSet(params, queryset=visible_visits(request.user), request=request)
    errors = dict(filterset.errors) if not filterset.is_valid() else {}
    try:
        limit = pairs_wanted(request, DEFAULT_PAIRS)
    except BadPairs as error:
        errors["pairs"] = [str(error)]
        limit = DEFAULT_PAIRS
    context = {"errors": errors, "filters": [(name, params.get(name)) for name in params]}
    if errors:
        return render(request, "network/network.html", context, status=400)
    caption, total, estimated = "Who met whom", None, False
    if not params:  # every visit the reader may see: the stored sums, strongest first
        drafts = may_see_drafts(request.user)
        rows = stored_pairs(drafts=drafts)
        total, estimated = count_pairs(drafts=drafts)
    else:
        rows, total, bounded = filtered_pairs(filterset.qs, limit)
        if bounded:
            caption += f" over the latest {FILTERED_VISITS_AT_MOST:,} of the visits selected"
    context.update(network_context(rows, limit=limit, caption=caption, total=total, estimated=estimated))
    return render(request, "network/network.html", context)


# A filtered page sums the stored shares of at most this many of the filter's visits, the latest
# (the visit list's order): a country with 163,354 visits at 1,000,000 would take seconds
# (docs/performance.md). The API's who-met-whom sums them all.
FILTERED_VISITS_AT_MOST = 5_000


def filtered_pairs(visits, limit):
    """The strongest `limit` of who_met_whom's rows over `visits`, or over their latest
    FILTERED_VISITS_AT_MOST when they are more: (rows, number of pairs, bounded). Two queries."""
    latest = visits.order_by("-start_date", "slug").values("pk")
    bounded = latest[FILTERED_VISITS_AT_MOST : FILTERED_VISITS_AT_MOST + 1].exists()
    if bounded:
        visits = Visit.objects.filter(pk__in=latest[:FILTERED_VISITS_AT_MOST])
    rows = list(pairs_over(visits, total=True)[:limit])
    return rows, (rows[0]["total"] if rows else 0), bounded
