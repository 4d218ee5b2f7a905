from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.compiled import RowSerializer
from common.api.fields import PartialDateField, RecordUrlField, RelatedRecordField, TextField
from common.api.serializers import PrefetchedList, RecordSerializer
from people.api.serializers import BriefOrganisationSerializer, BriefPersonSerializer
from people.models import Organisation, Person
from places.api.serializers import BriefPlaceSerializer
from places.models import Place, PlaceKind
from sources.api.serializers import CitedRecordSerializer
from visits.models import Engagement, Participant, Visit, VisitKind


@extend_schema_field(OpenApiTypes.STR)
class VisitKindField(TextField):
    """A visit's kind by its code ("working"). Kinds are data editors add to, so the schema says
    "string" rather than a fixed enum; a write must name a kind in the table (/admin/visits/visitkind/)."""

    default_error_messages = {"invalid_choice": '"{input}" is not a valid choice; the kinds are: {codes}.'}

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        codes = [code for code, _name in VisitKind.choices()]
        if code not in codes:
            self.fail("invalid_choice", input=code, codes=", ".join(codes))
        return code


class BriefVisitSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:visit-detail")
    start = PartialDateField("start", read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "url", "display", "slug", "title", "start"]


class BriefEngagementSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:engagement-detail")

    class Meta:
        model = Engagement
        fields = ["id", "url", "display", "sequence", "title"]


class BriefParticipantSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:participant-detail")

    class Meta:
        model = Participant
        fields = ["id", "url", "display", "role"]


class PostHeldSerializer(serializers.Serializer):
    membership = serializers.IntegerField(help_text="The membership's id (/api/v1/memberships/<id>/).")
    display = serializers.CharField(help_text="The post in words, as in title_held.")
    candidate = serializers.BooleanField(
        help_text="Held for only part of the visit's period (the stop's day is not known)."
    )


PARTICIPANT_FIELDS = [
    "id",
    "url",
    "display",
    "person",
    "name_as_stated",
    "role",
    "title_as_stated",
    "title_held",
    "posts_held",
    "organisation",
    "citations",
]


class ParticipantSerializer(CitedRecordSerializer):
    url = RecordUrlField(view_name="api:participant-detail")
    engagement = RelatedRecordField(
        BriefEngagementSerializer, queryset=Engagement.objects.all(), help_text="The stop or meeting (id)."
    )
    person = RelatedRecordField(
        BriefPersonSerializer,
        queryset=Person.objects.all(),
        allow_null=True,
        # A default, not only required=False: the unique (engagement, person, role) validator
        # calls a field missing from the body "required" unless it has a value. Left out, the
        # participant is a name as stated, as with "person": null.
        default=None,
        help_text="The person, when identified (id or slug); null or left out for a name as stated.",
    )
    organisation = RelatedRecordField(
        BriefOrganisationSerializer,
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The body the participant represented (id or slug).",
    )
    title_held = serializers.SerializerMethodField(
        help_text="The post(s) the person held on the engagement's day, from their memberships; when "
        "the day is not known, over the visit's period, a post held for only part of it marked "
        "'(part of October 2025)'."
    )
    posts_held = serializers.SerializerMethodField(
        help_text="The posts behind title_held, each with `candidate`: true when the stop's day is not "
        "known (a visit known to the month or year) and the post was held for only part of the visit's "
        "period, so it may not be the post held at the stop."
    )

    class Meta:
        model = Participant
        fields = [*PARTICIPANT_FIELDS[:3], "engagement", *PARTICIPANT_FIELDS[3:], "created_at", "updated_at"]
        # What title_held and posts_held read besides the fields (common.api.reads).
        read_relations = ["person__memberships__organisation"]

    def get_title_held(self, participant) -> str:
        return participant.title_held()

    @extend_schema_field(PostHeldSerializer(many=True))
    def get_posts_held(self, participant):
        return [
            {"membership": post.pk, "display": post.post_label, "candidate": not whole}
            for post, whole in participant.posts_held()
        ]


class EngagementParticipantSerializer(ParticipantSerializer):
    class Meta(ParticipantSerializer.Meta):
        fields = PARTICIPANT_FIELDS
        list_serializer_class = PrefetchedList


ENGAGEMENT_FIELDS = [
    "id",
    "url",
    "display",
    "sequence",
    "title",
    "date",
    "date_about",
    "start_time",
    "end_time",
    "venue",
    "host_organisation",
    "description",
    "outcome",
    "participants",
    "citations",
]


class EngagementSerializer(CitedRecordSerializer):
    url = RecordUrlField(view_name="api:engagement-detail")
    visit = RelatedRecordField(
        BriefVisitSerializer,
        queryset=Visit.objects.all(),
        help_text="The visit this is a stop of (id or slug).",
    )
    venue = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.all(),
        allow_null=True,
        required=False,
        help_text="Where it took place (id or slug).",
    )
    host_organisation = RelatedRecordField(
        BriefOrganisationSerializer,
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The body that hosted it (id or slug).",
    )
    participants = EngagementParticipantSerializer(many=True, read_only=True, help_text="Who took part.")

    class Meta:
        model = Engagement
        fields = [*ENGAGEMENT_FIELDS[:3], "visit", *ENGAGEMENT_FIELDS[3:], "created_at", "updated_at"]


class VisitEngagementSerializer(EngagementSerializer):
    class Meta(EngagementSerializer.Meta):
        fields = ENGAGEMENT_FIELDS
        list_serializer_class = PrefetchedList


class VisitSerializer(CitedRecordSerializer):
    url = RecordUrlField(view_name="api:visit-detail")
    principal = RelatedRecordField(
        BriefPersonSerializer, queryset=Person.objects.all(), help_text="Whose visit it is (id or slug)."
    )
    kind = VisitKindField(
        max_length=20,
        help_text="Protocol kind of visit, by code: state, official, "
        "official_working, working, private, multilateral, ... (the kinds editors keep).",
    )
    host_country = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        help_text="The country visited (id or slug).",
    )
    principal_country = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        allow_null=True,
        required=False,
        help_text="The country the principal came from (id, slug); null if unknown.",
    )
    start = PartialDateField("start", help_text="First day or period: YYYY, YYYY-MM or YYYY-MM-DD.")
    end = PartialDateField(
        "end", allow_null=True, required=False, help_text="Last day or period; null for a one-period visit."
    )
    dates_display = serializers.CharField(
        read_only=True, help_text="The dates in words, e.g. '30 April 2021'."
    )
    parent = RelatedRecordField(
        BriefVisitSerializer,
        queryset=Visit.objects.all(),
        allow_null=True,
        required=False,
        # A published part of a hidden (draft) trip does not reveal the trip.
        visible_only=True,
        help_text="The trip this visit is part of (id or slug).",
    )
    engagements = VisitEngagementSerializer(many=True, read_only=True, help_text="The stops, in order.")

    class Meta:
        model = Visit
        fields = [
            "id",
            "url",
            "display",
            "slug",
            "title",
            "principal",
            "principal_country",
            "kind",
            "host_country",
            "start",
            "start_about",
            "end",
            "end_about",
            "dates_display",
            "purpose",
            "summary",
            "status",
            "parent",
            "engagements",
            "citations",
            "created_at",
            "updated_at",
        ]


class CountryCountSerializer(RowSerializer):
    country_id = serializers.IntegerField(source="host_country_id")
    country_slug = serializers.CharField(source="host_country__slug")
    country_name = serializers.CharField(source="host_country__name")
    iso_code = serializers.CharField(source="host_country__iso_code")
    visits = serializers.IntegerField(help_text="Number of visits matching the filters.")


class YearCountSerializer(RowSerializer):
    year = serializers.IntegerField(help_text="Year of the visit's start.")
    visits = serializers.IntegerField()


class PrincipalCountSerializer(RowSerializer):
    principal_id = serializers.IntegerField()
    principal_slug = serializers.CharField(source="principal__slug")
    principal_name = serializers.CharField(source="principal__name")
    visits = serializers.IntegerField()


class KindCountSerializer(RowSerializer):
    kind = serializers.CharField()
    visits = serializers.IntegerField()


class PairSerializer(RowSerializer):
    person_a_id = serializers.IntegerField(source="person_id", help_text="The lower id of the pair.")
    person_a_slug = serializers.CharField(source="person__slug")
    person_a_name = serializers.CharField(source="person__name")
    person_b_id = serializers.IntegerField(source="engagement__participants__person_id")
    person_b_slug = serializers.CharField(source="engagement__participants__person__slug")
    person_b_name = serializers.CharField(source="engagement__participants__person__name")
    engagements = serializers.IntegerField(help_text="Engagements both took part in.")
    visits = serializers.IntegerField(help_text="Visits those engagements belong to.")
    first_date = serializers.DateField(
        help_text="First day they met (an undated engagement counts from its visit)."
    )
    last_date = serializers.DateField(help_text="Last day they met.")
