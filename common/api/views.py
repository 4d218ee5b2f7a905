"""The base viewset: permissions, `?brief` / `?fields`, ETag / If-Match, history-recorded writes."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from common.api import compiled
from common.api.export import ExportMixin
from common.api.fields import as_id
from common.api.ordering import ordering_names
from common.api.params import filterset_parameters, parameter_errors
from common.api.reads import cached_plan, read_by_id
from common.api.renderers import csv_columns
from common.api.services import delete_record
from common.visibility import visible

TRUE_VALUES = {"1", "true", "yes", "on"}
PAGINATION_PARAMETERS = {"limit", "offset", "pagination", "cursor"}
# Actions that read a filtered, ordered list of the records (not aggregates over them).
LIST_ACTIONS = {"list", "export"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since you read it (If-Match does not match its ETag)."
    default_code = "precondition_failed"


def etag_for(instance):
    """The record's version: it changes whenever the record is saved (`updated_at`)."""
    return f'"{instance.pk}-{instance.updated_at.timestamp():.6f}"'


class StrictParametersMixin:
    """Every query parameter this action does not read is a 400 naming it (common.api.params)."""

    def query_parameters(self):
        """(the parameters this action reads, those that take several values)."""
        return {"format"}, set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, request.method.lower(), None) is None:
            return  # a method this URL does not take: dispatch answers 405, whatever the parameters
        allowed, several = self.query_parameters()
        errors = parameter_errors(request.query_params, allowed, several)
        if errors:
            raise ValidationError(errors)


class RecordViewSet(StrictParametersMixin, ExportMixin, viewsets.ModelViewSet):
    """One short subclass per model sets queryset, serializer_class, brief_serializer_class,
    filterset_class, ordering_fields and ordering."""

    brief_serializer_class = None
    # Any id in the path reaches the view, so "/visits/0.5/" is the API's JSON 404, not Django's HTML one.
    lookup_value_regex = "[^/]+"
    # The fixed order of `?pagination=cursor`; it must end in a unique field.
    cursor_ordering = ("id",)
    etag_instance = None
    # Lists read their page by id as plain rows shaped by the serializer (common.api.reads)
    # instead of through get_queryset()'s joins and prefetches, which details and writes keep.
    read_lists_by_id = False
    # Lists are written by their serializers compiled into plain getters (common.api.compiled);
    # off, by DRF's to_representation (the same bytes: tests/test_api_compiled_lists.py).
    compile_lists = True
    # Actions that order their own output rows by `?ordering=` (action -> serializer of the rows):
    # common.api.ordering.order_rows.
    rows_ordered_after = {}

    def query_parameters(self):
        allowed, several = super().query_parameters()
        if self.request.method != "GET":
            return allowed, several
        if self.action in ("retrieve", *LIST_ACTIONS):
            allowed |= {"brief", "fields"}
        if not self.detail:
            filters, several = filterset_parameters(getattr(self, "filterset_class", None))
            allowed |= filters
        if self.action in {*LIST_ACTIONS, *self.rows_ordered_after} and ordering_names(self):
            allowed.add("ordering")
        if self.action == "list" and self.paginator is not None:
            allowed |= PAGINATION_PARAMETERS
        return allowed, several

    def _flag(self, name):
        raw = self.request.query_params.get(name, "").strip().lower()
        if raw not in TRUE_VALUES | FALSE_VALUES:
            raise ValidationError({name: [f"{raw!r} is not a boolean; use 1/0 or true/false."]})
        return raw in TRUE_VALUES

    def get_serializer_class(self):
        if self.request is not None and self.request.method == "GET" and self._flag("brief"):
            return self.brief_serializer_class
        return self.serializer_class

    def get_serializer(self, *args, **kwargs):
        if (
            self.request is not None
            and self.request.method == "GET"
            and self.request.query_params.get("fields")
        ):
            requested = [
                name.strip() for name in self.request.query_params["fields"].split(",") if name.strip()
            ]
            available = list(self.get_serializer_class()().fields)
            unknown = [name for name in requested if name not in available]
            if unknown:
                raise ValidationError(
                    {"fields": [f"Unknown field(s) {', '.join(unknown)}; use {', '.join(available)}."]}
                )
            if requested:  # "fields=," names none: no selection, as a blank value is
                kwargs["fields"] = requested
        return super().get_serializer(*args, **kwargs)

    def filter_queryset(self, queryset):
        # Lists, details, writes and aggregates alike: first the rows this user may see at all.
        return super().filter_queryset(visible(queryset, self.request.user))

    def list(self, request, *args, **kwargs):
        if self.read_lists_by_id:
            serializer = self.get_serializer(many=True)
            # The page is chosen on the filtered, ordered rows without their relations; offset
            # pages by ordered ids (RecordPagination.paginate_ids), cursor pages with their
            # ordering values.
            queryset = self.filter_queryset(self.get_queryset()).select_related(None).prefetch_related(None)
            page = self.paginate_queryset(queryset.only(*self.cursor_ordering))
            ids = (
                [row.pk for row in page] if page is not None else list(queryset.values_list("pk", flat=True))
            )
            records = read_by_id(cached_plan(serializer.child), ids)
        else:
            # As DRF's ListModelMixin.list, in its order (a bad filter is reported before bad fields).
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            records = queryset if page is None else page
            serializer = self.get_serializer(many=True)
        if self.compile_lists:
            data = compiled.represent(serializer.child, records)
        else:
            serializer.instance = records
            data = serializer.data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

    def csv_columns(self):
        if self.action in ("list", "retrieve", "create", "update", "partial_update"):
            return csv_columns(self.get_serializer())
        return None

    # --- ETag and If-Match -------------------------------------------------------------------

    def get_object(self):
        self.etag_instance = self._find_object()
        if self.request.method in ("PUT", "PATCH", "DELETE"):
            # Checked before the body is validated: a stale write is refused whatever it contains.
            self.check_if_match(self.etag_instance)
        return self.etag_instance

    def _find_object(self):
        """The record the URL names by id (`/people/12/`) or, for a model with slugs, by slug
        (`/people/nikol-pashinyan/`): digits are an id, anything else a slug."""
        key = str(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        queryset = self.filter_queryset(self.get_queryset())
        if as_id(key) is not None:
            record = get_object_or_404(queryset, pk=as_id(key))
        elif any(field.name == "slug" for field in queryset.model._meta.fields):
            record = get_object_or_404(queryset, slug=key)
        else:
            raise Http404
        self.check_object_permissions(self.request, record)
        return record

    def check_if_match(self, instance):
        header = self.request.headers.get("If-Match")
        if not header:
            return
        # Re-read the version under a row lock so a concurrent writer cannot slip in between.
        current = (
            type(instance)
            .objects.select_for_update()
            .filter(pk=instance.pk)
            .values_list("updated_at", flat=True)
        )
        instance.updated_at = current.get()
        tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        if "*" not in tags and etag_for(instance) not in tags:
            raise PreconditionFailed()

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    def perform_create(self, serializer):
        self.etag_instance = serializer.save()

    def perform_update(self, serializer):
        self.etag_instance = serializer.save()

    def perform_destroy(self, instance):
        delete_record(instance=instance, user=self.request.user)
        self.etag_instance = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.etag_instance is not None and response.status_code in (200, 201):
            response["ETag"] = etag_for(self.etag_instance)
        return response
