"""What a record looks like: id, url, display, slug, citations; embedded brief records; ?brief and ?fields."""

from tests import factories
from visits.models import Visit


def test_visit_detail_embeds_engagements_in_order_with_venues_participants_and_titles_held(
    seeded, analyst_client
):
    visit = analyst_client.get(f"/api/v1/visits/{seeded.pk}/").json()
    assert visit["url"] == f"http://testserver/api/v1/visits/{seeded.pk}/"
    assert visit["display"] == "Working visit to Russia: Kazan Expo and Innopolis (30 April 2021)"
    assert visit["principal"]["slug"] == "nikol-pashinyan"
    assert visit["host_country"]["slug"] == "russia"
    assert (visit["start"], visit["end"], visit["dates_display"]) == ("2021-04-30", None, "30 April 2021")
    assert [e["sequence"] for e in visit["engagements"]] == [1, 2]
    expo, tour = visit["engagements"]
    assert (expo["venue"]["slug"], tour["venue"]["slug"]) == ("kazan-expo", "innopolis")
    assert tour["host_organisation"]["slug"] == "innopolis-city-administration"
    held = {
        p["person"]["slug"] if p["person"] else p["name_as_stated"]: p["title_held"]
        for p in expo["participants"]
    }
    assert held["nikol-pashinyan"] == "Acting Prime Minister, Government of the Republic of Armenia"
    assert held["mikhail-mishustin"] == "Prime Minister, Government of the Russian Federation"
    assert (
        held["heads of other governments participating in the sitting of the EEU Intergovernmental Council"]
        == ""
    )
    presenters = {p["person"]["slug"]: p["role"] for p in tour["participants"] if p["role"] == "presenter"}
    assert presenters == {"ruslan-shigaleyev": "presenter", "renat-khalimov": "presenter"}
    text = seeded.citations.first().source.text
    assert visit["citations"] and all(c["quote"] in text for c in visit["citations"])
    assert all(c["source"]["slug"] == "innopolis-2021-04-30" for c in visit["citations"])


def test_brief_and_fields(seeded, analyst_client):
    brief = analyst_client.get("/api/v1/visits/?brief=1").json()["results"][0]
    assert list(brief) == ["id", "url", "display", "slug", "title", "start"]
    picked = analyst_client.get(f"/api/v1/visits/{seeded.pk}/?fields=slug,principal").json()
    assert list(picked) == ["slug", "principal"]
    fact = analyst_client.get("/api/v1/place-facts/?place=innopolis&kind=area").json()["results"][0]
    assert fact["value_display"] == "1,200 ha"


def test_create_with_partial_dates_and_related_records_by_slug(db, editor_client):
    person = factories.PersonFactory(slug="ada")
    country = factories.CountryFactory(iso_code="FR", slug="france")
    body = {
        "title": "Visit to France",
        "slug": "ada-france",
        "principal": "ada",
        "host_country": "france",
        "kind": "official",
        "start": "2021-04",
        "end": "2021-05",
        "status": "planned",
    }
    response = editor_client.post("/api/v1/visits/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["start"], created["end"], created["dates_display"]) == (
        "2021-04",
        "2021-05",
        "April 2021 – May 2021",
    )
    visit = Visit.objects.get(slug="ada-france")
    assert (visit.principal, visit.host_country, visit.start_precision) == (person, country, "month")
    assert str(visit.start_date) == "2021-04-01"


def test_update_runs_the_models_own_validation(db, editor_client):
    visit = factories.VisitFactory()
    city = factories.PlaceFactory(slug="lyon")
    response = editor_client.patch(
        f"/api/v1/visits/{visit.pk}/", {"host_country": city.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "host_country" in response.json()


def test_citation_write_checks_the_quote_and_the_record(db, editor_client):
    source = factories.SourceFactory(slug="report", text="The mayor presented the plans.")
    visit = factories.VisitFactory()
    body = {
        "source": "report",
        "record_type": "visits.visit",
        "record_id": visit.pk,
        "quote": "presented the plans",
    }
    response = editor_client.post("/api/v1/citations/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["end"]) == (10, 29)
    assert response.json()["record_url"] == f"http://testserver/api/v1/visits/{visit.pk}/"
    bad_quote = editor_client.post(
        "/api/v1/citations/", {**body, "quote": "not there"}, content_type="application/json"
    )
    assert bad_quote.status_code == 400 and "quote" in bad_quote.json()
    missing = editor_client.post(
        "/api/v1/citations/", {**body, "record_id": 999999}, content_type="application/json"
    )
    assert missing.json() == {"record_id": ["No visit with id 999999."]}
    assert source.citations.count() == 1


def test_every_nested_url_in_a_list_is_its_own_records_url(seeded, analyst_client):
    # Record URLs are reversed once per field and request (common.api.fields.RecordUrlField):
    # each row must still get its own id, at every level, and the URL must serve that record.
    other = factories.EngagementFactory(visit__slug="second", venue=factories.PlaceFactory(slug="hall"))
    factories.ParticipantFactory(engagement=other)
    results = analyst_client.get("/api/v1/visits/", {"limit": 10}).json()["results"]

    def records(value):
        if isinstance(value, dict):
            if "url" in value and "id" in value:
                yield value
            for child in value.values():
                yield from records(child)
        elif isinstance(value, list):
            for child in value:
                yield from records(child)

    found = list(records(results))
    assert len({record["url"] for record in found}) > 10
    for record in found:
        path = record["url"].removeprefix("http://testserver")
        assert path.endswith(f"/{record['id']}/"), record
        assert analyst_client.get(path).json()["id"] == record["id"]
