"""The database itself refuses rows that break the rules, whatever code writes them."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from people.models import Membership
from places.models import Place, PlaceFact, PlaceKind
from sources.models import Citation
from tests import factories
from visits.models import Engagement, Participant, Visit

pytestmark = pytest.mark.django_db


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_visit_cannot_end_before_it_starts():
    visit = factories.VisitFactory()
    refused(lambda: Visit.objects.filter(pk=visit.pk).update(end_date=datetime.date(2021, 4, 1)))


def test_visit_slugs_are_unique():
    factories.VisitFactory(slug="same")
    refused(lambda: factories.VisitFactory(slug="same"))


def test_engagement_sequence_is_unique_within_a_visit():
    engagement = factories.EngagementFactory(sequence=1)
    refused(lambda: factories.EngagementFactory(visit=engagement.visit, sequence=1))
    assert factories.EngagementFactory(sequence=1).visit != engagement.visit


def test_engagement_sequence_starts_at_one():
    engagement = factories.EngagementFactory()
    refused(lambda: Engagement.objects.filter(pk=engagement.pk).update(sequence=0))


def test_engagement_cannot_end_before_it_starts():
    engagement = factories.EngagementFactory(start_time=datetime.time(10))
    refused(lambda: Engagement.objects.filter(pk=engagement.pk).update(end_time=datetime.time(9)))


def test_participant_needs_a_person_or_a_name():
    engagement = factories.EngagementFactory()
    refused(lambda: Participant.objects.create(engagement=engagement, role="host"))
    assert Participant.objects.create(engagement=engagement, role="host", name_as_stated="the governor")


def test_a_person_takes_a_role_once_per_engagement():
    participant = factories.ParticipantFactory()
    refused(
        lambda: Participant.objects.create(
            engagement=participant.engagement, person=participant.person, role=participant.role
        )
    )


def test_membership_cannot_end_before_it_starts():
    membership = factories.MembershipFactory(start_date=datetime.date(2020, 1, 1))
    refused(lambda: Membership.objects.filter(pk=membership.pk).update(end_date=datetime.date(2019, 1, 1)))


def test_only_countries_have_iso_codes_and_they_are_unique():
    country = factories.CountryFactory(iso_code="AM")
    city = factories.PlaceFactory(parent=country)
    refused(lambda: Place.objects.filter(pk=city.pk).update(iso_code="XX"))
    refused(lambda: Place.objects.create(name="Again", slug="again", kind=PlaceKind.COUNTRY, iso_code="AM"))


def test_only_countries_stand_at_the_root_of_the_place_tree():
    refused(lambda: Place.objects.create(name="Nowhere", slug="nowhere", kind=PlaceKind.CITY))


def test_a_place_fact_has_a_value():
    fact = factories.PlaceFactFactory()
    refused(lambda: PlaceFact.objects.filter(pk=fact.pk).update(value=None, value_text=""))


def test_citation_offsets_must_be_in_order():
    citation = factories.CitationFactory()
    refused(lambda: Citation.objects.filter(pk=citation.pk).update(start=10, end=5))


def test_wikidata_ids_are_unique_but_may_be_blank():
    factories.PersonFactory(wikidata_id="")
    factories.PersonFactory(wikidata_id="")
    factories.PersonFactory(wikidata_id="Q123")
    refused(lambda: factories.PersonFactory(wikidata_id="Q123"))
