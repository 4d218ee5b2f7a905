"""The baselines the product is measured against; bench-only, never routed by config.urls.

- `minimal_json`: the least a Django view can do (the load run's ceiling).
- `PlainVisitViewSet`: what a typical project ships: a ModelViewSet over `Visit.objects.all()`
  with default nested ModelSerializers and no prefetching.

The fastest possible bodies, the baseline of every API figure, are bench/raw.py's (plain SQL,
Python, orjson: issue 17); they replaced an in-database JSON query that was itself twice as slow.
"""

from django.http import JsonResponse
from rest_framework import serializers, viewsets
from rest_framework.pagination import LimitOffsetPagination

from visits.models import Engagement, Participant, Visit


def minimal_json(request):
    return JsonResponse({"ok": True})


class PlainParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = "__all__"


class PlainEngagementSerializer(serializers.ModelSerializer):
    participants = PlainParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Engagement
        fields = "__all__"


class PlainVisitSerializer(serializers.ModelSerializer):
    engagements = PlainEngagementSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = "__all__"


class PlainVisitViewSet(viewsets.ModelViewSet):
    queryset = Visit.objects.all()
    serializer_class = PlainVisitSerializer
    pagination_class = LimitOffsetPagination
    filter_backends = []
