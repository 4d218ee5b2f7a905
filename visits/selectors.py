"""Reads of visits shared by the pages and the API."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear

from common.visibility import visible
from people.selectors import prefetch_posts
from sources.models import Citation
from visits.models import Appearance, Engagement, Participant, PersonTally, PlaceTally, Visit, VisitKind
from visits.visibility import may_see_drafts, visible_appearances


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


def visits_of_person(visits, person):
    """Visits the person made (as principal) or took part in, each once: their rows of the
    appearances table (visits.models.Appearance), one index range, where the union of their
    visits as principal and their participations made the planner read every visit (a heavy
    person's network took 3.4-4.1 s cold at 100,000 visits, 0.4-0.6 s now: docs/performance.md)."""
    return visits.filter(pk__in=Appearance.objects.filter(person=person).values("visit_id"))


def visit_ids_of_person(user, person):
    """Ids of the visits `person` made or took part in that `user` may see, newest first (the
    visit list's order), as a queryset of ids: its count() and each slice of it read one range
    of an index of the appearances table (visits.models.Appearance), whatever the person's
    history. Before, every participation was joined to its visit to sort them all."""
    return _appearing(user, person=person)


def visit_ids_at_place(user, place):
    """Ids of the visits `place` received (its own or anything below it: the host country or a
    stop's venue) that `user` may see, in list order, read as visit_ids_of_person's are."""
    return _appearing(user, place=place)


def _appearing(user, **who):
    rows = visible_appearances(Appearance.objects.filter(**who), user)
    return rows.order_by(*Visit._meta.ordering).values_list("visit_id", flat=True)


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


def _stored(model, key, column, user):
    """A `model` tally's `column` for the outer row (0 when it has none), as `user` sees it: the
    published visits' figure, or every visit's for those who see drafts."""
    if not may_see_drafts(user):
        column = f"published_{column}"
    figure = model.objects.filter(**{key: OuterRef("pk")}).values(column)
    return Coalesce(Subquery(figure), 0)


def with_visit_counts(people, user):
    """Each person's `visits_made`: the visits `user` may see that they made as principal, read
    from the stored counts (visits.tallies): a probe by id per person, whatever their history."""
    return people.annotate(visits_made=_stored(PersonTally, "person", "visits", user))


def with_visits_received(places, user):
    """Each place's `visits_received` (visits whose host country it is: countries only) and
    `stops_at` (stops at it as their venue), both as `user` may see them, read from the stored
    counts (visits.tallies)."""
    return places.annotate(
        visits_received=_stored(PlaceTally, "place", "visits", user),
        stops_at=_stored(PlaceTally, "place", "stops", user),
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
