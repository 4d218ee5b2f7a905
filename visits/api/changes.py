"""The change log, `/api/v1/changes/`: every history entry of every record, newest first.

Which entries a reader may see is common.visibility's rule, as everywhere. One page costs a
count and a UNION over the history tables the reader may see, then one query per record type
on the page (at most 12, whatever the page size) for the rows themselves, the rows they are
compared with, and their users.
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission

from common.api.fields import as_id
from common.api.filters import optional_pattern
from common.api.pagination import OffsetPagination
from common.api.views import StrictParametersMixin
from common.auth.access import can_read
from common.models import TimeStampedModel
from common.partial_dates import PARTIAL_DATE_FORM, last_day, parse_partial_date
from common.visibility import visible_history
from visits.models import Visit

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
HISTORY_TYPES = {name: code for code, name in ACTIONS.items()}
MAX_ID = 2**63 - 1


def tracked_models():
    """Every model with a change history, by "app_label.model"."""
    return {
        model._meta.label_lower: model for model in apps.get_models() if issubclass(model, TimeStampedModel)
    }


@extend_schema_field({"type": "string", "pattern": optional_pattern(PARTIAL_DATE_FORM)})
class PartialDateParameter(serializers.Field):
    """A partial date as a search bound (any year), stripped; blank is no filter, as for the record
    filters (common.api.filters.PartialDateFilter, whose pattern this is). Not a CharField: with
    allow_blank, drf-spectacular would add a second schema for "" (which the pattern admits)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_internal_value(self, data):
        return str(data).strip()


class ChangeFilterSerializer(serializers.Serializer):
    """The query parameters, validated: a bad value is a 400 naming the parameter."""

    record_type = serializers.ChoiceField(
        choices=sorted(tracked_models()),
        required=False,
        allow_blank=True,
        help_text="The kind of record, e.g. visits.visit.",
    )
    record_id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="The record's id (use with record_type)."
    )
    # Blank is no filter, as for every other filter of the API; a username is matched as given.
    user = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Who made the change: a username or a user id.",
    )
    date_after = PartialDateParameter(help_text="Changes on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).")
    date_before = PartialDateParameter(
        help_text="Changes on or before this day (YYYY, YYYY-MM or YYYY-MM-DD; a period means its last day).",
    )
    action = serializers.ChoiceField(
        choices=list(HISTORY_TYPES),
        required=False,
        allow_blank=True,
        help_text="created, changed or deleted.",
    )

    def validate(self, attrs):
        # A blank value is no filter, as for every other filter of the API.
        return {name: value for name, value in attrs.items() if value not in ("", None)}

    def validate_user(self, value):
        if not value:
            return value
        match = Q(username=value)
        if as_id(value) is not None:
            match |= Q(pk=as_id(value))
        user = get_user_model().objects.filter(match).order_by("pk").first()
        if user is None:
            raise serializers.ValidationError(f"No user with username or id {value!r}.")
        return user

    def _day(self, value):
        try:
            return parse_partial_date(value, bounded=False)  # a search bound, not a stored date
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_date_after(self, value):
        if not value:
            return None
        day, _precision = self._day(value)
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)

    def validate_date_before(self, value):
        if not value:
            return None
        day = last_day(*self._day(value))
        if day == datetime.date.max:
            return None
        next_day = day + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=datetime.UTC)


class ChangeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='The entry: "<record_type>:<history id>", e.g. "visits.visit:12".')
    record_type = serializers.CharField(help_text="The kind of record, as app_label.model.")
    record_id = serializers.IntegerField(help_text="The record's id.")
    record_display = serializers.CharField(help_text="The record as text, as it was after the change.")
    action = serializers.ChoiceField(choices=list(HISTORY_TYPES))
    user = serializers.CharField(allow_null=True, help_text="Username of who made it; null for a command.")
    date = serializers.DateTimeField(help_text="When it was made.")
    change_reason = serializers.CharField(allow_null=True, help_text="Why, when given (e.g. by an import).")
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        help_text="For `changed`: the fields that differ from the previous version; empty otherwise.",
    )


def change_rows(user, filters):
    """A UNION over the history tables `user` may read: (record_type, history_id, history_date)."""
    models = tracked_models()
    if "record_type" in filters:
        models = {filters["record_type"]: models[filters["record_type"]]}
    branches = []
    for label, model in models.items():
        if not can_read(user, model):
            continue
        rows = visible_history(model.history.order_by(), model, user)
        if "record_id" in filters:
            rows = rows.filter(id=filters["record_id"])
        if "user" in filters:
            rows = rows.filter(history_user=filters["user"])
        if filters.get("date_after"):
            rows = rows.filter(history_date__gte=filters["date_after"])
        if filters.get("date_before"):
            rows = rows.filter(history_date__lt=filters["date_before"])
        if "action" in filters:
            rows = rows.filter(history_type=HISTORY_TYPES[filters["action"]])
        branches.append(
            rows.annotate(record_type=Value(label, output_field=CharField())).values(
                "record_type", "history_id", "history_date"
            )
        )
    if not branches:
        return Visit.history.none().values("history_id")
    return branches[0].union(*branches[1:], all=True).order_by("-history_date", "record_type", "-history_id")


def _record_text(model, row):
    """The record as it was in `row`, as text, using the related records fetched with the row."""
    record = row.history_object
    for field in model._meta.concrete_fields:
        if field.many_to_one:
            field.set_cached_value(record, getattr(row, field.name))
    try:
        return str(record)
    except AttributeError:
        # A related record its text names has been deleted since (so it was fetched as None).
        return f"{model._meta.verbose_name} {row.id}"


def describe_changes(page):
    """The page's entries in full: one query per record type on the page."""
    by_type = {}
    for entry in page:
        by_type.setdefault(entry["record_type"], []).append(entry["history_id"])
    models = tracked_models()
    described = {}
    for label, ids in by_type.items():
        model = models[label]
        history = model.history.model
        earlier = history.objects.filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
            id=OuterRef("id"),
        ).order_by("-history_date", "-history_id")
        previous_ids = (
            history.objects.filter(history_id__in=ids)
            .annotate(previous=Subquery(earlier.values("history_id")[:1]))
            .values("previous")
        )
        relations = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        rows = history.objects.filter(Q(history_id__in=ids) | Q(history_id__in=previous_ids)).select_related(
            "history_user", *relations
        )
        wanted = set(ids)
        latest = {}
        # Oldest first, so each record's latest row seen so far is the one before this row.
        for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
            previous = latest.get(row.id)
            latest[row.id] = row
            if row.history_id not in wanted:
                continue
            changed = []
            if row.history_type == "~" and previous is not None:
                changed = row.diff_against(previous).changed_fields
            described[(label, row.history_id)] = {
                "id": f"{label}:{row.history_id}",
                "record_type": label,
                "record_id": row.id,
                "record_display": _record_text(model, row),
                "action": ACTIONS[row.history_type],
                "user": row.history_user.get_username() if row.history_user else None,
                "date": row.history_date,
                "change_reason": row.history_change_reason,
                "changed_fields": changed,
            }
    return [described[(entry["record_type"], entry["history_id"])] for entry in page]


class CanReadSomeRecords(BasePermission):
    """The change log is read by anyone who may read at least one kind of record; each entry is
    then shown only if its kind is readable. Anonymous requests get 401."""

    def has_permission(self, request, view):
        return any(can_read(request.user, model) for model in tracked_models().values())


class ChangeViewSet(StrictParametersMixin, viewsets.GenericViewSet):
    serializer_class = ChangeSerializer
    permission_classes = [CanReadSomeRecords]
    pagination_class = OffsetPagination
    filter_backends = []

    def csv_columns(self):
        return list(ChangeSerializer().fields)

    def query_parameters(self):
        allowed, several = super().query_parameters()
        return allowed | set(ChangeFilterSerializer().fields) | {"limit", "offset"}, several

    @extend_schema(parameters=[ChangeFilterSerializer])
    def list(self, request):
        """Every create, change and delete of every record, newest first (entries of draft visits only
        for those who may see drafts)."""
        filters = ChangeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(change_rows(request.user, filters.validated_data))
        return self.get_paginated_response(ChangeSerializer(describe_changes(page), many=True).data)
