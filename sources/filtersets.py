import django_filters
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from common.api.filters import IdOrSlugFilter, IntegerFilter, any_contains
from sources.api.serializers import cited_model_labels
from sources.models import Citation, Source


class SourceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Text search over title, publisher and full text.")
    language = django_filters.CharFilter(label="Language code, e.g. en.")
    publisher = django_filters.CharFilter(lookup_expr="icontains", label="Publisher contains this text.")
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="Published on or after (YYYY-MM-DD)."
    )
    published_before = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="Published on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Source
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(any_contains(value, "title", "publisher", "text"))


class CitationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Text search over the quote and note.")
    source = IdOrSlugFilter(queryset=Source.objects.all(), label="The source quoted, by id or slug.")
    record_type = django_filters.ChoiceFilter(
        choices=[(label, label) for label in cited_model_labels()],
        method="filter_record_type",
        label="The kind of record supported, e.g. visits.visit.",
    )
    record_id = IntegerFilter(
        field_name="object_id",
        min_value=1,
        max_value=2**63 - 1,
        label="The id of the record supported (use with record_type).",
    )
    field = django_filters.CharFilter(label="The field of the record the quote supports.")

    class Meta:
        model = Citation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(any_contains(value, "quote", "note"))

    def filter_record_type(self, queryset, name, value):
        return queryset.filter(content_type=ContentType.objects.get_for_model(apps.get_model(value)))
