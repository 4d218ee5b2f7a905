"""Aggregates analysts ask for: each takes an already filtered queryset of visits."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth

from common.db.counts import bounded_count
from people.models import Person
from places.models import Place
from visits.models import Pair, PairVisit, Participant


def _names(model, relation, **columns):
    """`<relation>__<name>` for each column of the `model` row the grouped `<relation>_id` names,
    as subqueries: after the count, PostgreSQL reads them once per group (an index lookup by
    id) instead of joining a million rows and grouping them by every name column (issue 17:
    352 ms against 94 ms at 1M). The keys are those a join would have given."""
    row = model._base_manager.filter(pk=OuterRef(f"{relation}_id")).order_by()
    return {f"{relation}__{name}": Subquery(row.values(column)) for name, column in columns.items()}


def visits_by_country(visits):
    return (
        visits.order_by()
        .values("host_country_id")
        .annotate(visits=Count("pk"))
        .annotate(**_names(Place, "host_country", slug="slug", name="name", iso_code="iso_code"))
        .order_by("-visits", "host_country__name", "host_country_id")
    )


def visits_by_year(visits):
    return (
        visits.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(visits=Count("pk"))
        .order_by("year")
    )


def visits_by_month(visits):
    """Visits per month of their start (`month` is the month's first day), oldest first."""
    return (
        visits.order_by()
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(visits=Count("pk"))
        .order_by("month")
    )


def visits_by_principal(visits):
    return (
        visits.order_by()
        .values("principal_id")
        .annotate(visits=Count("pk"))
        .annotate(**_names(Person, "principal", slug="slug", name="name"))
        .order_by("-visits", "principal__name", "principal_id")
    )


def visits_by_kind(visits):
    return visits.order_by().values("kind").annotate(visits=Count("pk")).order_by("-visits", "kind")


def who_met_whom(visits):
    """Pairs of identified people who took part in the same engagement of `visits`.

    Each pair appears once (lower person id first), with the number of engagements and
    visits they shared and the first and last day they met (an engagement without its own
    date counts from its visit's first day).
    """
    other = "engagement__participants__person"
    day = Coalesce("engagement__date", "engagement__visit__start_date")
    return (
        Participant.objects.filter(
            engagement__visit__in=visits.order_by().values("pk"),
            person__isnull=False,
            **{f"{other}_id__gt": F("person_id")},
        )
        .values(
            "person_id", "person__slug", "person__name", f"{other}_id", f"{other}__slug", f"{other}__name"
        )
        .annotate(
            engagements=Count("engagement", distinct=True),
            visits=Count("engagement__visit", distinct=True),
            first_date=Min(day),
            last_date=Max(day),
        )
        .order_by("-engagements", "person__name", f"{other}__name", "person_id", f"{other}_id")
    )


# who_met_whom's row keys, as read from the stored pairs (visits.pairs): person_a is the lower id.
OTHER = "engagement__participants__person"
PAIR_KEYS = {
    "person_id": F("person_a_id"),
    "person__slug": F("person_a__slug"),
    "person__name": F("person_a__name"),
    f"{OTHER}_id": F("person_b_id"),
    f"{OTHER}__slug": F("person_b__slug"),
    f"{OTHER}__name": F("person_b__name"),
}
PAIR_COLUMNS = ("engagements", "visits", "first_date", "last_date", *PAIR_KEYS)
PAIR_ORDER = ("-engagements", "person_a__name", "person_b__name", "person_a_id", "person_b_id")


def stored_pairs(*, drafts):
    """who_met_whom over every visit (`drafts` True: what editors see) or every published visit
    (False: analysts and readers), read from the stored sums (visits.models.Pair): the strongest
    first is an index range, whatever the number of visits."""
    return (
        Pair.objects.filter(drafts=drafts)
        .values("engagements", "visits", "first_date", "last_date", **PAIR_KEYS)
        .order_by(*PAIR_ORDER)
    )


def pairs_over(visits, *, total=False):
    """who_met_whom(visits), the same rows and order, summed from each visit's stored share
    (visits.models.PairVisit): its cost follows the number of `visits` and their pairs, not a
    join of every participant of their stops to every other. The names are read per pair after
    the sums (an index lookup each). `total`: each row also has `total`, the number of pairs, so
    that a slice of the strongest says how many there are in the same query."""
    names = {
        f"{key}__{column}": Subquery(
            Person._base_manager.filter(pk=OuterRef(f"{side}_id")).order_by().values(column)
        )
        for key, side in (("person", "person_a"), (OTHER, "person_b"))
        for column in ("slug", "name")
    }
    rows = (
        PairVisit.objects.filter(visit__in=visits.order_by().values("pk"))
        .values("person_a_id", "person_b_id")
        .annotate(
            engagements=Sum("engagements"),
            visits=Count("pk"),
            first_date=Min("first_date"),
            last_date=Max("last_date"),
            **({"total": Window(Count("*"))} if total else {}),
        )
        .annotate(person_id=F("person_a_id"), **{f"{OTHER}_id": F("person_b_id")}, **names)
    )
    return rows.values(*PAIR_COLUMNS, *(["total"] if total else [])).order_by(
        "-engagements", "person__name", f"{OTHER}__name", "person_a_id", "person_b_id"
    )


def partners_of(person, *, drafts):
    """The stored pairs (as stored_pairs) that include `person`, strongest first: two index
    ranges (the person as the lower id, or as the higher), whatever the number of visits.
    (Read live from the person's stops, the busiest person of 1,000,000 visits took 9.9 s.)"""
    return stored_pairs(drafts=drafts).filter(Q(person_a=person) | Q(person_b=person))


def count_pairs(*, drafts, person=None, exact=False):
    """(number of stored pairs, whether estimated), as stored_pairs or partners_of(person) read
    them, without their names: exact up to common.db.counts.EXACT_UP_TO, then PostgreSQL's
    estimate unless `exact` (the 1,025,135 pairs of 1,000,000 visits took 300 ms to count)."""
    pairs = Pair.objects.filter(drafts=drafts)
    if person is not None:
        pairs = pairs.filter(Q(person_a=person) | Q(person_b=person))
    return (pairs.count(), False) if exact else bounded_count(pairs)


GENERATION_KEY = "aggregates:generation"


def cached(selector, visits):
    """`selector(visits)` as a list, kept in the cache for settings.AGGREGATE_CACHE_SECONDS.

    The key is the aggregate's SQL, which holds the filters and whether drafts are excluded,
    so users who see drafts never share an entry with users who do not. Any save or delete
    of a record an aggregate reads starts a new generation of keys (see `forget`); bulk
    writes that send no signals (generate_data, queryset.update) are seen within the TTL.
    """
    rows = selector(visits)
    seconds = settings.AGGREGATE_CACHE_SECONDS
    if not seconds:
        return rows
    sql, params = rows.query.sql_with_params()
    generation = cache.get_or_set(GENERATION_KEY, 0, timeout=None)
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    key = f"aggregates:{generation}:{digest}"
    found = cache.get(key)
    if found is None:
        found = list(rows)
        cache.set(key, found, seconds)
    return found


def forget(**kwargs):
    """Signal receiver: a record aggregates read has changed, so no cached aggregate is reused."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): nothing cached under it can be reused anyway
        cache.add(GENERATION_KEY, 1, timeout=None)
