"""`POST /api/v1/<records>/{id}/merge/` with `{"into": <id or slug>}`: the record at the URL is
merged into the one named, in one step, by the owning app's merge service (e.g.
people.services.merge_people). Editors only: it changes one record and deletes another."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from common.api.fields import RelatedRecordField
from common.api.services import Conflict, as_api_error
from common.visibility import visible


class MergeRequestSerializer(serializers.Serializer):
    into = serializers.CharField(
        max_length=200,
        help_text="The record to keep, by id or slug: it takes the place of the one in the URL.",
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Why, for the history."
    )


class MergeMixin:
    """Adds the `merge` action to a RecordViewSet; `merge_service(record=, into=, user=, reason=)`
    is the owning app's service, given as the name of its record keyword, e.g. ("person", merge_people)."""

    merge_service = None  # (keyword, function)

    @extend_schema(
        request=MergeRequestSerializer,
        summary="Merge this record into another",
        description="Every reference to this record moves to `into`, this record's names become "
        "`into`'s other names, the history records the merge, and this record is deleted. "
        "Answers with the record kept.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        model = self.get_queryset().model
        opts = model._meta
        needed = [f"{opts.app_label}.change_{opts.model_name}", f"{opts.app_label}.delete_{opts.model_name}"]
        if not request.user.has_perms(needed):
            raise PermissionDenied("Merging needs the permissions to change and delete these records.")
        record = self.get_object()
        body = MergeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # The record kept is named as any related record is (id or slug), among those the user sees.
        into_field = RelatedRecordField(None, queryset=visible(model._default_manager.all(), request.user))
        try:
            into = into_field.run_validation(body.validated_data["into"])
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"into": exc.detail}) from None
        keyword, service = self.merge_service
        try:
            into = service(
                **{keyword: record},
                into=into,
                user=request.user,
                reason=body.validated_data.get("reason") or None,
            )
        except DjangoValidationError as exc:
            raise as_api_error(exc) from None
        except ProtectedError as exc:
            raise Conflict(str(exc.args[0])) from None
        self.etag_instance = into
        kept = self.get_queryset().get(pk=into.pk)
        return Response(self.get_serializer(kept).data)
