"""Changelists cost the same number of queries for 1 row as for 30: nothing is fetched per row."""

import pytest
from django.contrib.contenttypes.models import ContentType

from sources.models import Citation
from tests import factories
from tests.test_admin_pages import MODEL_IDS, REGISTERED, admin_url, build_row

# Every changelist: session, user, the user's own and group permissions (4), the row count
# once (bounded: no full-table count, see common.db.counts), the rows with their foreign keys in
# one join (1); then one query per filter that lists values from the database, and for a
# date hierarchy its first and last date (1) and its years (or months, or days) in one query
# however many there are (common.admin.dates_by_index_probes, tests/test_admin_date_hierarchy.py).
BASE = 4 + 1 + 1
DATE_HIERARCHY = 1 + 1
EXPECTED = {
    "people.membership": BASE + 1,  # organisations in use (filter)
    "people.organisation": BASE + 1,  # countries (filter)
    "people.person": BASE,
    "people.personname": BASE + 2,  # languages, scripts (filters)
    "places.place": BASE + 1,  # countries in use (filter)
    "places.placefact": BASE + 1,  # places in use (filter)
    "places.placename": BASE + 1,  # languages (filter)
    "sources.citation": BASE + 2 + 1,  # kinds and sources in use (filters), the cited records
    "sources.identifier": BASE + 2,  # schemes, kinds in use (filters)
    "sources.source": BASE + 2 + DATE_HIERARCHY,  # languages, publishers (filters)
    "visits.engagement": BASE + 1 + 1,  # host countries, kinds of visit (filters)
    "visits.participant": BASE,
    "visits.visit": BASE + 1 + 1 + DATE_HIERARCHY,  # host countries, kinds of visit (filters)
    "visits.visitkind": BASE,
}


def test_every_registered_model_has_an_expected_count():
    assert set(EXPECTED) == set(MODEL_IDS)


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_changelist_queries_do_not_grow_with_rows(model, editor_client, django_assert_num_queries):
    url = admin_url(model, "changelist")
    build_row(model)
    editor_client.get(url)  # fills the content-type cache, as any earlier request would

    with django_assert_num_queries(EXPECTED[model._meta.label_lower]):
        one = editor_client.get(url)
    for _ in range(29):
        build_row(model)
    with django_assert_num_queries(EXPECTED[model._meta.label_lower]):
        thirty = editor_client.get(url)

    assert one.context["cl"].result_count < 30 <= thirty.context["cl"].result_count


def test_citation_changelist_costs_one_query_per_kind_of_cited_record(
    editor_client, django_assert_num_queries
):
    kinds = [
        factories.PlaceFactory,
        factories.PlaceFactFactory,
        factories.OrganisationFactory,
        factories.PersonFactory,
        factories.MembershipFactory,
        factories.VisitFactory,
        factories.EngagementFactory,
        factories.ParticipantFactory,
    ]
    for index in range(30):
        factories.CitationFactory(content_object=kinds[index % len(kinds)]())
    url = admin_url(Citation, "changelist")
    editor_client.get(url)
    assert ContentType.objects.filter(citation__isnull=False).distinct().count() == len(kinds)

    with django_assert_num_queries(EXPECTED["sources.citation"] - 1 + len(kinds)):
        response = editor_client.get(url)

    # Each row names its record, e.g. a participant by the person's name.
    assert response.context["cl"].result_count == 30
    assert b"Participant: Given" in response.content
