"""No stored 500s: whatever an editor writes through the API is taken or refused with a 400, and
nothing taken can make a page, a feed, an API list or a CSV export fail afterwards.

Hypothesis writes (POST a new record, PATCH an existing one) bodies that are valid but for one
to three fields, which get extreme or odd values: dates at and past the edges, long strings,
unicode, markup, formula cells, huge numbers, wrong types. The fields are every writable field
of each resource's serializer, so a field added later is fuzzed too. After each write the pages
that show the written records are fetched, and at the end every page of every record, both
calendar feeds, and every API list in JSON and CSV: none may answer 5xx. Runs on SQLite and on
PostgreSQL (DATABASE_URL), in a few seconds (max_examples below).
"""

import itertools

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from common.api.fields import PartialDateField, RelatedRecordField
from common.partial_dates import EARLIEST, LATEST
from config.api_router import router
from people.models import Membership, Organisation, Person
from places.models import Place
from tests import factories
from visits.models import Engagement, Participant, Visit

MAX_EXAMPLES = 25

# The resources written (and people and organisations, whose pages show them).
WRITTEN = ["visits", "engagements", "participants", "memberships", "places", "people", "organisations"]
SERIALIZERS = {prefix: viewset.serializer_class for prefix, viewset, _basename in router.registry}
WRITABLE = {
    prefix: sorted(name for name, field in SERIALIZERS[prefix]().fields.items() if not field.read_only)
    for prefix in WRITTEN
}

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
ODD_TEXT = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '"><a href="javascript:alert(1)">x</a>',
        "{{ request }}{% debug %}",
        '=HYPERLINK("http://evil.example","x")',
        "-1+cmd|' /C calc'!A0",
        "\u202eevil\u202c",
        "\ufeff\u200b",
        "𝕏" * 150,
        "\r\n\r\n\t",
        "a\x00b",
        "' OR 1=1 --",
        "%s%n%x",
        "",
        " ",
    ]
)
LONG_TEXT = st.tuples(st.sampled_from(["x", "é", "界", "😀"]), st.integers(250, 5000)).map(
    lambda t: t[0] * t[1]
)
DATES = st.one_of(
    st.sampled_from(
        [
            "9999",
            "9999-12",
            "9999-12-31",
            "0001",
            "0001-01-01",
            "0999-12-31",
            "1000",
            "1000-01-01",
            "2999",
            "2999-12",
            "2999-12-31",
            "3000-01-01",
            "2020-02-29",
            "2021-02-29",
            "2021-13",
            "99999",
            "-2021",
            "2021-04-30T10:00",
            "",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.year:04d}"),
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}"),
)
TIMES = st.one_of(
    st.sampled_from(["00:00", "23:59:59.999999", "24:00", "25:61", "12:00+05:00", ""]), st.times().map(str)
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 32767, 32768, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
ANYTHING = st.one_of(TEXT, ODD_TEXT, LONG_TEXT, DATES, TIMES, NUMBERS, JUNK)


# Values the API should take, at the edges of what it takes: what could be stored and then break a page.
EDGE_DATES = st.one_of(
    st.sampled_from(["1000", "1000-01", "1000-01-01", "2999", "2999-12", "2999-12-31", "2020-02-29"]),
    # Past the edges: refused, or (were the bounds lost) stored and then drawn on every page.
    st.sampled_from(["9999", "9999-12", "9999-12-31", "0001-01-01"]),
    st.dates(min_value=EARLIEST, max_value=LATEST).map(lambda d: d.isoformat()),
    st.dates(min_value=EARLIEST, max_value=LATEST).map(lambda d: f"{d.year:04d}-{d.month:02d}"),
)
EDGE_TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=80),
    ODD_TEXT.filter(lambda text: text.strip() and "\x00" not in text),
    st.tuples(st.sampled_from(["x", "é", "界", "😀", "<b>"]), st.integers(1, 60)).map(lambda t: t[0] * t[1]),
)


def values_for(field, refs):
    """(edge values the field should take, hostile values shaped like it or anything at all)."""
    if isinstance(field, PartialDateField | serializers.DateField):
        edge, shaped = EDGE_DATES, DATES
    elif isinstance(field, serializers.TimeField):
        edge, shaped = st.times().map(lambda t: t.isoformat()), TIMES
    elif isinstance(field, serializers.IntegerField | serializers.DecimalField):
        edge, shaped = st.integers(0, 32767), NUMBERS
    elif isinstance(field, RelatedRecordField):
        records = refs.get(field.queryset.model, [])
        edge = st.sampled_from(records) if records else st.none()
        shaped = st.one_of(st.sampled_from(["no-such-record", 0, -1, 2**63]), NUMBERS, TEXT)
    elif isinstance(field, serializers.ChoiceField):
        edge, shaped = st.sampled_from(list(field.choices)), st.one_of(st.sampled_from(["", "DRAFT"]), TEXT)
    elif isinstance(field, serializers.BooleanField):
        edge, shaped = st.booleans(), st.sampled_from(["yes", "0", 2])
    else:
        edge, shaped = EDGE_TEXT, st.one_of(TEXT, ODD_TEXT, LONG_TEXT)
    return edge, st.one_of(shaped, ANYTHING)


@pytest.fixture
def world(db):
    """One of each record, linked: what valid bodies refer to and whose pages are fetched."""
    country = factories.CountryFactory(iso_code="RU", slug="russia", name="Russia")
    city = factories.PlaceFactory(parent=country, slug="kazan", name="Kazan")
    person = factories.PersonFactory(slug="the-principal")
    organisation = factories.OrganisationFactory(slug="the-ministry", country=country)
    factories.MembershipFactory(person=person, organisation=organisation)
    visit = factories.VisitFactory(slug="the-visit", principal=person, host_country=country, status="held")
    engagement = factories.EngagementFactory(
        visit=visit, sequence=1, venue=city, host_organisation=organisation
    )
    factories.ParticipantFactory(engagement=engagement, person=person)
    return {"country": country, "city": city, "person": person, "organisation": organisation, "visit": visit}


def page_urls(records):
    """Every page type for `records` (visits, people, organisations, places), with both feeds."""
    urls = ["/"]
    for record in records:
        if isinstance(record, Visit):
            urls.append(record.get_absolute_url())
        elif isinstance(record, Person):
            urls += [record.get_absolute_url(), reverse("people:person-visits-ics", args=[record.slug])]
        elif isinstance(record, Organisation):
            urls.append(record.get_absolute_url())
        elif isinstance(record, Place):
            urls += [record.get_absolute_url(), reverse("places:place-visits-ics", args=[record.slug])]
    return urls


def records_touched(resource, pk):
    """The records whose pages show what was just written to `resource` record `pk`."""
    model = {
        "visits": Visit,
        "engagements": Engagement,
        "participants": Participant,
        "memberships": Membership,
        "places": Place,
        "people": Person,
        "organisations": Organisation,
    }[resource]
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        return []
    if isinstance(record, Engagement):
        return [record.visit, *(p for p in [record.venue, record.host_organisation] if p)]
    if isinstance(record, Participant):
        return [record.engagement.visit, *(p for p in [record.person, record.organisation] if p)]
    if isinstance(record, Membership):
        return [record.person, record.organisation]
    if isinstance(record, Visit):
        return [record, record.principal, record.host_country]
    return [record]


def assert_no_server_error(client, url, **params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, params, response.content[:500])
    return response


def test_nothing_an_editor_writes_makes_a_page_feed_list_or_export_fail(world, editor_client):
    counter = itertools.count()

    def valid_body(resource):
        """A body the API takes as it is, with fresh slugs and sequence numbers."""
        n = next(counter)
        visit = world["visit"]
        engagement = visit.engagements.order_by("pk").first() or factories.EngagementFactory(visit=visit)
        return {
            "visits": {
                "slug": f"visit-{n}",
                "title": f"Visit {n}",
                "principal": world["person"].slug,
                "kind": visit.kind_id if hasattr(visit, "kind_id") else visit.kind,
                "host_country": world["country"].slug,
                "start": "2021-04-30",
                "status": "held",
            },
            "engagements": {"visit": visit.slug, "sequence": 100 + n, "title": f"Stop {n}"},
            "participants": {"engagement": engagement.pk, "name_as_stated": f"Someone {n}", "role": "host"},
            "memberships": {
                "person": world["person"].slug,
                "organisation": world["organisation"].slug,
                "title": "Minister",
                "start": "2020",
            },
            "places": {
                "slug": f"place-{n}",
                "name": f"Place {n}",
                "kind": "city",
                "parent": world["country"].slug,
            },
            "people": {"slug": f"person-{n}", "name": f"Person {n}"},
            "organisations": {"slug": f"org-{n}", "name": f"Organisation {n}", "kind": "ministry"},
        }[resource]

    # Records of each kind a reference may name, by slug and by id.
    refs = {
        Person: [world["person"].slug, world["person"].pk],
        Organisation: [world["organisation"].slug, world["organisation"].pk],
        Place: [world["country"].slug, world["city"].slug, world["city"].pk],
        Visit: [world["visit"].slug, world["visit"].pk],
        Engagement: [world["visit"].engagements.get().pk],
    }

    def changes_for(resource):
        """One to three fields at edge values, and in half the bodies one hostile field more."""
        fields = SERIALIZERS[resource]().fields
        strategies = {name: values_for(fields[name], refs) for name in WRITABLE[resource]}
        pair = st.sampled_from(WRITABLE[resource]).flatmap(
            lambda name: st.tuples(st.just(name), strategies[name][0])
        )
        hostile = st.sampled_from(WRITABLE[resource]).flatmap(
            lambda name: st.tuples(st.just(name), strategies[name][1])
        )
        edges = st.lists(pair, min_size=1, max_size=3, unique_by=lambda p: p[0]).map(dict)
        extra = st.one_of(st.just({}), hostile.map(lambda p: dict([p])))
        return st.tuples(edges, extra).map(lambda both: {**both[0], **both[1]})

    writes = st.sampled_from(WRITTEN).flatmap(
        lambda resource: st.tuples(
            st.just(resource), st.sampled_from(["post", "patch"]), changes_for(resource)
        )
    )

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(write=writes)
    def write_then_read(write):
        resource, method, changes = write
        body = {**valid_body(resource), **changes}
        if method == "post":
            url = f"/api/v1/{resource}/"
            response = editor_client.post(url, body, content_type="application/json")
        else:
            first = SERIALIZERS[resource].Meta.model._default_manager.order_by("pk").first()
            url = f"/api/v1/{resource}/{first.pk}/"
            response = editor_client.patch(url, changes, content_type="application/json")
        assert response.status_code in (200, 201, 400), (method, url, body, response.content[:500])
        touched = []
        if response.status_code in (200, 201):
            touched = records_touched(resource, response.json()["id"])
        for page in page_urls([world["visit"], world["person"], world["country"], *touched]):
            assert_no_server_error(editor_client, page)
        for fmt in ("json", "csv"):
            assert_no_server_error(editor_client, f"/api/v1/{resource}/", format=fmt)

    write_then_read()

    # Everything stored, everywhere: every page of every record, every API list as JSON and CSV.
    records = [*Visit.objects.all(), *Person.objects.all(), *Organisation.objects.all(), *Place.objects.all()]
    for page in dict.fromkeys(page_urls(records)):
        assert_no_server_error(editor_client, page)
    for pattern in router.urls:
        if pattern.name.endswith("-list") or "stats" in str(pattern.pattern) or "who-met" in pattern.name:
            url = reverse(f"api:{pattern.name}")
            for fmt in ("json", "csv"):
                assert_no_server_error(editor_client, url, format=fmt)
