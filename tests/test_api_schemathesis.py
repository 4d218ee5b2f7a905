"""schemathesis over every operation of the API as an editor: every check, then the stateful phase.

Every built-in check is on (no server error, status codes, content types, headers and bodies as
documented, schema-violating requests refused, schema-valid ones accepted, credentials enforced,
undeclared methods 405, deleted records gone, created records available), with one refinement:
a schema-valid request may be refused with a 400 naming the fields whose values depend on the
database (a record id or slug that does not exist, a username nobody has, a slug already taken, a
visit kind editors have not added, a cursor the API did not issue), since no schema can state
them; a write, with a 400 naming fields of the body (sent, or needed by a rule across fields: a
venue's `parent`) that it refuses (the model's rules across fields and rows); and a read with
`brief`, with a 400 naming `fields` (with `brief`, `fields` names fields of the slim form: a rule
between two parameters, which OpenAPI 3.0 cannot state). Every other 400 to schema-valid data is
a failure: the form of every query parameter (record ids and slugs, partial dates, identifiers,
`ordering` and `fields` names) is in the schema as a pattern built from what the API checks.

The stateful phase follows the schema's links (common/api/schema_links.py): a record made by
POST is then read, replaced, patched and deleted, and used in the fields of other records.

Reproducible: a fixed seed, derandomized generation and bounded example counts. The bundled data
is seeded once for the module (one transaction, rolled back at the end); each test's writes are
rolled back too.
"""

import csv
import io
import json
import re

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.models import ApiToken
from config.wsgi import application
from tests import factories

pytestmark = pytest.mark.schemathesis

SEED = 20261203
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        # Text is Unicode text: the API refuses NUL characters and unpaired surrogates anywhere
        # (common/api/parsers.py, tests/test_api_unstorable_text.py), so they are not generated.
        "generation": {
            "max-examples": 3,
            "deterministic": True,
            "database": "none",
            "allow-x00": False,
            "codec": "utf-8",
        },
        # Replaced by `schema_valid_data_is_accepted` below, which runs it.
        "checks": {"positive_data_acceptance": {"enabled": False}},
    }
)

# Fetching the schema needs no database, so it is loaded once, at collection; anonymously, as
# under PUBLIC_READ (signing in would need the database: tests/test_api_docs_access.py).
with override_settings(PUBLIC_READ=True):
    api = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)

# Messages of a 400 that depend on what the database holds, not on the form of the value.
STATE_DEPENDENT = re.compile(
    r"^No .+ with (id|slug|slug or ISO code|id or slug|id, slug or ISO code) .+\.$"  # unknown record
    r"|^No user with username or id .+\.$"  # the change log's `user`
    r"|with this .+ already exists\.$"  # a unique value taken
    r"|must make a unique set\.$"
    r'|^".*" is not a valid choice; the kinds are: '  # visit kinds are rows editors add
    r"|^Invalid cursor; use the next or previous link as given\.$",  # a token only the API issues
    re.DOTALL,
)
# Django's choice message: state-dependent only for a parameter whose choices the schema cannot list.
UNKNOWN_CHOICE = re.compile(r"^Select a valid choice\. .* is not one of the available choices\.$", re.DOTALL)


def _messages_by_field(response):
    """The 400's body as {field: [messages]}, from JSON or from CSV (header row, then messages)."""
    text = response.text
    try:
        body = json.loads(text)
    except ValueError:
        rows = list(csv.reader(io.StringIO(text)))
        if len(rows) != 2:
            return None
        body = dict(zip(rows[0], rows[1], strict=False))
    if not isinstance(body, dict):
        return None
    return {field: list(_strings(value)) for field, value in body.items()}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _choices_are_listed(case, name):
    for parameter in case.operation.query:
        if parameter.name == name:
            schema = parameter.definition.get("schema", {})
            return "enum" in schema or "enum" in schema.get("items", {})
    return True


def _fields_with_brief(case, field):
    """`?brief=true&fields=title`: with `brief`, `fields` takes the slim form's fields only."""
    brief = (case.query or {}).get("brief")
    return field == "fields" and str(brief).lower() in ("true", "1")


def _beyond_the_schema(case, field, messages):
    """The messages are about what the database holds, or about `fields` with `brief`."""
    if _fields_with_brief(case, field) and all(m.startswith("Unknown field(s) ") for m in messages):
        return bool(messages)
    return bool(messages) and all(
        STATE_DEPENDENT.search(message)
        or (UNKNOWN_CHOICE.search(message) and not _choices_are_listed(case, field))
        for message in messages
    )


def _body_properties(case):
    """The fields the operation's JSON body may have, by its schema."""
    content = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = api.raw_schema["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return set(schema.get("properties", {}))


def _names_what_was_sent(case, field):
    """A write's 400 names a field of the body (`engagements[1].title` is in `engagements`), or one
    the body may have and a rule across fields needs (a venue's `parent`; `text` or `html`)."""
    root = re.split(r"[.\[]", field, maxsplit=1)[0]
    body_fields = set(case.body) if isinstance(case.body, dict) else set()
    return root in body_fields | _body_properties(case) or root == "non_field_errors"


def schema_valid_data_is_accepted(ctx, response, case):
    """schemathesis' positive_data_acceptance, but for a 400 naming only database-dependent values,
    and, for a write, a 400 naming the fields of the body it refuses: the model's rules across
    fields and rows (an end before its start, a quote not in its source, a stop outside its visit's
    dates) are beyond what OpenAPI 3.0 can state."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        fields = _messages_by_field(response) if response.status_code == 400 else None
        if not fields:
            raise
        if case.method.upper() in ("POST", "PUT", "PATCH") and all(
            messages and _names_what_was_sent(case, field) for field, messages in fields.items()
        ):
            return None
        if all(_beyond_the_schema(case, f, m) for f, m in fields.items()):
            return None
        raise


CHECKS = {"additional_checks": [schema_valid_data_is_accepted]}


@pytest.fixture(scope="module")
def editor_headers(django_db_setup, django_db_blocker):
    """Seeds the bundled data and makes an editor's token, once for the module.

    The WSGI application is called directly; unlike Django's test Client it would close the
    database connection after each request, ending the test's transaction (on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("seed", stdout=io.StringIO())
            key = ApiToken.issue(factories.editor())[1]
            yield {"Authorization": f"Token {key}"}
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@api.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_honours_the_schema_for_an_editor(case, editor_headers, db):
    case.call_and_validate(headers=editor_headers, **CHECKS)


class EditorStateMachine(api.as_state_machine()):
    headers = {}

    def get_call_kwargs(self, case):
        return {"headers": self.headers}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        # As call_and_validate does: `headers` tells ignored_auth which header holds the credentials.
        case.validate_response(
            response,
            headers=self.headers,
            transport_kwargs=kwargs,
            recorder=self.recorder,
            **CHECKS,
        )


def test_stateful_sequences_honour_the_schema_for_an_editor(editor_headers, db):
    EditorStateMachine.headers = editor_headers
    EditorStateMachine.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
