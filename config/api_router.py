"""The REST API: one router for every resource under /api/v1/ (URL names `api:<model>-list|detail`)."""

from rest_framework.routers import APIRootView, DefaultRouter

from people.api.views import MembershipViewSet, OrganisationViewSet, PersonViewSet
from places.api.views import PlaceFactViewSet, PlaceViewSet
from reports.api import ReportDraftViewSet
from sources.api.views import CitationViewSet, SourceViewSet
from visits.api.changes import CanReadSomeRecords, ChangeViewSet
from visits.api.views import EngagementViewSet, ParticipantViewSet, VisitViewSet


class RootView(APIRootView):
    # The default, RecordPermissions, needs a model: the root answered every request with a 500.
    permission_classes = [CanReadSomeRecords]


router = DefaultRouter()
router.APIRootView = RootView
router.include_format_suffixes = False
router.register("people", PersonViewSet, basename="person")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("places", PlaceViewSet, basename="place")
router.register("place-facts", PlaceFactViewSet, basename="placefact")
router.register("visits", VisitViewSet, basename="visit")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("sources", SourceViewSet, basename="source")
router.register("citations", CitationViewSet, basename="citation")
router.register("changes", ChangeViewSet, basename="change")
router.register("report-drafts", ReportDraftViewSet, basename="report-draft")

app_name = "api"
urlpatterns = router.urls
