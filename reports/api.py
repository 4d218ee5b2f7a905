"""POST /api/v1/report-drafts/: a report's text and metadata in, the proposal out (nothing is written)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from common.api.fields import TextField, UrlTextField
from reports.drafting import MAX_TEXT_CHARS, Report, propose, report_text


class CanDraftVisits(BasePermission):
    """Only those who may add visits (editors) draft them: anonymous 401, others 403."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_perm("visits.add_visit")


class ReportDraftSerializer(serializers.Serializer):
    text = TextField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_TEXT_CHARS * 2,
        help_text="The report's plain text.",
    )
    html = TextField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_TEXT_CHARS * 4,
        help_text="Or the report as HTML; it is turned into text, and the offsets refer to that text "
        "(returned as `text`).",
    )
    title = TextField(required=False, allow_blank=True, max_length=500)
    url = UrlTextField(required=False, allow_blank=True, max_length=1000)
    publisher = TextField(required=False, allow_blank=True, max_length=300)
    published_on = serializers.DateField(
        required=False, allow_null=True, help_text="Anchors 'today', 'yesterday' and dates without a year."
    )
    language = TextField(required=False, allow_blank=True, max_length=10)

    def validate(self, attrs):
        if not attrs.get("text", "").strip() and not attrs.get("html", "").strip():
            raise ValidationError({"text": "Give the report's text (or its HTML in `html`)."})
        try:
            attrs["text"] = report_text(text=attrs.get("text", ""), html=attrs.get("html", ""))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return attrs


class ReportDraftViewSet(viewsets.ViewSet):
    """Draft a visit from a press report. Returns the proposal: people, organisations and places
    (each with `match`, the existing record it matched, or null for a new one), the visit, its
    stops in the order they happened with participants and roles, and place facts; every item has
    its `quote` with `start` and `end` offsets into `text`. Nothing is written."""

    permission_classes = [CanDraftVisits]
    serializer_class = ReportDraftSerializer

    @extend_schema(request=ReportDraftSerializer, responses={200: dict})
    def create(self, request):
        serializer = ReportDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = Report(
            text=data["text"],
            title=data.get("title", ""),
            url=data.get("url", ""),
            publisher=data.get("publisher", ""),
            published_on=data.get("published_on"),
            language=data.get("language") or "en",
        )
        proposal = propose(report)
        body = {
            "text": report.text,
            "title": report.title,
            "url": report.url,
            "publisher": report.publisher,
            "published_on": report.published_on.isoformat() if report.published_on else None,
            **proposal.as_dict(),
        }
        return Response(body)
