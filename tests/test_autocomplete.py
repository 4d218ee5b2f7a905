"""Filter inputs with autocomplete (issue 14, item 8): the visit list no longer lists every person
and place as <option>s; its inputs take a slug (without JavaScript) and tom-select completes
names from /search/suggest/, which uses the search backend and the visibility rule."""

import pytest

from tests import factories
from visits.models import VisitStatus


@pytest.fixture
def people(db):
    country = factories.CountryFactory(iso_code="IL", name="Israel", slug="israel")
    factories.PlaceFactory(name="Jerusalem", slug="jerusalem", parent=country)
    netanyahu = factories.PersonFactory(name="Benjamin Netanyahu", slug="netanyahu")
    factories.VisitFactory(principal=netanyahu, host_country=country, slug="v1")
    hidden = factories.PersonFactory(name="Benjamin Draftonly", slug="draftonly")
    factories.VisitFactory(principal=hidden, host_country=country, slug="v2", status=VisitStatus.DRAFT)
    for n in range(30):
        factories.PersonFactory(name=f"Someone Else {n}")
    return netanyahu


def test_suggest_people_by_prefix_without_draft_only_people(people, analyst_client, editor_client):
    response = analyst_client.get("/search/suggest/?kind=person&q=benj")
    assert response.status_code == 200
    assert response.json() == {
        "results": [{"value": "netanyahu", "text": "Benjamin Netanyahu", "detail": ""}]
    }
    names = [
        row["text"] for row in editor_client.get("/search/suggest/?kind=person&q=benj").json()["results"]
    ]
    assert sorted(names) == ["Benjamin Draftonly", "Benjamin Netanyahu"]


def test_suggest_places_say_what_and_where(people, analyst_client):
    results = analyst_client.get("/search/suggest/?kind=place&q=jeru").json()["results"]
    assert results == [{"value": "jerusalem", "text": "Jerusalem", "detail": "City, Israel"}]


def test_the_label_of_a_chosen_slug(people, analyst_client):
    results = analyst_client.get("/search/suggest/?kind=person&value=netanyahu").json()["results"]
    assert results[0]["text"] == "Benjamin Netanyahu"
    assert analyst_client.get("/search/suggest/?kind=person&value=draftonly").json() == {"results": []}


def test_suggest_bad_input_and_access(people, analyst_client, anonymous_client):
    response = analyst_client.get("/search/suggest/?kind=planet&q=x")
    assert response.status_code == 400
    assert response.json() == {"kind": ["'planet' is not one of: person, place."]}
    assert anonymous_client.get("/search/suggest/?kind=person&q=benj").status_code == 401
    assert analyst_client.get("/search/suggest/?kind=person&q=%2A%22").json() == {"results": []}


@pytest.mark.parametrize("count", [1, 30])
def test_suggest_runs_a_fixed_number_of_queries(db, analyst_client, django_assert_num_queries, count):
    for n in range(count):
        factories.PersonFactory(name=f"Zed {n}")
    # session, user, permissions, group permissions; the ranked ids, which may be seen, the rows
    with django_assert_num_queries(4 + 3):
        results = analyst_client.get("/search/suggest/?kind=person&q=zed").json()["results"]
    assert len(results) == min(count, 20)


def test_visit_list_has_inputs_not_every_option(people, analyst_client):
    html = analyst_client.get("/").content.decode()
    assert "Someone Else 7" not in html  # no <option> per person
    assert 'name="principal" value=""' in html
    assert 'data-autocomplete="/search/suggest/?kind=person"' in html
    assert 'data-autocomplete="/search/suggest/?kind=place"' in html


def test_without_javascript_a_typed_slug_filters(people, analyst_client):
    response = analyst_client.get("/?principal=netanyahu")
    assert [visit.slug for visit in response.context["page"].object_list] == ["v1"]
    assert 'name="principal" value="netanyahu"' in response.content.decode()
