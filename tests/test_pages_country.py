"""A country's page (issue 15, item 5): visits it received and visits made by its officials (the
principal's country), counted by year, drafts left out for readers who may not see them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from visits.models import VisitStatus


@pytest.fixture
def countries(db):
    israel = factories.CountryFactory(iso_code="IL", name="Israel", slug="israel")
    usa = factories.CountryFactory(iso_code="US", name="United States", slug="united-states")
    leader = factories.PersonFactory(name="Israeli Leader", slug="leader")
    for year, host, principal_country in [(2020, usa, israel), (2020, usa, israel), (2022, israel, usa)]:
        factories.VisitFactory(
            principal=leader,
            host_country=host,
            principal_country=principal_country,
            start_date=datetime.date(year, 3, 1),
        )
    factories.VisitFactory(
        principal=leader,
        host_country=usa,
        principal_country=israel,
        start_date=datetime.date(2023, 1, 1),
        status=VisitStatus.DRAFT,
        slug="draft",
    )
    return israel


def test_country_page_counts_both_ways_by_year(countries, analyst_client):
    response = analyst_client.get("/places/israel/")
    assert response.status_code == 200
    both = response.context["country_visits"]
    assert both["by_year"] == [(2020, 0, 2), (2022, 1, 0)]  # the 2023 draft is hidden
    assert (both["received_total"], both["made_total"]) == (1, 2)
    html = response.content.decode()
    assert 'href="/?principal_country=israel">2</a>' in html
    assert '<th scope="row">2020</th>' in html


def test_editors_count_drafts(countries, editor_client):
    both = editor_client.get("/places/israel/").context["country_visits"]
    assert both["by_year"][-1] == (2023, 0, 1)


def test_a_city_page_has_no_country_section(countries, analyst_client):
    city = factories.PlaceFactory(parent=countries, slug="haifa", name="Haifa")
    response = analyst_client.get(f"/places/{city.slug}/")
    assert response.context["country_visits"] is None
    assert "Visits received and made, by year" not in response.content.decode()


def test_country_section_costs_three_queries_whatever_the_visits(
    countries, analyst_client, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as few:
        analyst_client.get("/places/israel/")
    for n in range(20):
        factories.VisitFactory(principal_country=countries, start_date=datetime.date(2000 + n, 1, 1))
    with django_assert_num_queries(len(few)):
        analyst_client.get("/places/israel/")
