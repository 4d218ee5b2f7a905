"""OpenAPI details drf-spectacular cannot infer: `?brief` / `?fields`, related-record fields, CSV bodies."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from common.api.filters import alternatives, values_pattern

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
    "404": "No such record (or a draft hidden from this user).",
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
        from common.api.views import RecordViewSet  # the views use this module's AutoSchema

        # `brief` and `fields` are the records' (RecordViewSet), not the change log's.
        takes_brief = isinstance(self.view, RecordViewSet)
        if (
            self.method == "GET"
            and takes_brief
            and getattr(self.view, "action", None) in ("list", "retrieve", "export")
        ):
            names = list(self.view.serializer_class().fields)
            parameters += [
                OpenApiParameter(
                    "brief",
                    OpenApiTypes.BOOL,
                    description="Return the slim form: id, url, display, slug, name.",
                ),
                OpenApiParameter(
                    "fields",
                    {"type": "string", "pattern": values_pattern(alternatives(names))},
                    description=f"Comma-separated fields to return, e.g. `id,display`: {', '.join(names)} "
                    "(with `brief`, only those of the slim form); unknown names: 400.",
                ),
            ]
        if self.method == "GET":
            parameters.append(
                OpenApiParameter(
                    "format",
                    OpenApiTypes.STR,
                    # The formats this operation writes (an export's are csv and jsonl); any other
                    # is a 400 (common.api.negotiation).
                    enum=self.map_renderers("format"),
                    description="Response format; `Accept: text/csv` works too; any other: 400.",
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
            # A slug is never empty ("" is refused: RelatedRecordField.run_validation).
            "oneOf": [build_basic_type(OpenApiTypes.INT), {"type": "string", "minLength": 1}],
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


# --- Examples ---------------------------------------------------------------------------------
# Every operation gets a request example (writes) and response examples, built from its schema
# with values from the bundled Innopolis visit, so Swagger UI shows what a call sends and gets
# without a try. Field names the schema does not give an example for are filled by name.
EXAMPLE_VALUES = {
    "slug": "nikol-pashinyan",
    "name": "Nikol Pashinyan",
    "display": "Nikol Pashinyan",
    "title": "Working visit to Tatarstan",
    "url": "https://register.example/api/v1/people/1/",
    "record_url": "https://register.example/api/v1/visits/1/",
    "source_url": "https://www.primeminister.am/en/press-release/item/2021/04/30/",
    "quote": "Nikol Pashinyan visited Kazan Expo and Innopolis.",
    "iso_code": "RU",
    "record_type": "visits.visit",
    "field": "title",
    "language": "en",
    "kind": "working",
    "role": "principal",
    "status": "held",
    "count": 1,
}
ERROR_EXAMPLES = {
    "400": {
        "country": ["No country with id, slug or ISO code 'atlantis'."],
        "year": ["Unknown parameter 'year'; the valid parameters here are: country, date_after, ..."],
    },
    "401": {"detail": "Authentication credentials were not provided."},
    "403": {"detail": "You do not have permission to perform this action."},
    "404": {"detail": "No Visit matches the given query."},
    "409": {"detail": "The record is still used by other records."},
    "412": {"detail": "The record has changed since you read it (If-Match does not match its ETag)."},
    "413": {"detail": "The request body is larger than the upload limit."},
    "415": {"detail": 'Unsupported media type "text/plain" in request.'},
    "429": {"detail": "Request was throttled. Expected available in 42 seconds."},
}
_MAX_DEPTH = 3
JSONL_EXAMPLE = (
    '{"export": {"resource": "visits", "count": 1, "filter": "country=RU", '
    '"exported_at": "2026-12-03T12:00:00+00:00"}}\n'
    '{"id": 1, "slug": "pashinyan-innopolis-2021-04-30", "title": "Working visit to Tatarstan"}\n'
)
CSV_EXAMPLE = "id,slug,title\r\n1,pashinyan-innopolis-2021-04-30,Working visit to Tatarstan\r\n"


def _resolve(schema, components):
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example_for(schema, components, name="", depth=0, writing=False):
    """A value matching `schema` (an OpenAPI schema object): its own example, else by field name
    and type. Nested records go _MAX_DEPTH levels deep; lists hold one item."""
    schema = _resolve(schema, components)
    if "example" in schema:
        return schema["example"]
    for combiner in ("allOf", "oneOf", "anyOf"):
        if schema.get(combiner):
            return example_for(schema[combiner][0], components, name, depth, writing)
    if "enum" in schema:
        values = [value for value in schema["enum"] if value not in (None, "")]
        return EXAMPLE_VALUES.get(name) if EXAMPLE_VALUES.get(name) in values else (values or [None])[0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or "properties" in schema:
        if depth >= _MAX_DEPTH:
            return {}
        return {
            key: example_for(value, components, key, depth + 1, writing)
            for key, value in schema.get("properties", {}).items()
            # A write leaves out what the server makes: read-only fields, and the slug (made from the
            # title when left out).
            if not (writing and (_resolve(value, components).get("readOnly") or key == "slug"))
        }
    if kind == "array":
        return (
            [] if depth >= _MAX_DEPTH else [example_for(schema.get("items", {}), components, name, depth + 1)]
        )
    if kind == "integer":
        return EXAMPLE_VALUES.get(name, 1) if isinstance(EXAMPLE_VALUES.get(name), int) else 1
    if kind == "number":
        return 55.75
    if kind == "boolean":
        return False
    return _string_example(schema, name)


def _string_example(schema, name):
    fmt = schema.get("format")
    if fmt == "time":
        return "10:30:00"
    if fmt == "date-time":
        return "2021-05-03T09:30:00Z"
    if fmt == "date" or name.endswith(("_on", "_date")):
        return "2021-04-30"
    if fmt == "uri" or name.endswith("url"):
        return (
            EXAMPLE_VALUES["url"] if name == "url" else EXAMPLE_VALUES.get(name, EXAMPLE_VALUES["source_url"])
        )
    if name in ("start", "end", "as_of", "date_after", "date_before"):
        return "2021-04-30"
    if name in EXAMPLE_VALUES:
        return EXAMPLE_VALUES[name]
    return "Kazan Expo" if "venue" in name else f"{name.replace('_', ' ')} text" if name else "text"


def add_examples(result, generator, request, public):
    """Postprocessing hook: an example on every request body and response of every operation."""
    components = result.get("components", {}).get("schemas", {})
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or method not in ("get", "post", "put", "patch", "delete"):
                continue
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                if media == "application/json" and "schema" in content:
                    content.setdefault("example", example_for(content["schema"], components, writing=True))
            for code, response in operation.get("responses", {}).items():
                for media, content in response.get("content", {}).items():
                    if "example" in content or "schema" not in content:
                        continue
                    if code in ERROR_EXAMPLES and media == "application/json":
                        content["example"] = ERROR_EXAMPLES[code]
                    elif media == "application/json":
                        content["example"] = example_for(content["schema"], components)
                    elif media == "text/csv":
                        content["example"] = CSV_EXAMPLE
                    elif media == "application/jsonl":
                        content["example"] = JSONL_EXAMPLE
                    else:  # the 400 text/plain of a NUL character in the URL (common.http.middleware)
                        content["example"] = "Bad Request"
    return result
