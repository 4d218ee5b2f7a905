from rest_framework import serializers

from common.api.fields import TEXT_ONLY_FIELD_MAPPING, PartialDateField, RecordUrlField, RelatedRecordField
from common.api.serializers import RecordSerializer
from people.models import Membership, Organisation, Person, PersonName
from places.api.serializers import BriefPlaceSerializer
from places.models import Place, PlaceKind
from sources.api.serializers import CitedRecordSerializer


class BriefOrganisationSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:organisation-detail")

    class Meta:
        model = Organisation
        fields = ["id", "url", "display", "slug", "name"]


class BriefPersonSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:person-detail")

    class Meta:
        model = Person
        fields = ["id", "url", "display", "slug", "name"]


class OrganisationSerializer(CitedRecordSerializer):
    url = RecordUrlField(view_name="api:organisation-detail")
    parent = RelatedRecordField(
        BriefOrganisationSerializer,
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="The body this one belongs to (id or slug).",
    )
    country = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        allow_null=True,
        required=False,
        help_text="The country it belongs to (id or slug); null for an international body.",
    )
    seat = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.all(),
        allow_null=True,
        required=False,
        help_text="Where it sits, a city or venue (id or slug).",
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "url",
            "display",
            "slug",
            "name",
            "abbreviation",
            "kind",
            "parent",
            "country",
            "seat",
            "wikidata_id",
            "description",
            "citations",
            "created_at",
            "updated_at",
        ]


class MembershipDatesMixin(serializers.Serializer):
    start = PartialDateField(
        "start",
        allow_null=True,
        required=False,
        help_text="Start: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown.",
    )
    end = PartialDateField(
        "end",
        allow_null=True,
        required=False,
        help_text="End: YYYY, YYYY-MM or YYYY-MM-DD; null if ongoing or unknown.",
    )
    period_display = serializers.CharField(read_only=True, help_text="The period in words, e.g. '2018 – ?'.")
    post_label = serializers.CharField(
        read_only=True, help_text="E.g. 'Acting Prime Minister, Government of Armenia'."
    )


class BriefMembershipSerializer(MembershipDatesMixin, RecordSerializer):
    url = RecordUrlField(view_name="api:membership-detail")
    organisation = RelatedRecordField(BriefOrganisationSerializer, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "url", "display", "organisation", "title", "acting", "start", "end", "post_label"]


class MembershipSerializer(MembershipDatesMixin, CitedRecordSerializer):
    url = RecordUrlField(view_name="api:membership-detail")
    person = RelatedRecordField(
        BriefPersonSerializer, queryset=Person.objects.all(), help_text="Who held the post (id or slug)."
    )
    organisation = RelatedRecordField(
        BriefOrganisationSerializer,
        queryset=Organisation.objects.all(),
        help_text="Where the post is (id or slug).",
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "display",
            "person",
            "organisation",
            "title",
            "title_as_stated",
            "acting",
            "attested",
            "start",
            "end",
            "period_display",
            "post_label",
            "citations",
            "created_at",
            "updated_at",
        ]


class PersonNameSerializer(serializers.ModelSerializer):
    serializer_field_mapping = TEXT_ONLY_FIELD_MAPPING

    class Meta:
        model = PersonName
        fields = ["name", "language", "script", "note"]


class PersonSerializer(CitedRecordSerializer):
    url = RecordUrlField(view_name="api:person-detail")
    other_names = PersonNameSerializer(
        many=True, read_only=True, help_text="Names in other languages or scripts."
    )
    memberships = BriefMembershipSerializer(
        many=True, read_only=True, help_text="Posts held, earliest first."
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "display",
            "slug",
            "name",
            "given_name",
            "family_name",
            "sort_name",
            "wikidata_id",
            "summary",
            "other_names",
            "memberships",
            "citations",
            "created_at",
            "updated_at",
        ]
