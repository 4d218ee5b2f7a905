"""The product's URLs plus the two baselines the load run and the list figure compare against."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench.views import PlainVisitViewSet, minimal_json

router = SimpleRouter()
router.register("visits", PlainVisitViewSet, basename="plain-visit")

urlpatterns = [
    path("bench/minimal/", minimal_json),
    path("bench/plain/", include(router.urls)),
    path("", include("config.urls")),
]
