"""Reads of visits shared by the pages and the API."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear

from common.db.counts import count_per_row
from common.visibility import visible
from people.selectors import prefetch_posts
from sources.models import Citation
from visits.models import Engagement, Participant, Visit, VisitKind


def visible_visits(user):
    """Visits this user may see (common.visibility: drafts only for those who may change visits)."""
    return visible(Visit.objects.all(), user)


def with_kind_name(visits):
    """Each visit's `kind_name` (Visit.get_kind_display() reads it) in the same query."""
    names = VisitKind.objects.filter(code=OuterRef("kind")).values("name")[:1]
    return visits.annotate(kind_name=Subquery(names))


def with_principal_and_country(visits):
    """What a row of a visit list or timeline shows, joined in the same query."""
    return with_kind_name(visits.select_related("principal", "host_country"))


def visit_rows(ids):
    """The visits with these ids as a list row shows them (a page cut by pages.helpers.paginate_ids)."""
    return with_principal_and_country(Visit.objects.filter(pk__in=ids))


def with_engagements(visits):
    """Engagements in order with venue, host and participants, and each participant's posts.

    The posts are prefetched so Person.title_on(day) needs no query per participant.
    """
    participants = Participant.objects.select_related("person", "organisation").prefetch_related(
        prefetch_posts("person__")
    )
    engagements = Engagement.objects.select_related("venue", "host_organisation").prefetch_related(
        Prefetch("participants", queryset=participants)
    )
    return (
        with_principal_and_country(visits)
        .select_related("parent")
        .prefetch_related(Prefetch("engagements", queryset=engagements))
    )


def of_person(visits, person):
    """The two ways a visit is the person's: made (as principal) and took part in, each a
    queryset of visits (for ids_in_list_order; visits_of_person() filters without the join)."""
    return visits.filter(principal=person), visits.filter(engagements__participants__person=person)


def at_place(visits, place):
    """The two ways a visit is at the place or below it: its host country and a stop's venue."""
    places = place.subtree().values("pk")
    return visits.filter(host_country__in=places), visits.filter(engagements__venue__in=places)


def visits_of_person(visits, person):
    """Visits the person made (as principal) or took part in, each once."""
    # A UNION of two indexed lookups: "principal = x OR id IN (...)" would make PostgreSQL
    # read every visit (tests/test_explain.py).
    as_principal = Visit.objects.order_by().filter(principal=person).values("pk")
    took_part = Engagement.objects.order_by().filter(participants__person=person).values("visit_id")
    return visits.filter(pk__in=as_principal.union(took_part))


def ids_in_list_order(*branches):
    """Ids of the visits in any of the querysets `branches`, each once, in list order (newest first).

    One UNION whose branches carry the sort keys with the ids, so the few matching rows are
    sorted as they are. Joined back to the visit table instead, PostgreSQL may read all of it to
    sort them (130 ms at a million visits, docs/performance.md).
    """
    keys = ("pk", "start_date", "slug")
    first, *rest = (branch.order_by().values_list(*keys) for branch in branches)
    return [row[0] for row in first.union(*rest).order_by(*Visit._meta.ordering)]


def citations_for(records):
    """Citations supporting any of `records` (of any models), with their sources, in one query.

    Filters on the content type's natural key rather than its id, so no ContentType lookup
    (cached or not) adds a query.
    """
    ids_by_model = {}
    for record in records:
        ids_by_model.setdefault(record._meta, []).append(record.pk)
    match = Q(pk__in=[])
    for opts, ids in ids_by_model.items():
        match |= Q(
            content_type__app_label=opts.app_label, content_type__model=opts.model_name, object_id__in=ids
        )
    return Citation.objects.filter(match).select_related("source", "content_type")


def engagements_hosted_by(visits, organisation):
    """Stops of visible visits that `organisation` hosted, newest visit first."""
    return (
        Engagement.objects.filter(host_organisation=organisation, visit__in=visits)
        .select_related("visit", "visit__principal", "visit__host_country", "venue")
        .order_by("-visit__start_date", "visit__slug", "sequence")
    )


def with_visit_counts(people, user):
    """Each person's `visits_made`: the visits `user` may see that they made as principal."""
    return people.annotate(visits_made=count_per_row(visible_visits(user), "principal"))


def with_visits_received(places, user):
    """Each place's `visits_received` (visits whose host country it is: countries only) and
    `stops_at` (stops at it as their venue), both as `user` may see them."""
    return places.annotate(
        visits_received=count_per_row(visible_visits(user), "host_country"),
        stops_at=count_per_row(visible(Engagement.objects.all(), user), "venue"),
    )


def counts_by_year(visits):
    """[(year, number of visits)] for `visits`, oldest year first, in one grouped query."""
    return list(
        visits.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )


def country_visits(user, country):
    """A country's two directions, as `user` may see them: visits it received (its host country)
    and visits made by its officials (their principal's country), each counted by year, with
    the latest few made. Three grouped or bounded queries on indexed columns."""
    visits = visible_visits(user)
    made = visits.filter(principal_country=country)
    received_in = dict(counts_by_year(visits.filter(host_country=country)))
    made_in = dict(counts_by_year(made))
    years = sorted(received_in.keys() | made_in.keys())
    return {
        "by_year": [(year, received_in.get(year, 0), made_in.get(year, 0)) for year in years],
        "received_total": sum(received_in.values()),
        "made_total": sum(made_in.values()),
        "latest_made": list(with_principal_and_country(made)[:10]),
    }
