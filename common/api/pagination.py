"""Limit/offset pages (default 50, capped at 1000) and, with `?pagination=cursor`, cursor pages."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def _non_negative_int(request, name, *, positive=False):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or (positive and int(raw) == 0):
        kind = "a positive" if positive else "a non-negative"
        raise ValidationError({name: [f"{raw!r} is not {kind} integer."]})
    return int(raw)


class RecordCursorPagination(CursorPagination):
    page_size = DEFAULT_LIMIT
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT

    def get_ordering(self, request, queryset, view):
        # A fixed ordering that ends in the primary key keeps the walk stable; `ordering` is ignored.
        return tuple(getattr(view, "cursor_ordering", ("id",)))

    def get_page_size(self, request):
        limit = _non_negative_int(request, "limit", positive=True)
        return self.page_size if limit is None else min(limit, self.max_page_size)


class RecordPagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT
    cursor = None

    def paginate_queryset(self, queryset, request, view=None):
        mode = request.query_params.get("pagination", "offset")
        if mode not in ("offset", "cursor"):
            raise ValidationError({"pagination": [f"{mode!r} is not one of: offset, cursor."]})
        if mode == "cursor":
            self.cursor = RecordCursorPagination()
            return self.cursor.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

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
        response["properties"]["count"]["description"] = "Total rows; absent in cursor mode."
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
