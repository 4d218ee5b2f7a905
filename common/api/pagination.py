"""Limit/offset pages (default 50, capped at 1000) and, with `?pagination=cursor`, cursor pages."""

import base64
import binascii
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from common.db.counts import EXACT_UP_TO, bounded_count, estimated_count

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def _non_negative_int(request, name, *, positive=False):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or (positive and int(raw) == 0):
        kind = "a positive" if positive else "a non-negative"
        raise ValidationError({name: [f"{raw!r} is not {kind} integer."]})
    return int(raw)


# A cursor value longer than this was not written by `_link` (dates, ids and slugs are short).
_MAX_CURSOR_VALUE = 200
_INT64 = range(-(2**63), 2**63)


def _cursor_value(field, raw):
    """One ordering value of a cursor: the string `_link` wrote, as the field's Python value."""
    if not isinstance(raw, str) or len(raw) > _MAX_CURSOR_VALUE:
        raise ValueError("a cursor value is a short string")
    value = field.to_python(raw)
    if value is None:
        raise ValueError("a cursor value is never null")
    if isinstance(value, int) and value not in _INT64:
        raise ValueError("past a 64-bit integer")
    return value


class KeysetCursorPagination:
    """Cursor pages over the view's `cursor_ordering` (ascending, ending in a unique field).

    The cursor holds the ordering values of the row it starts after (or before, going back), so
    each page is one indexed range query and rows added or removed elsewhere do not shift it.
    DRF's CursorPagination keys on the first field only and pages back wrongly over many equal
    dates, hence this.
    """

    def paginate_queryset(self, queryset, request, view):
        self.request = request
        self.fields = tuple(getattr(view, "cursor_ordering", ("id",)))
        limit = _non_negative_int(request, "limit", positive=True)
        size = DEFAULT_LIMIT if limit is None else min(limit, MAX_LIMIT)
        direction, values = self._decode(request.query_params.get("cursor"), queryset.model)
        if direction == "previous":
            queryset = queryset.filter(self._beyond(values, "lt")).order_by(*[f"-{f}" for f in self.fields])
        else:
            if values:
                queryset = queryset.filter(self._beyond(values, "gt"))
            queryset = queryset.order_by(*self.fields)
        rows = list(queryset[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if direction == "previous":
            rows.reverse()
        self.has_next = True if direction == "previous" else more
        self.has_previous = more if direction == "previous" else values is not None
        self.rows = rows
        return rows

    def _beyond(self, values, op):
        """Rows whose ordering values come after (gt) or before (lt) `values`, lexicographically."""
        match = Q(pk__in=[])
        for i, field in enumerate(self.fields):
            equal = {name: values[j] for j, name in enumerate(self.fields[:i])}
            match |= Q(**equal, **{f"{field}__{op}": values[i]})
        # The same bound on the first field alone, which an index can start from: without it
        # the OR above makes PostgreSQL walk the index from its start (slow half a million rows in).
        return Q(**{f"{self.fields[0]}__{op}e": values[0]}) & match

    def _link(self, direction, row):
        values = [str(getattr(row, field)) for field in self.fields]
        token = base64.urlsafe_b64encode(json.dumps([direction, values]).encode()).decode()
        return replace_query_param(self.request.build_absolute_uri(), "cursor", token)

    def _decode(self, token, model):
        """(direction, ordering values) from a cursor made by `_link`; a 400 for anything else.

        A cursor is client input: its shape (a list of a direction and one string per ordering
        field), each value's type and its range are checked here, so that no value reaches the
        query that the database would refuse (a null, a list, an integer past 64 bits).
        """
        if not token:
            return "next", None
        try:
            data = json.loads(base64.urlsafe_b64decode(token.encode()))
            if not isinstance(data, list) or len(data) != 2:
                raise ValueError("not a [direction, values] pair")
            direction, raw = data
            if direction not in ("next", "previous"):
                raise ValueError("unknown direction")
            if not isinstance(raw, list) or len(raw) != len(self.fields):
                raise ValueError("not one value per ordering field")
            values = [
                _cursor_value(model._meta.get_field(field), value)
                for field, value in zip(self.fields, raw, strict=True)
            ]
        except (ValueError, TypeError, OverflowError, binascii.Error, DjangoValidationError):
            raise ValidationError(
                {"cursor": ["Invalid cursor; use the next or previous link as given."]}
            ) from None
        return direction, values

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link("next", self.rows[-1]) if self.has_next and self.rows else None,
                "previous": self._link("previous", self.rows[0]) if self.has_previous and self.rows else None,
                "results": data,
            }
        )


class RecordPagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT
    cursor = None

    def paginate_queryset(self, queryset, request, view=None):
        mode = request.query_params.get("pagination", "offset")
        if mode not in ("offset", "cursor"):
            raise ValidationError({"pagination": [f"{mode!r} is not one of: offset, cursor."]})
        if mode == "cursor":
            self.cursor = KeysetCursorPagination()
            return self.cursor.paginate_queryset(queryset, request, view)
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        if getattr(view, "read_lists_by_id", False):
            return self.paginate_ids(queryset, once=bool(request.query_params.get("q")))
        self.count = self.get_count(queryset)
        if self.count_is_estimate and self.offset >= self.count:
            # Past the estimated end only an exact count can say whether rows remain.
            self.count, self.count_is_estimate = queryset.count(), False
        if self.count == 0 or self.offset > self.count:
            return []
        rows = list(queryset[self.offset : self.offset + self.limit])
        self._correct_estimate(len(rows))
        return rows

    def _correct_estimate(self, page_length):
        if self.count_is_estimate:
            # The page itself corrects the estimate: a short page is the end, a full one has a next.
            if page_length < self.limit:
                self.count = self.offset + page_length
            else:
                self.count = max(self.count, self.offset + self.limit + 1)

    def paginate_ids(self, queryset, *, once):
        """The page as records holding only their id, for a view that reads its rows by id.

        With `once` (a text search: finding the matches is the cost), one query reads the
        ordered ids of the first EXACT_UP_TO + 1 rows: their number is the count (exact up to
        the bound) and the page is a slice of them, so the search runs once, not once to count
        and once for the page. Only a page past them, or a count past the bound (PostgreSQL's
        estimate of the same query), costs another query. Otherwise the count stops at the
        bound unsorted and the page's ids come from the index in order: sorting 10,001 ids of a
        cheap filter costs more than running it twice (docs/performance.md).
        """
        if not once:
            self.count = self.get_count(queryset)
            if self.count_is_estimate and self.offset >= self.count:
                self.count, self.count_is_estimate = queryset.count(), False
            if self.count == 0 or self.offset > self.count:
                return []
            page = list(queryset.values_list("pk", flat=True)[self.offset : self.offset + self.limit])
            self._correct_estimate(len(page))
            return [queryset.model(pk=pk) for pk in page]
        ids = list(queryset.values_list("pk", flat=True)[: EXACT_UP_TO + 1])
        end = self.offset + self.limit
        if len(ids) <= EXACT_UP_TO:
            self.count, self.count_is_estimate = len(ids), False
            page = ids[self.offset : end]
        else:
            self.count, self.count_is_estimate = estimated_count(queryset)
            if end > len(ids):
                ids = list(queryset.values_list("pk", flat=True)[self.offset : end])
            else:
                ids = ids[self.offset : end]
            page = ids
            if self.count_is_estimate and not page:
                # Past the estimated end only an exact count can say how many rows there are.
                self.count, self.count_is_estimate = queryset.count(), False
            self._correct_estimate(len(page))
        model = queryset.model
        return [model(pk=pk) for pk in page]

    def get_count(self, queryset):
        # No COUNT(*) over a million visits: exact up to common.db.counts.EXACT_UP_TO, estimated beyond.
        count, self.count_is_estimate = bounded_count(queryset)
        return count

    def get_limit(self, request):
        limit = _non_negative_int(request, self.limit_query_param, positive=True)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        return _non_negative_int(request, self.offset_query_param) or 0

    def get_paginated_response(self, data):
        if self.cursor:
            return self.cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["results"]
        response["properties"]["count"]["description"] = (
            f"Total rows; absent in cursor mode. Exact up to {EXACT_UP_TO:,}; beyond, PostgreSQL's "
            "estimate, made exact on the last page."
        )
        return response

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "limit",
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {DEFAULT_LIMIT}; more than {MAX_LIMIT} is capped).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "offset",
                "required": False,
                "in": "query",
                "description": "Rows to skip (offset mode).",
                "schema": {"type": "integer", "minimum": 0},
            },
            {
                "name": "pagination",
                "required": False,
                "in": "query",
                "description": "offset (default: count, next and previous links) or cursor (next and "
                "previous links only, constant cost however deep; fixed order).",
                "schema": {"type": "string", "enum": ["offset", "cursor"]},
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Opaque position from a cursor-mode `next` or `previous` link.",
                "schema": {"type": "string"},
            },
        ]


class OffsetPagination(RecordPagination):
    """Limit/offset only, for lists a cursor cannot walk (the change log is a UNION of tables)."""

    def paginate_queryset(self, queryset, request, view=None):
        return LimitOffsetPagination.paginate_queryset(self, queryset, request, view)

    def get_schema_operation_parameters(self, view):
        return [p for p in super().get_schema_operation_parameters(view) if p["name"] in ("limit", "offset")]
