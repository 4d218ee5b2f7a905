from rest_framework import serializers

from common.api.fields import TEXT_ONLY_FIELD_MAPPING, PartialDateField, RecordUrlField, RelatedRecordField
from common.api.serializers import RecordSerializer
from places.models import Place, PlaceFact, PlaceName
from sources.api.serializers import CitedRecordSerializer


class BriefPlaceSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:place-detail")

    class Meta:
        model = Place
        fields = ["id", "url", "display", "slug", "name", "kind"]


class PlaceNameSerializer(serializers.ModelSerializer):
    serializer_field_mapping = TEXT_ONLY_FIELD_MAPPING

    class Meta:
        model = PlaceName
        fields = ["name", "language", "note"]


class PlaceSerializer(CitedRecordSerializer):
    url = RecordUrlField(view_name="api:place-detail")
    parent = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.all(),
        allow_null=True,
        required=False,
        help_text="The place this one lies in, by id or slug (null for a country).",
    )
    country = RelatedRecordField(
        BriefPlaceSerializer,
        read_only=True,
        help_text="The country it lies in (itself for a country); derived.",
    )
    other_names = PlaceNameSerializer(
        many=True, read_only=True, help_text="Names in other languages, former names."
    )

    class Meta:
        model = Place
        fields = [
            "id",
            "url",
            "display",
            "slug",
            "name",
            "kind",
            "parent",
            "country",
            "iso_code",
            "latitude",
            "longitude",
            "wikidata_id",
            "description",
            "path",
            "other_names",
            "citations",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["path"]


class BriefPlaceFactSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:placefact-detail")

    class Meta:
        model = PlaceFact
        fields = ["id", "url", "display", "kind", "value_display"]


class PlaceFactSerializer(CitedRecordSerializer):
    url = RecordUrlField(view_name="api:placefact-detail")
    place = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.all(),
        help_text="The place the fact is about (id or slug).",
    )
    as_of = PartialDateField(
        "as_of", allow_null=True, required=False, help_text="When the fact held: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    as_of_display = serializers.CharField(read_only=True, help_text="'As of' in words, e.g. 'April 2021'.")
    value_display = serializers.CharField(
        read_only=True, help_text="The fact in words, e.g. 'more than 360 companies'."
    )

    class Meta:
        model = PlaceFact
        fields = [
            "id",
            "url",
            "display",
            "place",
            "kind",
            "value",
            "qualifier",
            "unit",
            "value_text",
            "value_display",
            "as_of",
            "as_of_display",
            "citations",
            "created_at",
            "updated_at",
        ]
