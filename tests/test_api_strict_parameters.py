"""Strict, predictable parameters (issue 13, item 4), checked over every list endpoint of the API.

The endpoints, their filters, orderings and related-record fields are read from the router and
the viewsets, so a new endpoint or filter is covered here with no new test:
- an unknown parameter is a 400 naming it and listing the valid ones; a single-valued one given
  twice is a 400;
- a filter naming records takes several values, comma-separated or repeated, meaning any of them;
- an unknown or malformed id/slug is a 400 naming it; a real ISO code with no country yet is an
  empty result;
- ordering by every output field name it lists (and only those);
- a detail URL takes the slug as well as the id;
- a write takes a related record by id, slug or (countries) ISO code, as the filters do.
"""

import json
import re

import pycountry
import pytest
from rest_framework.test import APIClient

from common.api.fields import RelatedRecordField
from common.api.filters import IdOrSlugFilter
from common.visibility import visible
from config.api_router import router
from places.models import Place
from tests import factories

RESOURCES = [(prefix, viewset) for prefix, viewset, _basename in router.registry]
RECORD_RESOURCES = [(prefix, viewset) for prefix, viewset in RESOURCES if hasattr(viewset, "filterset_class")]


def list_routes():
    """Every GET route that is not a detail: each resource's list and its list-level actions."""
    routes = []
    for prefix, viewset in RESOURCES:
        if not hasattr(viewset, "list"):
            continue  # a POST-only endpoint (report-drafts) has no list to filter
        routes.append((f"/api/v1/{prefix}/", viewset))
        for action in viewset.get_extra_actions():
            if not action.detail and "get" in action.mapping:
                routes.append((f"/api/v1/{prefix}/{action.url_path}/", viewset))
    return routes


def record_filters():
    """(prefix, filter name, filter) for every filter that names records."""
    return [
        (prefix, name, filter_)
        for prefix, viewset in RECORD_RESOURCES
        for name, filter_ in viewset.filterset_class.base_filters.items()
        if isinstance(filter_, IdOrSlugFilter)
    ]


@pytest.fixture
def client(db, editor):
    # Two of everything a filter can name, so "any of" has something to choose between.
    russia = factories.CountryFactory(iso_code="RU")
    for country in (russia, factories.CountryFactory(iso_code="FR")):
        membership = factories.MembershipFactory()
        visit = factories.VisitFactory(host_country=country, principal_country=country)
        engagement = factories.EngagementFactory(visit=visit, host_organisation=membership.organisation)
        factories.ParticipantFactory(
            engagement=engagement, person=membership.person, organisation=membership.organisation
        )
        factories.PlaceFactFactory(place=engagement.venue)
        factories.CitationFactory(content_object=visit)
    api = APIClient()
    api.force_authenticate(editor)
    api.user = editor
    return api


def ids(client, url, params):
    response = client.get(url, {**params, "limit": 1000})
    assert response.status_code == 200, (url, params, response.content)
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(("url", "viewset"), list_routes(), ids=[url for url, _ in list_routes()])
def test_unknown_parameter_is_refused_by_name(client, url, viewset):
    # An export answers in its own formats (CSV by default); its JSON Lines error is one JSON line.
    response = client.get(url, {"year": "2021", **({"format": "jsonl"} if "/export/" in url else {})})
    assert response.status_code == 400, response.content
    message = json.loads(response.content)["year"][0]
    assert "Unknown parameter 'year'" in message
    assert "format" in message  # the valid ones are listed
    filterset = getattr(viewset, "filterset_class", None)
    if filterset is not None:
        assert all(name in message for name in filterset.base_filters)


@pytest.mark.parametrize(("prefix", "viewset"), RECORD_RESOURCES, ids=[p for p, _ in RECORD_RESOURCES])
def test_single_valued_parameter_given_twice_is_refused(client, prefix, viewset):
    response = client.get(f"/api/v1/{prefix}/?limit=1&limit=2")
    assert response.status_code == 400
    assert "given 2 times" in response.json()["limit"][0]


@pytest.mark.parametrize(
    ("prefix", "name", "filter_"), record_filters(), ids=[f"{p}-{n}" for p, n, _ in record_filters()]
)
def test_record_filter_takes_any_of_several_values(client, prefix, name, filter_):
    url = f"/api/v1/{prefix}/"
    records = list(visible(filter_.queryset.all(), client.user).order_by("pk")[:2])
    assert len(records) == 2, f"the fixture needs two {filter_.queryset.model.__name__} records"
    first, second = records
    key = "slug" if hasattr(first, "slug") else "pk"
    one, other = str(getattr(first, key)), str(second.pk)  # by slug (when it has one) and by id
    expected = ids(client, url, {name: one}) | ids(client, url, {name: other})
    assert ids(client, url, {name: f"{one},{other}"}) == expected
    assert ids(client, url, {name: [one, other]}) == expected  # ?name=one&name=other


@pytest.mark.parametrize(
    ("prefix", "name", "filter_"), record_filters(), ids=[f"{p}-{n}" for p, n, _ in record_filters()]
)
def test_unknown_or_malformed_record_is_refused_by_name(client, prefix, name, filter_):
    url = f"/api/v1/{prefix}/"
    for value in ("no-such-record", "bad value!", "99999999"):
        response = client.get(url, {name: value})
        assert response.status_code == 400, (name, value, response.content)
        assert repr(value) in " ".join(response.json()[name])
    # One bad value among good ones is still a 400, naming the bad one.
    record = visible(filter_.queryset.all(), client.user).first()
    response = client.get(url, {name: f"{record.pk},no-such-record"})
    assert response.status_code == 400
    assert "'no-such-record'" in " ".join(response.json()[name])


COUNTRY_FILTERS = [(p, n, f) for p, n, f in record_filters() if f.extra.get("iso_code")]


@pytest.mark.parametrize(
    ("prefix", "name", "filter_"), COUNTRY_FILTERS, ids=[f"{p}-{n}" for p, n, _ in COUNTRY_FILTERS]
)
def test_real_country_code_with_no_data_is_an_empty_result(client, prefix, name, filter_):
    known = set(Place.objects.exclude(iso_code="").values_list("iso_code", flat=True))
    absent = next(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in known)
    assert ids(client, f"/api/v1/{prefix}/", {name: absent}) == set()
    # Not a country code at all: a 400.
    assert client.get(f"/api/v1/{prefix}/", {name: "QQ"}).status_code == 400


@pytest.mark.parametrize(("prefix", "viewset"), RECORD_RESOURCES, ids=[p for p, _ in RECORD_RESOURCES])
def test_ordering_by_each_output_field_name(client, prefix, viewset):
    output_fields = set(viewset.serializer_class().fields)
    for name in viewset.ordering_fields:
        assert name in output_fields, f"{prefix}: ordering name {name!r} is not an output field"
        for ordering in (name, f"-{name}"):
            response = client.get(f"/api/v1/{prefix}/", {"ordering": ordering})
            assert response.status_code == 200, (ordering, response.content)
    sources = getattr(viewset, "ordering_sources", {})
    for column in sources.values():  # the column's own name is not an ordering name
        response = client.get(f"/api/v1/{prefix}/", {"ordering": column})
        assert response.status_code == 400
        assert all(name in response.json()["ordering"][0] for name in viewset.ordering_fields)


def test_ordering_by_start_sorts_visits_by_their_start(client):
    rows = client.get("/api/v1/visits/", {"ordering": "start", "limit": 1000}).json()["results"]
    starts = [row["start"] for row in rows]
    assert starts == sorted(starts)


SLUGGED = [
    (prefix, viewset)
    for prefix, viewset in RECORD_RESOURCES
    if any(field.name == "slug" for field in viewset.filterset_class._meta.model._meta.fields)
]


@pytest.mark.parametrize(("prefix", "viewset"), SLUGGED, ids=[p for p, _ in SLUGGED])
def test_detail_url_takes_slug_as_well_as_id(client, prefix, viewset):
    record = visible(viewset.filterset_class._meta.model.objects.all(), client.user).first()
    by_id = client.get(f"/api/v1/{prefix}/{record.pk}/")
    by_slug = client.get(f"/api/v1/{prefix}/{record.slug}/")
    assert by_id.status_code == by_slug.status_code == 200
    assert by_slug.json() == by_id.json()
    assert client.get(f"/api/v1/{prefix}/no-such-slug/").status_code == 404


def related_write_fields():
    """(prefix, field name, related model) for each writable related-record field."""
    found = []
    for prefix, viewset in RECORD_RESOURCES:
        for name, field in viewset.serializer_class().fields.items():
            if isinstance(field, RelatedRecordField) and not field.read_only:
                model = field.queryset.model
                if any(f.name == "slug" for f in model._meta.fields):
                    found.append((prefix, name, viewset, field))
    return found


@pytest.mark.parametrize(
    ("prefix", "name", "viewset", "field"),
    related_write_fields(),
    ids=[f"{p}-{n}" for p, n, _v, _f in related_write_fields()],
)
def test_write_takes_related_record_by_slug_and_country_by_iso_code(client, prefix, name, viewset, field):
    record = visible(viewset.filterset_class._meta.model.objects.all(), client.user).first()
    candidates = (
        field.queryset.exclude(pk=record.pk) if isinstance(record, field.queryset.model) else field.queryset
    )
    target = getattr(record, name, None) or candidates.first()  # not itself: a record's own parent
    if target is None:
        pytest.skip(f"no {field.queryset.model.__name__} to point {prefix}.{name} at")
    ways = [target.slug, str(target.pk)]
    if getattr(target, "iso_code", ""):
        ways.append(target.iso_code)
    for value in ways:
        response = client.patch(f"/api/v1/{prefix}/{record.pk}/", {name: value}, format="json")
        assert response.status_code == 200, (name, value, response.content)
        assert response.json()[name]["id"] == target.pk
    response = client.patch(f"/api/v1/{prefix}/{record.pk}/", {name: "no-such-record"}, format="json")
    assert response.status_code == 400
    assert "no-such-record" in str(response.json()[name])


def test_country_code_written_as_filters_read_it(client):
    russia = Place.objects.get(iso_code="RU")
    visit = factories.VisitFactory(host_country=factories.CountryFactory(iso_code="FR"))
    response = client.patch(f"/api/v1/visits/{visit.slug}/", {"host_country": "RU"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["host_country"]["id"] == russia.pk


def test_visit_list_page_refuses_unknown_parameter_by_name(client, editor):
    from django.test import Client

    browser = Client()
    browser.force_login(editor)
    response = browser.get("/", {"year": "2021"})
    assert response.status_code == 400
    assert "Unknown parameter &#x27;year&#x27;" in response.content.decode()
    assert browser.get("/", {"country": "RU,FR", "page": "1"}).status_code == 200


# What the schema's patterns must agree with the API on: values of the right form, and values
# the API refuses as malformed (blanks and whitespace around values are ignored by both).
RECORD_VALUES = [
    "12",
    "nikol-pashinyan",
    "RU",
    "12, nikol-pashinyan",
    " 12 ,, ",
    "",
    "  ",
    "ü-slug_2",
    "١٢",  # Arabic-Indic digits: a slug's word characters, not an id
    "1" * 19,  # past an id's 18 digits: a slug, not an id
    "bad value!",
    "a;b",
    "12.5",
    "a,b c",
]


def schema_parameter(schema, path, name):
    return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)


def _malformed(response, name):
    """True when the API refused the value's form (not a record it does not know)."""
    if response.status_code != 400:
        return False
    return any(
        "is not an" in message or "Cannot order by" in message or "Unknown field" in message
        for message in response.json().get(name, [])
    )


def test_the_schema_pattern_of_every_record_filter_is_what_the_filter_takes(client):
    schema = client.get("/api/schema/?format=json").json()
    checked = 0
    for prefix, name, _filter in record_filters():
        url = f"/api/v1/{prefix}/"
        parameter = schema_parameter(schema, url, name)
        pattern = re.compile(parameter["schema"]["items"]["pattern"])
        for value in RECORD_VALUES:
            response = client.get(url, {name: value, "limit": 1})
            assert (pattern.search(value) is not None) == (not _malformed(response, name)), (
                url,
                name,
                value,
                response.content,
            )
            checked += 1
    assert checked >= 20 * len(RECORD_VALUES)


def names_taken(url, viewset, name):
    """The names `?fields=` or `?ordering=` takes on this route."""
    if name == "fields":
        return list(viewset.serializer_class().fields)
    for action in viewset.get_extra_actions():
        if url.endswith(f"/{action.url_path}/"):
            return list(viewset.rows_ordered_after[action.__name__]().fields)
    return list(viewset.ordering_fields)


def test_the_schema_pattern_of_ordering_and_fields_is_what_the_api_takes(client):
    schema = client.get("/api/schema/?format=json").json()
    for url, viewset in list_routes():
        if "/export/" in url:
            continue  # the list's parameters, answered as a file
        names = {p["name"] for p in schema["paths"][url]["get"]["parameters"]}
        for name in {"ordering", "fields"} & names:
            parameter = schema_parameter(schema, url, name)
            known = names_taken(url, viewset, name)
            a, b = known[0], known[-1]
            values = [a, f" {a} , {b} ", f"{a},", "", " ", ",", "nope", f"{a} {b}", f"{a};{b}", a.upper()]
            if name == "ordering":
                values += [f"-{a}", f"-{a},{b}", f"- {a}", f"--{a}"]
            pattern = re.compile(parameter["schema"]["pattern"])
            for value in values:
                response = client.get(url, {name: value})
                assert response.status_code in (200, 400), response.content
                assert (pattern.search(value) is not None) == (response.status_code == 200), (
                    url,
                    name,
                    value,
                    response.content,
                )


def test_the_aggregates_take_ordering_by_their_output_fields(client):
    # Two visits in different years, each its own host country: order both ways.
    years = [row["year"] for row in client.get("/api/v1/visits/stats/by-year/", {"ordering": "-year"}).json()]
    assert years == sorted(years, reverse=True) and len(years) >= 1
    rows = client.get("/api/v1/visits/stats/by-country/", {"ordering": "iso_code"}).json()
    assert [row["iso_code"] for row in rows] == ["FR", "RU"]
    rows = client.get("/api/v1/visits/stats/by-country/", {"ordering": "-iso_code"}).json()
    assert [row["iso_code"] for row in rows] == ["RU", "FR"]
    csv = client.get("/api/v1/visits/stats/by-country/", {"ordering": "-iso_code", "format": "csv"})
    assert [line.split(",")[3] for line in csv.content.decode().splitlines()[1:]] == ["RU", "FR"]
    response = client.get("/api/v1/visits/who-met-whom/", {"ordering": "start"})
    assert response.status_code == 400
    assert "Cannot order by start; use engagements, first_date" in response.json()["ordering"][0]
