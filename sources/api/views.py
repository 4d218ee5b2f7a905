from common.api.views import RecordViewSet
from sources.api.serializers import (
    BriefCitationSerializer,
    BriefSourceSerializer,
    CitationSerializer,
    SourceSerializer,
)
from sources.filtersets import CitationFilterSet, SourceFilterSet
from sources.models import Citation, Source


class SourceViewSet(RecordViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    brief_serializer_class = BriefSourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "title", "slug", "id"]
    ordering = ["-published_on", "title"]


class CitationViewSet(RecordViewSet):
    # Sources are shown in brief: their full text (tens of kB each) is not read for every citation.
    queryset = Citation.objects.select_related("source").defer("source__text")
    serializer_class = CitationSerializer
    brief_serializer_class = BriefCitationSerializer
    filterset_class = CitationFilterSet
    ordering_fields = ["id", "start", "created_at"]
    ordering = ["source__slug", "start"]
