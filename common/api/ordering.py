from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` by the names of the output fields (`start`, not the column `start_date`), with a
    400 naming any other and the primary key as the last tiebreak.

    A view lists the output names in `ordering_fields`; `ordering_sources` maps those that are not
    the model's own field to what they sort by (e.g. `{"start": "start_date"}`).
    """

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            allowed = list(getattr(view, "ordering_fields", None) or [])
            unknown = [f for f in fields if f.removeprefix("-") not in allowed]
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(unknown)}; use {', '.join(sorted(allowed))} "
                            "(a leading - for descending order)."
                        ]
                    }
                )
            sources = getattr(view, "ordering_sources", {})
            ordering = []
            for field in fields:
                descending, name = field.startswith("-"), field.removeprefix("-")
                ordering.append(("-" if descending else "") + sources.get(name, name))
        else:
            ordering = list(self.get_default_ordering(view) or queryset.model._meta.ordering)
        if not {"pk", "-pk", "id", "-id"} & set(ordering):
            ordering.append("pk")
        return ordering

    def get_schema_operation_parameters(self, view):
        names = ", ".join(getattr(view, "ordering_fields", None) or [])
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Sort by these output fields, comma-separated (-name: descending): {names}.",
                "schema": {"type": "string"},
            }
        ]
