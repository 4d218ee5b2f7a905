"""The OpenAPI schema validates without warnings, and the API honours it (schemathesis)."""

import io

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken
from config.wsgi import application


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
    assert visit["start"]["pattern"] == r"^\d{4}(-\d{2}(-\d{2})?)?$"


@pytest.fixture
def keep_test_connection():
    """Django's test Client stops a request from closing the database connection; calling the
    WSGI application directly does not, and on PostgreSQL that would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def analyst_token(analyst):
    return ApiToken.issue(analyst)[1]


# Fetching the schema needs no database, so it is loaded once, at collection; anonymously, as
# under PUBLIC_READ (signing in would need the database: tests/test_api_docs_access.py).
with override_settings(PUBLIC_READ=True):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_get_endpoints_honour_the_schema(case, keep_test_connection, seeded, analyst_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {analyst_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


@pytest.fixture
def editor_token(editor):
    return ApiToken.issue(editor)[1]


# Every operation, reads and writes. `ignored_auth` re-sends each successful request without
# credentials and with invalid ones, and fails unless both are refused. Left out:
# positive_data_acceptance, since a schema-valid body may name a record that does not exist (400).
with override_settings(PUBLIC_READ=True):
    whole_api = schemathesis.openapi.from_wsgi("/api/schema/", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]


@whole_api.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.generate])
def test_every_operation_honours_the_schema_for_an_editor(case, keep_test_connection, seeded, editor_token):
    # Writes land in the test's transaction, rolled back afterwards.
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)
