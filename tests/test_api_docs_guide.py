"""API docs that stand alone (issue 13, item 5): operations grouped by resource with
descriptions, an example on every request body and response, and the guide served by the site."""

import pytest
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from config.api_router import router


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_schema_is_valid_openapi(schema):
    validate_schema(schema)


def test_operations_are_grouped_by_resource_and_each_group_described(schema):
    described = {tag["name"]: tag["description"] for tag in schema["tags"]}
    for path, method, operation in operations(schema):
        resource = path.removeprefix("/api/v1/").split("/")[0]
        assert operation["tags"] == [resource], (method, path)
    for prefix, _viewset, _basename in router.registry:
        assert described.get(prefix), f"the {prefix} group has no description"
    assert "/api/guide/" in schema["info"]["description"]


def test_every_request_and_response_has_an_example(schema):
    missing = []
    for path, method, operation in operations(schema):
        for media, content in operation.get("requestBody", {}).get("content", {}).items():
            if "example" not in content:
                missing.append((method, path, "request", media))
        for code, response in operation["responses"].items():
            for media, content in response.get("content", {}).items():
                if "example" not in content:
                    missing.append((method, path, code, media))
    assert missing == []


def test_errors_are_documented_with_examples(schema):
    visit_list = schema["paths"]["/api/v1/visits/"]["get"]["responses"]
    assert {"400", "401", "403", "404", "429"} <= set(visit_list)
    example = visit_list["400"]["content"]["application/json"]["example"]
    assert "Unknown parameter 'year'" in example["year"][0]


def test_write_examples_leave_out_what_the_server_makes(schema):
    body = schema["paths"]["/api/v1/visits/"]["post"]["requestBody"]["content"]["application/json"]
    assert {"title", "principal", "start"} <= set(body["example"])
    assert not {"id", "url", "slug", "created_at"} & set(body["example"])


def test_guide_is_served_as_html(analyst_client):
    response = analyst_client.get("/api/guide/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h2" in page and "<table>" in page  # headings and tables rendered, not Markdown text
    assert 'href="/api/guide/recipes/"' in page or "/api/docs/" in page
    recipes = analyst_client.get("/api/guide/recipes/")
    assert recipes.status_code == 200
    assert '<code class="language-python">' in recipes.content.decode()
    assert analyst_client.get("/api/guide/secrets/").status_code == 404


@override_settings(PUBLIC_READ=False)
def test_guide_needs_sign_in_like_the_docs(anonymous_client):
    response = anonymous_client.get("/api/guide/")
    assert response.status_code == 302
    assert "next=/api/guide/" in response["Location"]
