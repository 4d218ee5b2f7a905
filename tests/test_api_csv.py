"""CSV output: flat, documented columns, chosen by ?format=csv or Accept: text/csv."""

import csv
import io

import pytest


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


VISIT_COLUMNS = [
    "id",
    "url",
    "display",
    "slug",
    "title",
    "principal.id",
    "principal.url",
    "principal.display",
    "principal.slug",
    "principal.name",
    "principal_country.id",
    "principal_country.url",
    "principal_country.display",
    "principal_country.slug",
    "principal_country.name",
    "principal_country.kind",
    "kind",
    "host_country.id",
    "host_country.url",
    "host_country.display",
    "host_country.slug",
    "host_country.name",
    "host_country.kind",
    "start",
    "start_about",
    "end",
    "end_about",
    "dates_display",
    "purpose",
    "summary",
    "status",
    "parent.id",
    "parent.url",
    "parent.display",
    "parent.slug",
    "parent.title",
    "parent.start",
    "engagements",
    "citations",
    "created_at",
    "updated_at",
]


def test_visit_list_as_csv_has_one_flat_row_per_visit(seeded, analyst_client):
    response = analyst_client.get("/api/v1/visits/?format=csv")
    header = response.content.decode().splitlines()[0].split(",")
    assert header == VISIT_COLUMNS
    [row] = rows(response)
    assert row["slug"] == "pashinyan-innopolis-2021-04-30"
    assert row["principal.slug"] == "nikol-pashinyan"
    assert row["host_country.slug"] == "russia"
    assert row["start"] == "2021-04-30"
    assert row["end"] == ""
    assert row["parent.id"] == ""
    assert (
        row["engagements"]
        == "1. Visit to the Kazan Expo International Exhibition Center | 2. Tour of Innopolis"
    )


def test_accept_header_selects_csv_and_fields_picks_columns(seeded, analyst_client):
    response = analyst_client.get("/api/v1/people/?fields=slug,name,memberships", HTTP_ACCEPT="text/csv")
    people = rows(response)
    assert list(people[0]) == ["slug", "name", "memberships"]
    by_slug = {row["slug"]: row for row in people}
    assert by_slug["nikol-pashinyan"]["memberships"] == (
        "Nikol Pashinyan: Acting Prime Minister, Government of the Republic of Armenia"
    )


def test_an_empty_list_still_has_its_header(db, analyst_client):
    response = analyst_client.get("/api/v1/places/?format=csv&fields=id,slug,parent")
    assert (
        response.content.decode()
        == "id,slug,parent.id,parent.url,parent.display,parent.slug,parent.name,parent.kind\r\n"
    )


@pytest.mark.parametrize(
    ("path", "header"),
    [
        ("stats/by-country/", "country_id,country_slug,country_name,iso_code,visits"),
        ("stats/by-year/", "year,visits"),
        ("stats/by-principal/", "principal_id,principal_slug,principal_name,visits"),
        ("stats/by-kind/", "kind,visits"),
        (
            "who-met-whom/",
            "person_a_id,person_a_slug,person_a_name,person_b_id,person_b_slug,person_b_name,"
            "engagements,visits,first_date,last_date",
        ),
    ],
)
def test_aggregates_as_csv(seeded, analyst_client, path, header):
    response = analyst_client.get(f"/api/v1/visits/{path}?format=csv")
    assert response.content.decode().splitlines()[0] == header
    assert len(rows(response)) >= 1
    empty = analyst_client.get(f"/api/v1/visits/{path}?format=csv&kind=state")
    assert empty.content.decode() == header + "\r\n"


def test_errors_are_readable_in_csv_too(db, analyst_client):
    response = analyst_client.get("/api/v1/visits/?format=csv&kind=imperial")
    assert response.status_code == 400
    assert response.content.decode().splitlines()[0] == "kind"
