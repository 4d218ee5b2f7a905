"""Visit counts per country, year, principal and kind, and who met whom: values and filters."""

import datetime

from tests import factories


def get(client, path, **params):
    response = client.get(f"/api/v1/visits/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_counts_on_the_seeded_visit(seeded, analyst_client):
    assert get(analyst_client, "stats/by-country/") == [
        {
            "country_id": seeded.host_country_id,
            "country_slug": "russia",
            "country_name": "Russia",
            "iso_code": "RU",
            "visits": 1,
        }
    ]
    assert get(analyst_client, "stats/by-year/") == [{"year": 2021, "visits": 1}]
    assert get(analyst_client, "stats/by-principal/") == [
        {
            "principal_id": seeded.principal_id,
            "principal_slug": "nikol-pashinyan",
            "principal_name": "Nikol Pashinyan",
            "visits": 1,
        }
    ]
    assert get(analyst_client, "stats/by-kind/") == [{"kind": "working", "visits": 1}]


def test_who_met_whom_on_the_seeded_visit(seeded, analyst_client):
    pairs = {
        frozenset((p["person_a_slug"], p["person_b_slug"])): p for p in get(analyst_client, "who-met-whom/")
    }
    # Kazan Expo: Pashinyan and Mishustin; Innopolis: Pashinyan, Shigaleyev and Khalimov.
    assert set(pairs) == {
        frozenset({"nikol-pashinyan", "mikhail-mishustin"}),
        frozenset({"nikol-pashinyan", "ruslan-shigaleyev"}),
        frozenset({"nikol-pashinyan", "renat-khalimov"}),
        frozenset({"ruslan-shigaleyev", "renat-khalimov"}),
    }
    pair = pairs[frozenset({"nikol-pashinyan", "mikhail-mishustin"})]
    assert (pair["engagements"], pair["visits"], pair["first_date"], pair["last_date"]) == (
        1,
        1,
        "2021-04-30",
        "2021-04-30",
    )
    assert pair["person_a_id"] < pair["person_b_id"]
    assert get(analyst_client, "who-met-whom/", participant="mikhail-mishustin", date_after="2022") == []


def test_counts_follow_the_visit_filters_and_hide_drafts(db, analyst_client):
    fr = factories.CountryFactory(iso_code="FR")
    de = factories.CountryFactory(iso_code="DE")
    ada = factories.PersonFactory(slug="ada", name="Ada")
    for year, country in [(2019, fr), (2021, fr), (2021, de)]:
        factories.VisitFactory(principal=ada, host_country=country, start_date=datetime.date(year, 5, 1))
    factories.VisitFactory(host_country=de, status="draft", kind="state")
    by_country = get(analyst_client, "stats/by-country/")
    assert [(c["iso_code"], c["visits"]) for c in by_country] == [("FR", 2), ("DE", 1)]
    assert get(analyst_client, "stats/by-year/") == [{"year": 2019, "visits": 1}, {"year": 2021, "visits": 2}]
    assert get(analyst_client, "stats/by-year/", country="DE") == [{"year": 2021, "visits": 1}]
    assert get(analyst_client, "stats/by-kind/") == [{"kind": "official", "visits": 3}]
    assert get(analyst_client, "stats/by-principal/", date_before="2020")[0]["visits"] == 1


def test_who_met_whom_counts_shared_engagements_and_first_and_last_days(db, analyst_client):
    ada, bob = factories.PersonFactory(slug="ada"), factories.PersonFactory(slug="bob")
    for day in (datetime.date(2020, 1, 2), datetime.date(2021, 6, 7)):
        engagement = factories.EngagementFactory(visit=factories.VisitFactory(start_date=day))
        factories.ParticipantFactory(engagement=engagement, person=ada, role="principal")
        factories.ParticipantFactory(engagement=engagement, person=bob, role="host")
        # Two roles of the same person in one engagement are still one meeting.
        factories.ParticipantFactory(engagement=engagement, person=bob, role="presenter")
    [pair] = get(analyst_client, "who-met-whom/")
    assert (pair["person_a_slug"], pair["person_b_slug"]) == ("ada", "bob")
    assert (pair["engagements"], pair["visits"]) == (2, 2)
    assert (pair["first_date"], pair["last_date"]) == ("2020-01-02", "2021-06-07")
    [pair] = get(analyst_client, "who-met-whom/", date_after="2021")
    assert (pair["engagements"], pair["first_date"]) == (1, "2021-06-07")
