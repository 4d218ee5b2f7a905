from common.api.merge import MergeMixin
from common.api.views import RecordViewSet
from places.api.serializers import (
    BriefPlaceFactSerializer,
    BriefPlaceSerializer,
    PlaceFactSerializer,
    PlaceSerializer,
)
from places.filtersets import PlaceFactFilterSet, PlaceFilterSet
from places.models import Place, PlaceFact
from places.services import merge_places
from sources.api.serializers import prefetch_citations


class PlaceViewSet(MergeMixin, RecordViewSet):
    queryset = Place.objects.select_related("parent", "country").prefetch_related(
        "other_names", prefetch_citations()
    )
    serializer_class = PlaceSerializer
    brief_serializer_class = BriefPlaceSerializer
    filterset_class = PlaceFilterSet
    ordering_fields = ["name", "slug", "kind", "path", "id"]
    ordering = ["name"]
    merge_service = ("place", merge_places)


class PlaceFactViewSet(RecordViewSet):
    queryset = PlaceFact.objects.select_related("place").prefetch_related(prefetch_citations())
    serializer_class = PlaceFactSerializer
    brief_serializer_class = BriefPlaceFactSerializer
    filterset_class = PlaceFactFilterSet
    ordering_fields = ["kind", "as_of", "value", "id"]
    ordering_sources = {"as_of": "as_of_date"}
    ordering = ["place__name", "kind", "as_of_date"]
