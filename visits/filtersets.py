"""Visit filters, shared by the API (`/api/v1/visits/` and its aggregates) and the timeline pages."""

import django_filters
from django.db.models import Q

from common.api.filters import (
    AnyOfChoiceFilter,
    IdentifierFilter,
    IdOrSlugFilter,
    PartialDateFilter,
    any_contains,
    under_any,
)
from common.partial_dates import last_day, period_ends_on_or_after
from people.models import Organisation, Person, PersonName
from places.models import Place, PlaceKind
from visits.models import Engagement, Participant, ParticipantRole, Visit, VisitKind, VisitStatus


class VisitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Text search (case-insensitive) over the visit's title, purpose and summary, its "
        "engagements' titles, descriptions and outcomes, and the names of the principal and participants.",
    )
    principal = IdOrSlugFilter(queryset=Person.objects.all(), label="The principal person, by id or slug.")
    participant = IdOrSlugFilter(
        queryset=Person.objects.all(),
        method="filter_participant",
        label="A person (id or slug) who took part in any engagement of the visit.",
    )
    country = IdOrSlugFilter(
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        field_name="host_country",
        iso_code=True,
        label="The host country, by id, slug or ISO 3166 code (e.g. RU).",
    )
    principal_country = IdOrSlugFilter(
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        field_name="principal_country",
        iso_code=True,
        label="The principal's own country (visits from it), by id, slug or ISO 3166 code (e.g. IL).",
    )
    place = IdOrSlugFilter(
        queryset=Place.objects.all(),
        method="filter_place",
        label="A place (id or slug) and every place below it: matches the host country "
        "and the venues of the engagements.",
    )
    organisation = IdOrSlugFilter(
        queryset=Organisation.objects.all(),
        method="filter_organisation",
        label="An organisation (id or slug) that hosted an engagement or that a participant represented.",
    )
    kind = AnyOfChoiceFilter(
        # Read from the table when the filter is built: editors add kinds.
        choices=VisitKind.choices,
        distinct=False,
        label="Kind of visit, by code (repeatable).",
    )
    status = AnyOfChoiceFilter(choices=VisitStatus.choices, distinct=False, label="Status (repeatable).")
    date_after = PartialDateFilter(
        method="filter_date_after",
        label="Visits that end on or after this date (YYYY, YYYY-MM or YYYY-MM-DD; a period means its "
        "first day). Compared with the visit's dates at their precision, so a visit dated only "
        "'2021' overlaps any day of 2021.",
    )
    date_before = PartialDateFilter(
        method="filter_date_before",
        label="Visits that start on or before this date (YYYY, YYYY-MM or YYYY-MM-DD; a period means its "
        "last day).",
    )

    identifier = IdentifierFilter(
        label="An id in another system, as scheme:value, e.g. historian-trip:977.",
    )

    class Meta:
        model = Visit
        fields = []

    def search(self, queryset, name, value):
        # A UNION of indexed lookups (trigram indexes on PostgreSQL, visits migration 0006): an
        # OR across the joins would read every visit, engagement and participant.
        # People by their name, and by any other name (a spelling, a transliteration) in branches
        # of their own: an OR of the two would make the planner read every participation.
        people = Person.objects.filter(name__icontains=value).values("pk")
        also_named = PersonName.objects.filter(name__icontains=value).values("person_id")
        engagement_texts = any_contains(value, "title", "description", "outcome")
        visit_ids = [
            Visit.objects.filter(any_contains(value, "title", "purpose", "summary")).values("pk"),
            Visit.objects.filter(principal__in=people).values("pk"),
            Visit.objects.filter(principal__in=also_named).values("pk"),
            Engagement.objects.filter(engagement_texts).values("visit_id"),
            Participant.objects.filter(person__in=people).values("engagement__visit_id"),
            Participant.objects.filter(person__in=also_named).values("engagement__visit_id"),
            Participant.objects.filter(name_as_stated__icontains=value).values("engagement__visit_id"),
        ]
        first, *others = (ids.order_by() for ids in visit_ids)
        return queryset.filter(pk__in=first.union(*others))

    # Relations through engagements use `pk__in` subqueries so a visit is never listed twice.
    def filter_participant(self, queryset, name, people):
        taken_part = Participant.objects.filter(person__in=list(people)).values("engagement__visit_id")
        return queryset.filter(pk__in=taken_part)

    def filter_place(self, queryset, name, chosen):
        # A UNION of two indexed lookups (an OR across the join would read every visit).
        places = Place.objects.filter(under_any(chosen)).values("pk")
        hosted = Visit.objects.order_by().filter(host_country__in=places).values("pk")
        venues = Engagement.objects.order_by().filter(venue__in=places).values("visit_id")
        return queryset.filter(pk__in=hosted.union(venues))

    def filter_organisation(self, queryset, name, organisations):
        organisations = list(organisations)
        engagements = Engagement.objects.filter(
            Q(host_organisation__in=organisations) | Q(participants__organisation__in=organisations)
        ).values("visit_id")
        return queryset.filter(pk__in=engagements)

    def filter_date_after(self, queryset, name, value):
        day, _precision = value
        return queryset.filter(
            (Q(end_date__isnull=False) & period_ends_on_or_after("end", day))
            | (Q(end_date__isnull=True) & period_ends_on_or_after("start", day))
        )

    def filter_date_before(self, queryset, name, value):
        first_day, precision = value
        return queryset.filter(start_date__lte=last_day(first_day, precision))


class EngagementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Text search over title, description and outcome.")
    visit = IdOrSlugFilter(queryset=Visit.objects.all(), label="The visit, by id or slug.")
    place = IdOrSlugFilter(
        queryset=Place.objects.all(),
        method="filter_place",
        label="Venue is this place or lies below it (id or slug).",
    )
    host_organisation = IdOrSlugFilter(
        queryset=Organisation.objects.all(), label="The body that hosted it, by id or slug."
    )
    participant = IdOrSlugFilter(
        queryset=Person.objects.all(),
        method="filter_participant",
        label="A person (id or slug) who took part.",
    )
    date_after = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label="On or after, YYYY-MM-DD."
    )
    date_before = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label="On or before, YYYY-MM-DD."
    )

    class Meta:
        model = Engagement
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(any_contains(value, "title", "description", "outcome"))

    def filter_place(self, queryset, name, places):
        return queryset.filter(under_any(places, "venue__path"))

    def filter_participant(self, queryset, name, people):
        taken_part = Participant.objects.filter(person__in=list(people)).values("engagement_id")
        return queryset.filter(pk__in=taken_part)


class ParticipantFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Text search over the person's name, the name and title as stated."
    )
    person = IdOrSlugFilter(queryset=Person.objects.all(), label="The person, by id or slug.")
    engagement = IdOrSlugFilter(queryset=Engagement.objects.all(), label="The engagement, by id.")
    visit = IdOrSlugFilter(
        queryset=Visit.objects.all(), field_name="engagement__visit", label="The visit, by id or slug."
    )
    organisation = IdOrSlugFilter(
        queryset=Organisation.objects.all(), label="The body represented, by id or slug."
    )
    role = AnyOfChoiceFilter(
        choices=ParticipantRole.choices, distinct=False, label="Part played (repeatable)."
    )

    class Meta:
        model = Participant
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(any_contains(value, "person__name", "name_as_stated", "title_as_stated"))
