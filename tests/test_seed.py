"""`manage.py seed` loads the Innopolis report's dossier: every record, in order, each cited."""

import datetime
from decimal import Decimal

import pytest

from common.partial_dates import DatePrecision, iso_partial_date
from people.models import Membership, Organisation, Person
from places.models import Place, PlaceFact
from sources.models import Citation, Source
from visits.models import Engagement, Participant, Visit

pytestmark = pytest.mark.django_db

REPORT_DAY = datetime.date(2021, 4, 30)


def test_seed_creates_the_source_with_the_report_text_verbatim(seeded, settings):
    source = Source.objects.get(slug="innopolis-2021-04-30")
    report = settings.BASE_DIR / "data" / "reports" / "innopolis-2021-04-30.txt"
    assert source.text == report.read_text(encoding="utf-8")
    assert source.publisher == "Government of the Republic of Armenia"
    assert source.published_on == REPORT_DAY
    assert source.language == "en"
    assert source.content_hash == Source.hash_text(source.text)


def test_seed_creates_the_visit_as_the_report_describes_it(seeded):
    visit = seeded
    assert visit.title == "Working visit to Russia: Kazan Expo and Innopolis"
    assert visit.principal.slug == "nikol-pashinyan"
    assert visit.kind == "working"
    assert visit.host_country.slug == "russia"
    assert visit.principal_country.slug == "armenia"
    assert (visit.start_date, visit.start_precision) == (REPORT_DAY, DatePrecision.DAY)
    assert visit.end_date is None
    assert visit.status == "held"


def test_kazan_expo_comes_before_the_innopolis_tour(seeded):
    stops = list(seeded.engagements.order_by("sequence").values_list("sequence", "venue__slug", "date"))
    assert stops == [(1, "kazan-expo", REPORT_DAY), (2, "innopolis", REPORT_DAY)]


def test_each_engagement_has_its_participants_in_their_roles(seeded):
    def participants(sequence):
        rows = Participant.objects.filter(engagement__visit=seeded, engagement__sequence=sequence)
        return {(p.person.slug if p.person else p.name_as_stated, p.role, p.title_as_stated) for p in rows}

    assert participants(1) == {
        ("nikol-pashinyan", "principal", "the Acting Prime Minister of the Republic of Armenia"),
        ("mikhail-mishustin", "co_attendee", "Prime Minister of the Russian Federation"),
        (
            "heads of other governments participating in the sitting of the EEU Intergovernmental Council",
            "co_attendee",
            "",
        ),
    }
    assert participants(2) == {
        ("nikol-pashinyan", "principal", "Acting Prime Minister"),
        ("ruslan-shigaleyev", "presenter", "Mayor"),
        ("renat-khalimov", "presenter", "Director General of the Technopark"),
    }


def test_the_innopolis_tour_records_what_was_said(seeded):
    tour = seeded.engagements.get(sequence=2)
    assert "interest in developing cooperation with Armenia" in tour.outcome
    assert "exchange of experience with Innopolis" in tour.outcome
    for subject in ("technopark", "IT companies", "Innopolis University"):
        assert subject in tour.description


@pytest.mark.parametrize(
    ("slug", "title"),
    [
        ("nikol-pashinyan", "Acting Prime Minister, Government of the Republic of Armenia"),
        ("mikhail-mishustin", "Prime Minister, Government of the Russian Federation"),
        ("ruslan-shigaleyev", "Mayor, Innopolis city administration"),
        ("renat-khalimov", "Director General, Innopolis Technopark"),
    ],
)
def test_each_person_holds_their_post_on_the_day_of_the_visit(seeded, slug, title):
    assert Person.objects.get(slug=slug).title_on(REPORT_DAY) == title


def test_seed_creates_every_place_in_one_tree(seeded):
    places = {
        (p.slug, p.kind, p.parent.slug if p.parent else None, p.iso_code, p.country.slug)
        for p in Place.objects.select_related("parent", "country")
    }
    assert places == {
        ("armenia", "country", None, "AM", "armenia"),
        ("russia", "country", None, "RU", "russia"),
        ("tatarstan", "region", "russia", "", "russia"),
        ("kazan", "city", "tatarstan", "", "russia"),
        ("innopolis", "city", "tatarstan", "", "russia"),
        ("kazan-expo", "venue", "kazan", "", "russia"),
        ("innopolis-technopark", "venue", "innopolis", "", "russia"),
        ("innopolis-university", "venue", "innopolis", "", "russia"),
    }


def test_seed_creates_every_fact_about_innopolis(seeded):
    facts = {
        (f.kind, f.value, f.qualifier, f.unit, iso_partial_date(f.as_of_date, f.as_of_precision))
        for f in PlaceFact.objects.filter(place__slug="innopolis")
    }
    assert facts == {
        ("distinction", None, "exact", "", "2021-04-30"),
        ("founded", None, "exact", "", "2015"),
        ("area", Decimal("1200"), "exact", "ha", "2021-04-30"),
        ("population", Decimal("3800"), "exact", "inhabitants", "2021-04-30"),
        ("economy", None, "exact", "", "2021-04-30"),
        ("economic_zone", None, "exact", "", "2021-04-30"),
        ("registered_companies", Decimal("360"), "more_than", "companies", "2021-04-30"),
        ("infrastructure", None, "exact", "", "2021-04-30"),
    }
    assert PlaceFact.objects.get(place__slug="innopolis", kind="registered_companies").value_display == (
        "more than 360 companies"
    )
    assert PlaceFact.objects.filter(place__slug="innopolis-university").count() == 1


def test_seed_creates_every_organisation(seeded):
    assert set(Organisation.objects.values_list("slug", flat=True)) == {
        "government-of-armenia",
        "government-of-russia",
        "eurasian-economic-union",
        "eurasian-intergovernmental-council",
        "innopolis-city-administration",
        "innopolis-technopark",
        "innopolis-university",
    }
    council = Organisation.objects.get(slug="eurasian-intergovernmental-council")
    assert council.parent.slug == "eurasian-economic-union"


def test_every_citation_quotes_the_report_at_its_offsets(seeded):
    text = Source.objects.get(slug="innopolis-2021-04-30").text
    citations = list(Citation.objects.all())
    assert len(citations) == 56
    for citation in citations:
        assert text[citation.start : citation.end] == citation.quote


def test_the_typo_and_the_garbled_sentence_are_quoted_verbatim(seeded):
    quotes = set(Citation.objects.values_list("quote", flat=True))
    assert any("atatched importance" in quote for quote in quotes)
    assert any(
        quote.startswith("Before the visit to Innopolis, the Acting Prime Minister") for quote in quotes
    )


@pytest.mark.parametrize(
    "model", [Place, PlaceFact, Organisation, Person, Membership, Visit, Engagement, Participant]
)
def test_every_seeded_record_is_supported_by_a_citation(seeded, model):
    records = list(model.objects.prefetch_related("citations"))
    assert records
    uncited = [str(record) for record in records if not record.citations.all()]
    assert uncited == []
