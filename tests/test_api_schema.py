"""The OpenAPI schema validates without warnings and describes every parameter; schemathesis checks
that the API honours it: tests/test_api_schemathesis.py."""

import io

from django.core.management import call_command

from common.api.fields import PARTIAL_DATE_PATTERN


def test_schema_validates_with_no_warnings(db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "openapi: 3.0.3" in out.getvalue()


def test_swagger_ui_is_served_offline(db, analyst_client):
    page = analyst_client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "//cdn" not in page


def test_every_filter_and_field_is_described(db, analyst_client):
    schema = analyst_client.get("/api/schema/?format=json").json()
    visits = schema["paths"]["/api/v1/visits/"]["get"]["parameters"]
    names = {p["name"] for p in visits}
    assert {"principal", "participant", "country", "place", "organisation", "kind", "status"} <= names
    assert {
        "date_after",
        "date_before",
        "q",
        "ordering",
        "limit",
        "offset",
        "cursor",
        "brief",
        "fields",
    } <= names
    undescribed = [p["name"] for p in visits if not p.get("description")]
    assert undescribed == []
    visit = schema["components"]["schemas"]["Visit"]["properties"]
    assert visit["start"]["pattern"] == PARTIAL_DATE_PATTERN


def test_a_created_record_links_to_the_operations_on_it_and_to_the_fields_naming_its_kind(db, analyst_client):
    schema = analyst_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]

    def operation_id(path, method):
        return paths[path][method]["operationId"]

    links = paths["/api/v1/people/"]["post"]["responses"]["201"]["links"]
    for method in ("get", "put", "patch", "delete"):
        link = links[operation_id("/api/v1/people/{id}/", method)]
        assert link["parameters"] == {"id": "$response.body#/id"}
    membership = links[f"{operation_id('/api/v1/memberships/', 'post')}.person"]
    assert membership["requestBody"] == {"person": "$response.body#/id"}
    visit = links[f"{operation_id('/api/v1/visits/', 'post')}.principal"]
    assert visit["requestBody"] == {"principal": "$response.body#/id"}
    visit_links = paths["/api/v1/visits/"]["post"]["responses"]["201"]["links"]
    engagement = visit_links[f"{operation_id('/api/v1/engagements/', 'post')}.visit"]
    assert engagement["requestBody"] == {"visit": "$response.body#/id"}


def test_query_parameters_say_what_the_api_accepts(db, analyst_client):
    schema = analyst_client.get("/api/schema/?format=json").json()

    def parameter(path, name):
        return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)

    # An empty date filter is no filter; a filter's bounds are the parameter's.
    assert parameter("/api/v1/engagements/", "date_before")["allowEmptyValue"] is True
    assert analyst_client.get("/api/v1/engagements/?date_before=").status_code == 200
    assert parameter("/api/v1/citations/", "record_id")["schema"]["minimum"] == 1
    assert analyst_client.get("/api/v1/citations/?record_id=0").status_code == 400
    assert parameter("/api/v1/memberships/", "acting")["schema"] == {"type": "boolean"}


def test_a_method_a_url_does_not_take_is_405_whatever_the_parameters(db, editor_client):
    # The strict-parameter check ran first and made these a 400 naming `brief`.
    assert editor_client.post("/api/v1/people/1/?brief=true").status_code == 405
    assert editor_client.put("/api/v1/people/?brief=true&kind=x").status_code == 405
    assert editor_client.get("/api/v1/people/?brief=true&year=2021").status_code == 400


def test_the_change_log_documents_only_the_parameters_it_takes(db, analyst_client):
    schema = analyst_client.get("/api/schema/?format=json").json()
    names = {p["name"] for p in schema["paths"]["/api/v1/changes/"]["get"]["parameters"]}
    assert not names & {"brief", "fields"}
    assert analyst_client.get("/api/v1/changes/?brief=true").status_code == 400
