"""Validation in clean()/save() that names the field and the problem."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from places.models import PlaceKind
from sources.models import Citation
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_quote_must_be_in_the_source_text():
    source = factories.SourceFactory(text="The mayor presented the plans.")
    visit = factories.VisitFactory()
    with pytest.raises(ValidationError) as error:
        Citation(source=source, content_object=visit, quote="The mayor resigned.").save()
    assert "quote" in error.value.message_dict
    assert "not in the text" in error.value.message_dict["quote"][0]
    assert Citation.objects.count() == 0


def test_citation_offsets_point_at_the_quote():
    source = factories.SourceFactory(text="First sentence. The mayor presented the plans.")
    citation = factories.CitationFactory(source=source, quote="The mayor presented the plans.")
    assert source.text[citation.start : citation.end] == citation.quote
    assert (citation.start, citation.end) == (16, 46)


def test_a_repeated_quote_can_be_pinned_to_its_second_occurrence():
    source = factories.SourceFactory(text="He came. He came.")
    citation = factories.CitationFactory(source=source, quote="He came.", start=9)
    assert (citation.start, citation.end) == (9, 17)


def test_source_hash_follows_its_text():
    source = factories.SourceFactory(text="a")
    first = source.content_hash
    source.text = "b"
    source.save()
    assert len(first) == 64 and source.content_hash != first


def test_place_path_and_country_are_derived_and_follow_moves():
    armenia = factories.CountryFactory(iso_code="AM")
    russia = factories.CountryFactory(iso_code="RU")
    city = factories.PlaceFactory(parent=armenia)
    venue = factories.PlaceFactory(parent=city, kind=PlaceKind.VENUE)
    assert venue.path == f"/{armenia.pk}/{city.pk}/{venue.pk}/"
    assert venue.country == armenia
    assert list(armenia.subtree().order_by("pk")) == [armenia, city, venue]
    assert venue.ancestors() == [armenia, city]

    city.parent = russia
    city.save()
    venue.refresh_from_db()
    assert venue.path == f"/{russia.pk}/{city.pk}/{venue.pk}/"
    assert venue.country == russia


def test_a_place_cannot_be_moved_inside_itself():
    city = factories.PlaceFactory()
    venue = factories.PlaceFactory(parent=city, kind=PlaceKind.VENUE)
    city.parent = venue
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "inside itself" in error.value.message_dict["parent"][0]


def test_country_iso_code_must_be_real():
    country = factories.CountryFactory.build(iso_code="XQ", name="Nowhere", slug="nowhere")
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "'XQ' is not an ISO 3166-1" in error.value.message_dict["iso_code"][0]


def test_visit_end_before_start_is_a_field_error():
    visit = factories.VisitFactory.build(
        principal=factories.PersonFactory(),
        host_country=factories.CountryFactory(),
        start_date=datetime.date(2021, 4, 30),
        end_date=datetime.date(2021, 4, 29),
    )
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert error.value.message_dict["end_date"] == ["The visit cannot end before it starts."]


def test_engagement_date_must_fall_within_its_visit():
    engagement = factories.EngagementFactory.build(
        visit=factories.VisitFactory(start_date=datetime.date(2021, 4, 30)),
        venue=factories.PlaceFactory(),
        date=datetime.date(2021, 5, 2),
    )
    with pytest.raises(ValidationError) as error:
        engagement.full_clean()
    assert "outside the visit's dates" in error.value.message_dict["date"][0]


def test_title_on_a_day_comes_from_the_posts_held_then():
    person = factories.PersonFactory()
    government = factories.OrganisationFactory(name="Government of Armenia")
    factories.MembershipFactory(
        person=person,
        organisation=government,
        title="Deputy Prime Minister",
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 1, 1),
        end_precision="year",
    )
    factories.MembershipFactory(
        person=person, organisation=government, title="Prime Minister", acting=True, start_date=None
    )
    assert set(person.title_on(datetime.date(2020, 12, 31)).split("; ")) == {
        "Deputy Prime Minister, Government of Armenia",
        "Acting Prime Minister, Government of Armenia",
    }
    assert person.title_on(datetime.date(2021, 4, 30)) == "Acting Prime Minister, Government of Armenia"


def test_in_memory_and_sql_membership_checks_agree():
    person = factories.PersonFactory()
    memberships = [
        factories.MembershipFactory(person=person, start_date=datetime.date(2020, 3, 1), end_date=None),
        factories.MembershipFactory(
            person=person,
            start_date=datetime.date(2019, 1, 1),
            end_date=datetime.date(2020, 2, 1),
            end_precision="month",
        ),
        factories.MembershipFactory(person=person, start_date=None, end_date=datetime.date(2020, 1, 15)),
    ]
    for day in [
        datetime.date(2019, 6, 1),
        datetime.date(2020, 1, 15),
        datetime.date(2020, 1, 16),
        datetime.date(2020, 2, 29),
        datetime.date(2020, 3, 1),
    ]:
        in_sql = set(person.memberships.held_on(day))
        in_memory = {m for m in memberships if m.covers(day)}
        assert in_sql == in_memory, day


def test_creating_a_place_records_one_creation_with_its_final_path():
    city = factories.PlaceFactory()
    history = list(city.history.all())
    assert [h.history_type for h in history] == ["+"]
    assert history[0].path == city.path != ""
    assert history[0].country_id == city.parent_id
