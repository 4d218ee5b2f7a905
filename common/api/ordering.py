from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from common.api.filters import alternatives, values_pattern

ORDERING_PARAM = "ordering"


def parse_ordering(raw, allowed):
    """[(name, descending)] from `?ordering=a,-b` (blanks and whitespace around names ignored), or a
    400 naming any name not in `allowed`. Empty: []."""
    fields = [part.strip() for part in (raw or "").split(",") if part.strip()]
    unknown = [field for field in fields if field.removeprefix("-") not in allowed]
    if unknown:
        raise ValidationError(
            {
                ORDERING_PARAM: [
                    f"Cannot order by {', '.join(unknown)}; use {', '.join(sorted(allowed))} "
                    "(a leading - for descending order)."
                ]
            }
        )
    return [(field.removeprefix("-"), field.startswith("-")) for field in fields]


def ordering_pattern(allowed):
    """What parse_ordering accepts, as an OpenAPI `pattern`: comma-separated names of `allowed`,
    each possibly with a leading -, whitespace around them and blanks allowed."""
    return values_pattern(rf"-?(?:{alternatives(allowed)})")


def ordering_parameter(allowed):
    """The OpenAPI description of `?ordering=` over `allowed`."""
    return {
        "name": ORDERING_PARAM,
        "required": False,
        "in": "query",
        "description": "Sort by these output fields, comma-separated (-name: descending): "
        f"{', '.join(allowed)}.",
        "schema": {"type": "string", "pattern": ordering_pattern(allowed)},
    }


def order_rows(rows, raw, allowed):
    """`rows` (dicts, e.g. an aggregate's serialized output) sorted by `?ordering=`; rows that tie
    keep their order. A missing value (null) sorts first."""
    rows = list(rows)
    for name, descending in reversed(parse_ordering(raw, allowed)):
        rows.sort(key=lambda row, name=name: (row[name] is not None, row[name]), reverse=descending)
    return rows


def ordering_names(view):
    """The names `?ordering=` takes for the view's action: for an action in the view's
    `rows_ordered_after` (action -> serializer of its rows, e.g. an aggregate), the fields of its
    rows; otherwise the view's `ordering_fields`."""
    rows = getattr(view, "rows_ordered_after", {}).get(getattr(view, "action", None))
    if rows is not None:
        return list(rows().fields)
    return list(getattr(view, "ordering_fields", None) or [])


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` by the names of the output fields (`start`, not the column `start_date`), with a
    400 naming any other and the primary key as the last tiebreak.

    A view lists the output names in `ordering_fields`; `ordering_sources` maps those that are not
    the model's own field to what they sort by (e.g. `{"start": "start_date"}`). Actions in the
    view's `rows_ordered_after` order their own output rows (order_rows) and are left alone here.
    """

    ordering_param = ORDERING_PARAM

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) in getattr(view, "rows_ordered_after", ()):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_ordering(self, request, queryset, view):
        fields = parse_ordering(request.query_params.get(self.ordering_param), ordering_names(view))
        if fields:
            sources = getattr(view, "ordering_sources", {})
            ordering = [("-" if descending else "") + sources.get(name, name) for name, descending in fields]
        else:
            ordering = list(self.get_default_ordering(view) or queryset.model._meta.ordering)
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("pk")
        return ordering

    def get_schema_operation_parameters(self, view):
        return [ordering_parameter(ordering_names(view))]
