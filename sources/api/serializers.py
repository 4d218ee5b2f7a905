from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers
from rest_framework.reverse import reverse

from common.api.fields import RecordUrlField, RelatedRecordField
from common.api.serializers import PrefetchedList, RecordSerializer
from common.db.prefetch import prefetch_list
from sources.models import Citation, CitedModel, Source


def prefetch_citations(prefix=""):
    """Citations of the records at `prefix` (e.g. "prefetched_engagements__"), with their sources,
    in one query, as a list (common.db.prefetch). A source is shown in brief, so its full text
    (tens of kilobytes, once per citation) is not read."""
    citations = Citation.objects.select_related("source").defer("source__text")
    return prefetch_list(f"{prefix}citations", citations)


def cited_model_labels():
    """ "app_label.model" of every model that citations may support."""
    return sorted(model._meta.label_lower for model in apps.get_models() if issubclass(model, CitedModel))


class RecordTypeField(serializers.ChoiceField):
    """The kind of a cited record as "app_label.model", read from and written to `content_type_id`."""

    def __init__(self, **kwargs):
        super().__init__(choices=cited_model_labels(), source="content_type_id", **kwargs)

    def to_representation(self, value):
        # get_for_id() is cached, so listing citations does not query per row.
        return ContentType.objects.get_for_id(value).model_class()._meta.label_lower

    def to_internal_value(self, data):
        label = super().to_internal_value(data)
        return ContentType.objects.get_for_model(apps.get_model(label)).pk


class BriefSourceSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:source-detail")

    class Meta:
        model = Source
        fields = ["id", "url", "display", "slug", "title"]


class BriefCitationSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:citation-detail")
    source = BriefSourceSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["id", "url", "display", "source", "field", "quote"]


class CitedRecordSerializer(RecordSerializer):
    """A record that sources support: it lists its citations."""

    citations = PrefetchedList(
        child=BriefCitationSerializer(), read_only=True, help_text="The quotes that support it."
    )


class SourceSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:source-detail")
    slug_made_from = "title and publication date"

    def slug_parts(self, data):
        return [data.get("title"), data.get("published_on")]

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "display",
            "slug",
            "title",
            "publisher",
            "published_on",
            "language",
            "source_url",
            "text",
            "content_hash",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"source_url": {"source": "url"}}


class CitationSerializer(RecordSerializer):
    url = RecordUrlField(view_name="api:citation-detail")
    source = RelatedRecordField(
        BriefSourceSerializer, queryset=Source.objects.all(), help_text="The document quoted (id or slug)."
    )
    record_type = RecordTypeField(
        help_text="The kind of record supported, as app_label.model, e.g. visits.visit.",
    )
    record_id = serializers.IntegerField(
        source="object_id", min_value=1, help_text="The id of the record supported."
    )
    record_url = serializers.SerializerMethodField(help_text="API address of the record supported.")

    class Meta:
        model = Citation
        fields = [
            "id",
            "url",
            "display",
            "source",
            "record_type",
            "record_id",
            "record_url",
            "field",
            "quote",
            "start",
            "end",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["end"]

    def get_record_url(self, citation) -> str:
        model = ContentType.objects.get_for_id(citation.content_type_id).model_class()
        return reverse(
            f"api:{model._meta.model_name}-detail",
            args=[citation.object_id],
            request=self.context.get("request"),
        )

    def validate(self, attrs):
        content_type_id = attrs.get("content_type_id", getattr(self.instance, "content_type_id", None))
        object_id = attrs.get("object_id", getattr(self.instance, "object_id", None))
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if not model.objects.filter(pk=object_id).exists():
            raise serializers.ValidationError(
                {"record_id": [f"No {model._meta.verbose_name} with id {object_id}."]}
            )
        return attrs
