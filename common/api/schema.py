"""OpenAPI details drf-spectacular cannot infer: `?brief` / `?fields`, related-record fields, CSV bodies."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

CSV_BODY = {"type": "string", "description": "CSV with a header row; see docs/api.md for the columns."}


class RecordAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET" and getattr(self.view, "action", None) in ("list", "retrieve"):
            parameters += [
                OpenApiParameter(
                    "brief",
                    OpenApiTypes.BOOL,
                    description="Return the slim form: id, url, display, slug, name.",
                ),
                OpenApiParameter(
                    "fields",
                    OpenApiTypes.STR,
                    description="Comma-separated fields to return, e.g. `id,display`; unknown names: 400.",
                ),
            ]
        if self.method == "GET":
            parameters.append(
                OpenApiParameter(
                    "format",
                    OpenApiTypes.STR,
                    enum=["json", "csv"],
                    description="Response format; `Accept: text/csv` works too.",
                )
            )
        return parameters

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        if "text/csv" in response.get("content", {}):
            response["content"]["text/csv"] = {"schema": CSV_BODY}
        return response


class RelatedRecordFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "common.api.fields.RelatedRecordField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return auto_schema.resolve_serializer(self.target.brief_serializer, direction).ref
        return {
            "oneOf": [build_basic_type(OpenApiTypes.INT), build_basic_type(OpenApiTypes.STR)],
            "description": "The related record's id, or its slug.",
        }


def responses_may_omit_fields(result, generator, request, public):
    """`?fields=` and `?brief=` return a subset of a record's fields, so no response field is required."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request") and not name.startswith("Paginated"):
            component.pop("required", None)
    return result


class LabelledFilterExtension(DjangoFilterExtension):
    """Filters whose type is set with extend_schema_field keep their label as the description."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            if not parameter.get("description") and filter_field.label:
                parameter["description"] = str(filter_field.label)
        return parameters
