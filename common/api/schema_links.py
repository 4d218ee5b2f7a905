"""drf-spectacular postprocessing hooks: what the OpenAPI schema must say that it cannot infer.

- Links (OpenAPI 3 `links`): a record created by `POST /x/` is the `{id}` of `GET`, `PUT`,
  `PATCH` and `DELETE /x/{id}/`, and the value of every field of another resource that names a
  record of its kind (`POST /people/` -> `POST /memberships/` with `person`). Clients and
  generators read them; schemathesis' stateful phase follows them (tests/test_api_schemathesis.py).
- Query parameters as the API reads them: an empty date filter is no filter (django-filter skips
  empty values), a filter's declared bounds (`min_value`, `max_value`) are the parameter's, and a
  filter that checks the form of its text (a record's id or slug, a partial date, an identifier)
  states it as a `pattern` (the filter's `schema_pattern()`).
- Dates written in a body keep to the years every stored date keeps to (1000-2999); a partial
  date that may be null takes "" for null.
- A serializer that refuses unknown keys (it has `ignored_keys()`: those it accepts and ignores)
  is a closed object: `additionalProperties: false`, the ignored keys listed.
"""

from common.api.fields import PARTIAL_DATE_PATTERN, RelatedRecordField
from common.partial_dates import RECORD_DATE_FORM

WRITE_METHODS = ("get", "put", "patch", "delete")
# common.partial_dates.MIN_YEAR..MAX_YEAR, which model validation enforces on every stored date.
BOUNDED_DATE_PATTERN = r"^[12]\d{3}-"


def _views_by_path(generator):
    return {path: callback.cls for path, _regex, _method, callback in generator.endpoints}


def _collections_by_model(paths, generator):
    """Model -> the path of its collection, for resources whose records are made by POST."""
    collections = {}
    for path, operations in paths.items():
        if "post" not in operations or f"{path}{{id}}/" not in paths:
            continue
        model = getattr(
            getattr(_request_serializer(generator, operations["post"]), "Meta", None), "model", None
        )
        if model is not None:
            collections[model] = path
    return collections


def _request_serializer(generator, operation):
    """The serializer of the operation's JSON body, as drf-spectacular registered its component."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    name = body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
    component = generator.registry._components.get((name, "schemas"))
    serializer = getattr(component, "object", None)
    return serializer() if isinstance(serializer, type) else serializer


def add_links(result, generator, request, public):
    paths = result.get("paths", {})
    collections = _collections_by_model(paths, generator)
    for model, path in collections.items():
        created = paths[path]["post"]["responses"].get("201")
        if created is None:
            continue
        links = created.setdefault("links", {})
        for method in WRITE_METHODS:
            target = paths[f"{path}{{id}}/"].get(method)
            if target is not None:
                links[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": {"id": "$response.body#/id"},
                    "description": f"The {model._meta.verbose_name} just created.",
                }
    # A created record as the value of the fields of other resources that name its kind.
    for path in collections.values():
        target = paths[path]["post"]
        serializer = _request_serializer(generator, target)
        if serializer is None:
            continue
        for name, field in serializer.fields.items():
            if not isinstance(field, RelatedRecordField) or field.read_only:
                continue
            source = collections.get(field.queryset.model)
            created = paths[source]["post"]["responses"].get("201") if source else None
            if created is None:
                continue
            kind = field.queryset.model._meta.verbose_name
            created.setdefault("links", {})[f"{target['operationId']}.{name}"] = {
                "operationId": target["operationId"],
                "requestBody": {name: "$response.body#/id"},
                "description": f"A new record whose `{name}` is the {kind} just created.",
            }
    return result


def describe_query_parameters(result, generator, request, public):
    views = _views_by_path(generator)
    for path, operations in result.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None:
            continue
        filterset_class = getattr(views.get(path), "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class is not None else {}
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            schema = parameter.get("schema", {})
            if schema.get("format") == "date":
                parameter["allowEmptyValue"] = True  # `?date_after=` is no filter, as every empty one
            if schema.get("type") == "boolean":
                # A TypedChoiceFilter of true/false is described as a boolean with string choices.
                schema.pop("enum", None)
            if schema.get("type") == "array" and not schema.get("items"):
                # Choices read from a table when the filter is built (editors add visit kinds).
                schema["items"] = {"type": "string", "minLength": 1}
            filter_ = filters.get(parameter["name"])
            pattern = getattr(filter_, "schema_pattern", None)
            if pattern is not None:
                # The form the filter's field checks, built from the same definition.
                # (Copies: a schema given with extend_schema_field may be one dict for many filters.)
                if schema.get("type") == "array":
                    schema["items"] = {**schema.get("items", {}), "pattern": pattern()}
                else:
                    schema = parameter["schema"] = {**schema, "pattern": pattern()}
            extra = getattr(filter_, "extra", {})
            for bound, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
                if extra.get(bound) is not None:
                    schema[keyword] = extra[bound]
    return result


def bound_written_dates(result, generator, request, public):
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for field in component.get("properties", {}).values():
            if field.get("format") == "date":
                field["pattern"] = BOUNDED_DATE_PATTERN
            if field.get("pattern") == PARTIAL_DATE_PATTERN and field.get("nullable"):
                # A partial date that may be null takes "" for null too (PartialDateField).
                field["pattern"] = rf"^(?:\s*{RECORD_DATE_FORM}\s*)?$"
    return result


def close_nested_inputs(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for (name, kind), component in generator.registry._components.items():
        ignored_keys = getattr(component.object, "ignored_keys", None)
        if kind != "schemas" or name not in schemas or not callable(ignored_keys):
            continue
        schema = schemas[name]
        schema["additionalProperties"] = False
        properties = schema.setdefault("properties", {})
        for key in sorted(ignored_keys()):
            properties.setdefault(
                key, {"description": "Read-only: accepted and ignored, so an item read can be sent back."}
            )
    return result
