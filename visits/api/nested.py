"""Whole visits through the API: a visit's create or update may carry its stops (`engagements`),
their `participants`, and the `citations` of all three, written in one transaction by
visits.services.save_visit with the admin's rules. Reads are VisitSerializer's, unchanged.

Each nested item is an object of the record's writable fields; an `id` names an existing one
(its fields left out keep their values), no `id` makes a new one. A list given replaces the one
stored (what it leaves out is deleted); a list not given is left alone. Related records are ids
or slugs, as everywhere. A key a nested item does not know is a 400, never dropped; the read-only
fields of the read form (`url`, `display`, `title_held`, ...) are accepted and ignored, so an item
read from the API can be sent back. Errors name their path: `engagements[2].participants[0].person`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings

from common.api.fields import TEXT_ONLY_FIELD_MAPPING, RelatedRecordField
from common.api.services import as_api_error
from common.partial_dates import iso_partial_date
from people.api.serializers import BriefOrganisationSerializer, BriefPersonSerializer
from people.models import Organisation, Person
from places.api.serializers import BriefPlaceSerializer
from places.models import Place
from sources.api.serializers import BriefCitationSerializer, BriefSourceSerializer
from sources.models import Citation, Source
from visits.api.serializers import EngagementParticipantSerializer, VisitEngagementSerializer, VisitSerializer
from visits.models import SEQUENCE_MAX, Engagement, Participant
from visits.services import MAX_PARTS, save_visit

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


class NestedInput(serializers.ModelSerializer):
    """A nested item: every field optional (the model's own validation says what a new record
    lacks), an optional `id`, and unknown keys refused."""

    id = serializers.IntegerField(
        required=False, min_value=1, help_text="An existing one's id; leave out for a new one."
    )
    # The read form whose extra (read-only) fields an item may carry back.
    read_serializer = None
    serializer_field_mapping = TEXT_ONLY_FIELD_MAPPING

    class Meta:
        validators = []  # the model's constraints run in full_clean(), with the rows as saved

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields

    def ignored_keys(self):
        """The read form's fields that are not written: accepted and ignored (the schema lists them,
        common.api.schema_links.close_nested_inputs)."""
        return set(self.read_serializer.Meta.fields) - set(self.fields)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = set(self.fields) | self.ignored_keys()
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                writable = ", ".join(name for name, field in self.fields.items() if not field.read_only)
                raise serializers.ValidationError(
                    {name: [f"Unknown field; the fields are: {writable}."] for name in unknown}
                )
        return super().to_internal_value(data)


def nested_list(child, help_text):
    return child(many=True, required=False, max_length=MAX_PARTS, help_text=help_text)


class CitationInput(NestedInput):
    read_serializer = BriefCitationSerializer
    source = RelatedRecordField(
        BriefSourceSerializer, queryset=Source.objects.all(), help_text="The document quoted (id or slug)."
    )

    class Meta(NestedInput.Meta):
        model = Citation
        fields = ["id", "source", "field", "quote", "start", "note"]
        extra_kwargs = {"start": {"help_text": "Where the quote starts, to pin one of several occurrences."}}


CITATIONS_HELP = (
    "The quotes supporting it: source, quote (verbatim), field, note; the whole list (those left "
    "out are deleted)."
)


class ParticipantInput(NestedInput):
    read_serializer = EngagementParticipantSerializer
    person = RelatedRecordField(
        BriefPersonSerializer,
        queryset=Person.objects.all(),
        allow_null=True,
        help_text="The person (id or slug); null or left out for a name as stated.",
    )
    organisation = RelatedRecordField(
        BriefOrganisationSerializer,
        queryset=Organisation.objects.all(),
        allow_null=True,
        help_text="The body the participant represented (id or slug).",
    )
    citations = nested_list(CitationInput, CITATIONS_HELP)

    class Meta(NestedInput.Meta):
        model = Participant
        fields = ["id", "person", "name_as_stated", "role", "title_as_stated", "organisation", "citations"]


class StopInput(NestedInput):
    read_serializer = VisitEngagementSerializer
    sequence = serializers.IntegerField(
        min_value=1,
        max_value=SEQUENCE_MAX,
        help_text="Its place: 1 is first. Left out: its place in the list. A number another stop "
        "has: it takes that place and the others make room (docs/api.md).",
    )
    venue = RelatedRecordField(
        BriefPlaceSerializer,
        queryset=Place.objects.all(),
        allow_null=True,
        help_text="Where it took place (id or slug).",
    )
    host_organisation = RelatedRecordField(
        BriefOrganisationSerializer,
        queryset=Organisation.objects.all(),
        allow_null=True,
        help_text="The body that hosted it (id or slug).",
    )
    participants = nested_list(
        ParticipantInput,
        "Who took part; the whole list (those left out are deleted). Left out on a new stop: the "
        "visit's principal.",
    )
    citations = nested_list(CitationInput, CITATIONS_HELP)

    class Meta(NestedInput.Meta):
        model = Engagement
        fields = [
            "id",
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


class VisitWriteSerializer(VisitSerializer):
    """A visit's create and update: VisitSerializer's fields, plus writable `engagements` and
    `citations`; answers with VisitSerializer's representation."""

    engagements = nested_list(
        StopInput,
        "The stops, in order, each with its participants and citations: the whole list (stops "
        "left out are deleted). Left out: the stops stay as they are.",
    )
    citations = nested_list(CitationInput, CITATIONS_HELP)

    slug_made_from = "title and start"

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is None:
            status = fields["status"]
            status.required = True
            status.error_messages["required"] = (
                "Say what the visit is: draft (seen only by editors), planned, held or cancelled."
            )
            status.help_text = (
                "draft (seen only by editors), planned, held or cancelled. Required on creation."
            )
        return fields

    def slug_parts(self, data):
        return [data.get("title"), iso_partial_date(data.get("start_date"), data.get("start_precision"))]

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(flatten_errors(exc.detail)) from None

    def to_representation(self, visit):
        return VisitSerializer(visit, context=self.context).to_representation(visit)

    def create(self, validated_data):
        self.fill_slug(validated_data)
        return self._save(self.Meta.model(), validated_data)

    def update(self, visit, validated_data):
        return self._save(visit, validated_data)

    def _save(self, visit, validated_data):
        stops = validated_data.pop("engagements", None)
        citations = validated_data.pop("citations", None)
        try:
            return save_visit(
                visit=visit, fields=validated_data, stops=stops, citations=citations, user=self._user()
            )
        except DjangoValidationError as exc:
            raise as_api_error(exc) from None


def flatten_errors(detail, prefix=""):
    """DRF's nested errors ({"engagements": [{}, {"participants": [{"person": [...]}]}]}) as one
    level keyed by path ({"engagements[1].participants[0].person": [...]})."""
    flat = {}

    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(key, int):  # a list's errors by the index of each bad item
                    walk(inner, f"{path}[{key}]")
                elif not path:
                    walk(inner, str(key))
                else:
                    walk(inner, path if key == NON_FIELD else f"{path}.{key}")
        elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            flat.setdefault(path, []).extend(value)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if item:
                    walk(item, f"{path}[{index}]")
        else:
            flat.setdefault(path, []).append(value)

    walk(detail, prefix)
    return flat
