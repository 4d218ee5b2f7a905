"""OpenAPI details drf-spectacular cannot infer: `?brief` / `?fields`, related-record fields, CSV bodies."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

CSV_BODY = {"type": "string", "description": "CSV with a header row; see docs/api.md for the columns."}
ERROR_BODY = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "What went wrong.",
}
# Field or parameter name -> messages (or `detail` for a body that is not JSON).
INVALID_BODY = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}, {"type": "object"}]
    },
    "description": "Each bad field or query parameter with its messages.",
}
# The errors every operation may answer, and those particular to writes.
ERRORS = {
    "400": "A query parameter (or, for writes, the body) is invalid.",
    "401": "No credentials, or invalid ones.",
    "403": "The user may not do this.",
    "404": "No such record (or a draft hidden from this user), or an unknown `format`.",
    "429": "Too many requests; see Retry-After.",
}
WRITE_ERRORS = {
    "413": "The body is larger than the upload limit.",
    "415": "The body is not JSON.",
}
DELETE_ERRORS = {"409": "The record is still used by other records."}
IF_MATCH_ERRORS = {"412": "If-Match does not match the record's current ETag."}


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

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors |= WRITE_ERRORS
        if self.method in ("PUT", "PATCH", "DELETE"):
            errors |= IF_MATCH_ERRORS
        if self.method == "DELETE":
            errors |= DELETE_ERRORS
        media_types = self.map_renderers("media_type")
        for code, description in errors.items():
            body = INVALID_BODY if code == "400" else ERROR_BODY
            content = {media: {"schema": CSV_BODY if media == "text/csv" else body} for media in media_types}
            if code == "400":
                # common.http.middleware refuses a NUL character in the URL before the API sees it.
                content["text/plain"] = {"schema": {"type": "string"}}
            responses.setdefault(code, {"description": description, "content": content})
        return responses

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
