from django.db.models import Prefetch

from common.api.merge import MergeMixin
from common.api.views import RecordViewSet
from people.api.serializers import (
    BriefMembershipSerializer,
    BriefOrganisationSerializer,
    BriefPersonSerializer,
    MembershipSerializer,
    OrganisationSerializer,
    PersonSerializer,
)
from people.filtersets import MembershipFilterSet, OrganisationFilterSet, PersonFilterSet
from people.models import Membership, Organisation, Person
from people.services import merge_people
from sources.api.serializers import prefetch_citations


class OrganisationViewSet(RecordViewSet):
    queryset = Organisation.objects.select_related("parent", "country", "seat").prefetch_related(
        prefetch_citations()
    )
    serializer_class = OrganisationSerializer
    brief_serializer_class = BriefOrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "slug", "kind", "id"]
    ordering = ["name"]


class PersonViewSet(MergeMixin, RecordViewSet):
    queryset = Person.objects.prefetch_related(
        "other_names",
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
        prefetch_citations(),
    )
    serializer_class = PersonSerializer
    brief_serializer_class = BriefPersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "sort_name", "slug", "id"]
    ordering = ["sort_name", "name"]
    merge_service = ("person", merge_people)


class MembershipViewSet(RecordViewSet):
    queryset = Membership.objects.select_related("person", "organisation").prefetch_related(
        prefetch_citations()
    )
    serializer_class = MembershipSerializer
    brief_serializer_class = BriefMembershipSerializer
    filterset_class = MembershipFilterSet
    ordering_fields = ["start", "end", "title", "id"]
    ordering_sources = {"start": "start_date", "end": "end_date"}
    ordering = ["person__sort_name", "start_date"]
