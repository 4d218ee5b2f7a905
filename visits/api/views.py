from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api.ordering import order_rows, ordering_names
from common.api.views import RecordViewSet
from common.db.prefetch import prefetch_list
from people.selectors import prefetch_posts
from sources.api.serializers import prefetch_citations
from visits import aggregates
from visits.api.nested import VisitWriteSerializer
from visits.api.serializers import (
    BriefEngagementSerializer,
    BriefParticipantSerializer,
    BriefVisitSerializer,
    CountryCountSerializer,
    EngagementSerializer,
    KindCountSerializer,
    PairSerializer,
    ParticipantSerializer,
    PrincipalCountSerializer,
    VisitSerializer,
    YearCountSerializer,
)
from visits.filtersets import EngagementFilterSet, ParticipantFilterSet, VisitFilterSet
from visits.models import Engagement, Participant, Visit
from visits.visibility import may_see_drafts


def participants_with_posts(prefix=""):
    """Participants with person, organisation, citations and the person's posts (for `title_held`)."""
    return [prefetch_posts(f"{prefix}person__"), prefetch_citations(prefix)]


def engagement_prefetches(prefix=""):
    participants = Participant.objects.select_related("person", "organisation")
    return [
        prefetch_list(f"{prefix}participants", participants),
        *participants_with_posts(f"{prefix}prefetched_participants__"),
        prefetch_citations(prefix),
    ]


@extend_schema_view(
    create=extend_schema(request=VisitWriteSerializer, responses=VisitSerializer),
    update=extend_schema(request=VisitWriteSerializer, responses=VisitSerializer),
    partial_update=extend_schema(request=VisitWriteSerializer, responses=VisitSerializer),
)
class VisitViewSet(RecordViewSet):
    serializer_class = VisitSerializer
    brief_serializer_class = BriefVisitSerializer
    filterset_class = VisitFilterSet
    ordering_fields = ["start", "end", "title", "slug", "principal", "id"]
    ordering_sources = {"start": "start_date", "end": "end_date", "principal": "principal__sort_name"}
    ordering = ["-start_date", "slug"]
    cursor_ordering = ("start_date", "id")
    read_lists_by_id = True
    # The aggregates' rows, ordered by `?ordering=` over their own fields.
    rows_ordered_after = {
        "by_country": CountryCountSerializer,
        "by_year": YearCountSerializer,
        "by_principal": PrincipalCountSerializer,
        "by_kind": KindCountSerializer,
        "who_met_whom": PairSerializer,
    }

    def get_queryset(self):
        engagements = Engagement.objects.select_related("venue", "host_organisation")
        return Visit.objects.select_related(
            "principal", "principal_country", "host_country", "parent"
        ).prefetch_related(
            prefetch_citations(),
            prefetch_list("engagements", engagements),
            *engagement_prefetches("prefetched_engagements__"),
        )

    def get_serializer_class(self):
        # Writes may carry the stops, participants and citations (visits/api/nested.py).
        if self.request is not None and self.request.method in ("POST", "PUT", "PATCH"):
            return VisitWriteSerializer
        return super().get_serializer_class()

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._reread(serializer)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self._reread(serializer)

    def _reread(self, serializer):
        """The visit as written, with its nested parts read afresh (and its new version)."""
        serializer.instance = self.etag_instance = self.get_queryset().get(pk=serializer.instance.pk)

    def csv_columns(self):
        # Aggregates have their own flat rows; naming the columns keeps an empty result's header.
        if self.action in self.rows_ordered_after:
            return list(self.rows_ordered_after[self.action]().fields)
        return super().csv_columns()

    def aggregate(self, selector, serializer_class):
        visits = self.filter_queryset(Visit.objects.all())
        rows = serializer_class(aggregates.cached(selector, visits), many=True).data
        # Without `?ordering=`, the selector's order (most first); with it, by the rows' fields.
        return Response(order_rows(rows, self.request.query_params.get("ordering"), ordering_names(self)))

    @extend_schema(responses=CountryCountSerializer(many=True), filters=True)
    @action(detail=False, url_path="stats/by-country", pagination_class=None)
    def by_country(self, request):
        """Visits per host country, most visited first."""
        return self.aggregate(aggregates.visits_by_country, CountryCountSerializer)

    @extend_schema(responses=YearCountSerializer(many=True), filters=True)
    @action(detail=False, url_path="stats/by-year", pagination_class=None)
    def by_year(self, request):
        """Visits per year of their start."""
        return self.aggregate(aggregates.visits_by_year, YearCountSerializer)

    @extend_schema(responses=PrincipalCountSerializer(many=True), filters=True)
    @action(detail=False, url_path="stats/by-principal", pagination_class=None)
    def by_principal(self, request):
        """Visits per principal person, most travelled first."""
        return self.aggregate(aggregates.visits_by_principal, PrincipalCountSerializer)

    @extend_schema(responses=KindCountSerializer(many=True), filters=True)
    @action(detail=False, url_path="stats/by-kind", pagination_class=None)
    def by_kind(self, request):
        """Visits per kind (state, official, working, ...)."""
        return self.aggregate(aggregates.visits_by_kind, KindCountSerializer)

    @extend_schema(responses=PairSerializer(many=True), filters=True)
    @action(detail=False, url_path="who-met-whom", pagination_class=None)
    def who_met_whom(self, request):
        """Pairs of people who took part in the same engagement, with counts and first and last dates."""
        if self.filtered():
            # Summed from the filtered visits' stored shares: the same rows as the live query.
            return self.aggregate(aggregates.pairs_over, PairSerializer)
        # Every visit this user may see: the stored sums (visits.pairs), drafts per their view.
        drafts = may_see_drafts(request.user)
        return self.aggregate(lambda visits: aggregates.stored_pairs(drafts=drafts), PairSerializer)

    def filtered(self):
        """Whether the request's filters select fewer visits than every visit the user may see
        (valid filters: filter_queryset has refused bad ones)."""
        filterset = self.filterset_class(
            self.request.query_params, queryset=Visit.objects.none(), request=self.request
        )
        return filterset.is_valid() and any(
            value not in (None, "", [], ()) for value in filterset.form.cleaned_data.values()
        )


class EngagementViewSet(RecordViewSet):
    serializer_class = EngagementSerializer
    brief_serializer_class = BriefEngagementSerializer
    filterset_class = EngagementFilterSet
    ordering_fields = ["date", "sequence", "title", "id"]
    ordering = ["-visit__start_date", "visit__slug", "sequence"]

    def get_queryset(self):
        return Engagement.objects.select_related("visit", "venue", "host_organisation").prefetch_related(
            *engagement_prefetches()
        )


class ParticipantViewSet(RecordViewSet):
    serializer_class = ParticipantSerializer
    brief_serializer_class = BriefParticipantSerializer
    filterset_class = ParticipantFilterSet
    ordering_fields = ["role", "id"]
    ordering = ["-engagement__visit__start_date", "engagement__visit__slug", "engagement__sequence"]

    def get_queryset(self):
        return Participant.objects.select_related(
            "engagement__visit", "person", "organisation"
        ).prefetch_related(*participants_with_posts())
