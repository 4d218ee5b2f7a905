"""What real data needs of the models (issue 14): kinds of visit as data, the principal's country,
former and special countries, posts attested on dates, identifiers."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from people.models import Membership
from places.models import Place, PlaceKind
from sources.models import Identifier
from tests import factories
from visits.models import Visit, VisitKind

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_former_choices_are_kinds_with_the_same_codes():
    codes = set(VisitKind.objects.values_list("code", flat=True))
    assert {"state", "official", "working", "private", "domestic", "multilateral", "other"} <= codes
    assert {"official_working", "not_stated"} <= codes
    assert VisitKind.objects.get(code="working").name == "Working visit"


def test_an_editor_adds_a_kind_and_the_api_takes_it(editor_client):
    response = editor_client.post(
        reverse("admin:visits_visitkind_add"),
        {"name": "Official state funeral", "code": "funeral", "description": "", "position": 90},
    )
    assert response.status_code == 302, response.content
    visit = factories.VisitFactory()
    patched = editor_client.patch(
        f"/api/v1/visits/{visit.pk}/", {"kind": "funeral"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["kind"] == "funeral"
    assert editor_client.get("/api/v1/visits/?kind=funeral").json()["count"] == 1
    refused = editor_client.patch(
        f"/api/v1/visits/{visit.pk}/", {"kind": "imperial"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "not a valid choice" in refused.json()["kind"][0]
    visit.refresh_from_db()
    assert visit.get_kind_display() == "Official state funeral"


def test_a_kind_in_use_is_neither_deleted_nor_recoded():
    kind = factories.VisitKindFactory(code="summit", name="Summit")
    factories.VisitFactory(kind="summit")
    with pytest.raises(ProtectedError):
        kind.delete()
    kind.code = "summit_meeting"
    with pytest.raises(ValidationError) as error:
        kind.full_clean()
    assert "code" in error.value.message_dict
    unused = factories.VisitKindFactory(code="unused", name="Unused")
    unused.delete()


def test_principal_country_is_a_field_a_filter_and_a_countrys_only(analyst_client):
    israel = factories.CountryFactory(iso_code="IL", name="Israel", slug="israel")
    factories.VisitFactory(principal_country=israel, start_date=D(2021, 3, 1))
    factories.VisitFactory(principal_country=israel, start_date=D(2019, 3, 1))
    factories.VisitFactory()
    assert analyst_client.get("/api/v1/visits/?principal_country=IL").json()["count"] == 2
    assert analyst_client.get("/api/v1/visits/?principal_country=israel&date_after=2020").json()["count"] == 1
    city = factories.PlaceFactory(parent=israel)
    visit = factories.VisitFactory.build(principal_country=city, principal=factories.PersonFactory())
    with pytest.raises(ValidationError) as error:
        visit.full_clean(exclude=["host_country", "kind"])
    assert "principal_country" in error.value.message_dict


def test_the_migration_derives_the_principals_country_from_their_posts():
    migration = importlib.import_module("visits.migrations.0008_visit_kinds_principal_country")
    armenia = factories.CountryFactory(iso_code="AM")
    government = factories.OrganisationFactory(country=armenia)
    person = factories.PersonFactory()
    factories.MembershipFactory(person=person, organisation=government, start_date=D(2018, 5, 8))
    visit = factories.VisitFactory(principal=person, start_date=D(2021, 4, 30))
    nobody = factories.VisitFactory()
    migration.derive_principal_country(apps, None)
    visit.refresh_from_db()
    nobody.refresh_from_db()
    assert visit.principal_country == armenia
    assert nobody.principal_country is None


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("RU", True),
        ("SUHH", True),
        ("YUCS", True),
        ("XK", True),
        ("XQ", False),
        ("SU", False),
        ("ZZZZ", False),
    ],
)
def test_country_codes_iso_3166_1_3_and_the_registers_own(code, valid):
    country = Place(name=f"Country {code}", slug=f"c-{code.lower()}", kind=PlaceKind.COUNTRY, iso_code=code)
    if valid:
        country.full_clean()
    else:
        with pytest.raises(ValidationError):
            country.full_clean()


def test_a_former_country_does_not_clash_with_its_successor(analyst_client):
    russia = factories.CountryFactory(iso_code="RU", name="Russia", slug="russia")
    ussr = Place.objects.create(
        name="Soviet Union", slug="soviet-union", kind=PlaceKind.COUNTRY, iso_code="SUHH"
    )
    assert ussr.is_former_country and not russia.is_former_country
    assert ussr.pycountry.name.startswith("USSR")
    factories.VisitFactory(host_country=ussr)
    response = analyst_client.get("/api/v1/visits/", {"country": "SUHH"}).json()
    assert response["count"] == 1


def test_an_attested_post_holds_on_its_dates_only():
    person = factories.PersonFactory()
    government = factories.OrganisationFactory(name="Government of Türkiye")
    prime_minister = factories.MembershipFactory(
        person=person,
        organisation=government,
        title="Prime Minister",
        attested=True,
        start_date=D(2005, 6, 7),
    )
    president = factories.MembershipFactory(
        person=person,
        organisation=government,
        title="President",
        attested=True,
        start_date=D(2024, 7, 9),
        end_date=D(2024, 7, 11),
    )
    assert person.title_on(D(2024, 7, 10)) == "President, Government of Türkiye"
    assert person.title_on(D(2005, 6, 7)) == "Prime Minister, Government of Türkiye"
    assert person.title_on(D(2010, 1, 1)) == ""
    for day in [D(2005, 6, 6), D(2005, 6, 7), D(2005, 6, 8), D(2024, 7, 9), D(2024, 7, 11), D(2024, 7, 12)]:
        assert set(person.memberships.held_on(day)) == {
            m for m in (prime_minister, president) if m.covers(day)
        }, day
    undated = Membership(person=person, organisation=government, title="Adviser", attested=True)
    with pytest.raises(ValidationError):
        undated.full_clean()


def test_the_title_as_stated_is_shown_beside_the_normalised_one(analyst_client):
    post = factories.MembershipFactory(title="President", title_as_stated="Interim President", acting=True)
    assert post.post_label == f"Interim President, {post.organisation}"
    data = analyst_client.get(f"/api/v1/memberships/{post.pk}/").json()
    assert (data["title"], data["title_as_stated"], data["acting"], data["attested"]) == (
        "President",
        "Interim President",
        True,
        False,
    )


def test_identifiers_are_unique_per_kind_of_record_and_go_with_their_record():
    person = factories.PersonFactory()
    Identifier.objects.create(record=person, scheme="historian-person", value="kissinger-henry-a")
    other = factories.PersonFactory()
    duplicate = Identifier(record=other, scheme="historian-person", value="kissinger-henry-a")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    Identifier(
        record=factories.PlaceFactory(), scheme="historian-person", value="kissinger-henry-a"
    ).full_clean()
    person.delete()
    assert not Identifier.objects.filter(value="kissinger-henry-a").exists()


def test_existing_visits_keep_their_api_output(seeded, analyst_client):
    data = analyst_client.get(f"/api/v1/visits/{seeded.pk}/").json()
    assert data["kind"] == "working"
    assert list(data)[:7] == ["id", "url", "display", "slug", "title", "principal", "principal_country"]
    assert Visit.objects.get(pk=seeded.pk).get_kind_display() == "Working visit"


def test_a_stop_with_no_date_in_a_visit_of_several_days_is_undated():
    long_visit = factories.VisitFactory(start_date=D(1973, 10, 20), end_date=D(1973, 10, 22))
    one_day = factories.VisitFactory(start_date=D(1973, 10, 22))
    undated = factories.EngagementFactory(visit=long_visit, date=None)
    dated = factories.EngagementFactory(visit=long_visit, date=D(1973, 10, 21))
    only = factories.EngagementFactory(visit=one_day, date=None)
    assert undated.day is None
    assert dated.day == D(1973, 10, 21)
    assert only.day == D(1973, 10, 22)
