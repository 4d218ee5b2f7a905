"""`manage.py import_historian` on slices of the bundled Office of the Historian files: counts
equal the XML's, a second run changes nothing, every citation is pinned to its own record, the
read-backs an analyst would do give the XML's answers, a new file of the same schema imports,
editors' changes survive, hostile or broken files are refused by name.

The whole bundled set is imported in tests/test_historian_whole_set.py."""

import datetime
import re

import pytest
from django.core.management.base import CommandError

from importers.historian import import_historian
from people.models import Membership, Person
from places.models import Place, PlaceKind
from sources.models import Citation, Identifier, Source
from tests.historian import DATA, import_files, records, slice_file
from visits.models import Engagement, Visit

pytestmark = pytest.mark.django_db

KISSINGER = "travels/secretary-travels/kissinger-henry-a.xml"


@pytest.fixture
def files(tmp_path):
    """A small register's worth of files: every President and Secretary's term, 40 of
    Kissinger's trips, and some visits to the U.S. (Netanyahu under three spellings, Erdoğan
    twice, Guaidó, a joint visit)."""
    return [
        DATA / "travels/presidents/presidents.xml",
        DATA / "pocom/positions-principals/secretary.xml",
        DATA / "pocom/positions-principals/secretary-ad-interim.xml",
        slice_file(tmp_path, KISSINGER, first=40),
        slice_file(tmp_path, "visits/1990.xml", ids=[1205, 1209, 1293]),
        slice_file(tmp_path, "visits/2000.xml", ids=[1422, 1784]),
        slice_file(tmp_path, "visits/2020.xml", ids=[2991, 2992, 2993, 3225, 3258, 3312]),
    ]


def historian_visits():
    return Visit.objects.filter(identifiers__scheme__in=["historian-trip", "historian-visit"])


def test_counts_equal_the_xmls(files):
    output = import_files(*files)

    trips = [t for f in files for t in records(f) if t.tag == "trip"]
    visits = [v for f in files for v in records(f) if v.tag == "visit"]
    terms = [r for f in files for r in records(f) if r.tag in ("president", "principal")]
    assert historian_visits().count() == len(trips) + len(visits)
    assert Visit.objects.filter(identifiers__scheme="historian-trip").count() == len(trips)
    assert Visit.objects.filter(identifiers__scheme="historian-visit").count() == len(visits)
    assert Membership.objects.filter(attested=False, organisation__country__iso_code="US").count() == len(
        terms
    )
    assert Source.objects.filter(slug__startswith="historian-").count() == len(files)
    # One stop per place a trip's locale names (comma-separated).
    places = sum(len([p for p in (t.findtext("locale") or "").split(",") if p.strip()]) for t in trips)
    assert Engagement.objects.filter(visit__identifiers__scheme="historian-trip").count() == places
    # Presidents and Secretaries by their own ids (Van Buren has two, one person).
    ids = {r.findtext("id") for f in files for r in records(f) if r.tag == "president"}
    ids |= {r.findtext("person-id") for f in files for r in records(f) if r.tag == "principal"}
    ids |= {t.get("who") for t in trips}
    found = set(Identifier.objects.filter(scheme="historian-person").values_list("value", flat=True))
    assert found == ids
    assert f"{len(files)} file(s) imported" in output


def test_a_second_run_changes_nothing(files, row_counts):
    import_historian(paths=files)
    before = row_counts()
    second = import_historian(paths=files)
    assert row_counts() == before  # no row written, history included
    totals = second.totals()
    assert all(t["created"] == 0 and t["updated"] == 0 and t["kept"] == 0 for t in totals.values()), totals
    assert totals["visits.Visit"]["unchanged"] == historian_visits().count()


def test_every_citation_is_pinned_inside_its_own_record(files):
    import_historian(paths=files)
    checked = assert_citations_in_own_records()
    assert checked["visits.visit"] == historian_visits().count()
    assert checked["visits.engagement"] == Engagement.objects.count()


def assert_citations_in_own_records():
    """Each citation's offsets hold its quote, and lie inside the element of the record it
    supports: a visit's <trip>/<visit> by its id, a stop's its trip's <locale>, a term's its
    <president>/<principal>, a visitor's post its visit's <visitor>. Returns counts checked."""
    from collections import Counter

    checked = Counter()
    spans = {}
    identifiers = {
        (i.content_type.model, i.object_id): i.value
        for i in Identifier.objects.select_related("content_type")
    }
    for source in Source.objects.filter(slug__startswith="historian-"):
        text = source.text
        tag = re.search(r"<(trip|visit|president|principal)[\s>]", text).group(1)
        elements = [
            (m.start(), m.end(), m.group(0)) for m in re.finditer(rf"<{tag}[\s>].*?</{tag}>", text, re.S)
        ]
        spans[source.pk] = elements
        for citation in Citation.objects.filter(source=source).select_related("content_type"):
            assert text[citation.start : citation.end] == citation.quote, citation.pk
            inside = [e for e in elements if e[0] <= citation.start and citation.end <= e[1]]
            assert len(inside) == 1, f"citation {citation.pk} is not inside one record of {source.slug}"
            element = inside[0][2]
            model = citation.content_type.model
            element_id = re.search(r"<id>([^<]*)</id>", element).group(1)
            if model == "visit":
                assert identifiers[model, citation.object_id] == element_id
                assert (citation.start, citation.end) == inside[0][:2]
            elif model == "engagement":
                engagement = Engagement.objects.get(pk=citation.object_id)
                assert identifiers["visit", engagement.visit_id] == element_id
                locale = re.search(r"<locale>(.*?)</locale>", element, re.S)
                offset = inside[0][0] + locale.start(1)
                assert offset <= citation.start and citation.end <= offset + len(locale.group(1))
                assert engagement.title == citation.quote
            elif model == "membership":
                membership = Membership.objects.get(pk=citation.object_id)
                if membership.attested:
                    visitor = re.search(r"<visitor>(.*?)</visitor>", element).group(1)
                    assert citation.quote == visitor
                    assert membership.start_date.isoformat() == re.search(
                        r"<start-date>(.*?)</start-date>", element
                    ).group(1)
                else:
                    assert (citation.start, citation.end) == inside[0][:2]
            checked[f"{citation.content_type.app_label}.{model}"] += 1
    return checked


def test_identity_terms_and_titles(files):
    import_historian(paths=files)
    # Repeated terms of one post; a term still running has no end.
    cleveland = Person.objects.get(identifiers__value="cleveland-grover")
    assert [m.period_display for m in cleveland.memberships.order_by("start_date")] == [
        "4 March 1885 – 4 March 1889",
        "4 March 1893 – 4 March 1897",
    ]
    trump = Person.objects.get(identifiers__value="trump-donald-j")
    assert trump.memberships.count() == 2 and trump.memberships.filter(end_date=None).count() == 1
    # Secretary of State ad interim: acting, the title as stated kept beside the normalised one.
    newsom = Person.objects.get(identifiers__value="newsom-david-dunlap")
    post = newsom.memberships.first()
    assert (post.title, post.title_as_stated, post.acting) == (
        "Secretary of State",
        "Secretary of State ad interim",
        True,
    )
    # "Interim President" stays what the source says.
    guaido = Person.objects.get(name="Juan Guaidó")
    assert guaido.title_on(datetime.date(2020, 2, 5)) == "Interim President, Government of Venezuela"
    # Attested posts hold on the attested dates only: never two titles at once.
    erdogan = Person.objects.get(name="Recep Tayyip Erdogan")
    assert erdogan.title_on(datetime.date(2024, 7, 10)) == "President, Government of Türkiye"
    assert erdogan.title_on(datetime.date(2005, 6, 7)) == "Prime Minister, Government of Türkiye"
    assert erdogan.title_on(datetime.date(2015, 1, 1)) == ""
    # Kissinger's name as his travels state it; the President who was Secretary is one person.
    assert (
        Person.objects.get(identifiers__value="kissinger-henry-a").name == "Henry A. (Heinz Alfred) Kissinger"
    )
    van_buren = Person.objects.get(identifiers__value="van-buren-martin")
    assert set(van_buren.identifiers.values_list("value", flat=True)) == {
        "van-buren-martin",
        "buren-martin-van",
    }
    assert {m.title for m in van_buren.memberships.all()} == {"President", "Secretary of State"}
    # A joint visit: the first visitor is the principal, both are known with their posts.
    joint = Visit.objects.get(identifiers__value="1422")
    assert joint.principal.name == "Stjepan Mesic"
    assert Person.objects.get(name="Ivica Racan").memberships.get().title == "Prime Minister"


def test_countries_historical_and_special(tmp_path):
    trips = slice_file(tmp_path, KISSINGER, first=3)  # 977: U.S.S.R., 978: Israel, 979: United Kingdom
    import_historian(paths=[trips])
    ussr = Visit.objects.get(identifiers__value="977").host_country
    assert (ussr.name, ussr.iso_code, ussr.is_former_country) == ("Soviet Union", "SUHH", True)
    assert not Place.objects.filter(iso_code="RU").exists()  # the USSR is not its successor
    assert Visit.objects.get(identifiers__value="977").principal_country.iso_code == "US"
    # Two data set ids for one country, and a territory below its country.
    text = (DATA / "visits/2020.xml").read_text(encoding="utf-8")
    extra = tmp_path / "2030.xml"
    extra.write_text(
        text[: text.index("<visit>")]
        + visit_xml(9001, "2030-01-02", "President Test Person", "turkey", "Turkey", "State Visit.")
        + visit_xml(9002, "2030-01-03", "President Test Person", "turkiye", "Türkiye", "State Visit.")
        + visit_xml(
            9003, "2030-01-04", "President Another Person", "west-bank", "West Bank", "Private visit."
        )
        + "</visits>\n",
        encoding="utf-8",
    )
    import_historian(paths=[extra])
    turkey = Place.objects.get(iso_code="TR")
    assert Visit.objects.filter(principal_country=turkey).count() == 2
    assert Person.objects.filter(name="Test Person").count() == 1
    assert {"turkey", "turkiye"} <= set(turkey.identifiers.values_list("value", flat=True))
    assert "Turkey" in set(turkey.other_names.values_list("name", flat=True))
    west_bank = Place.objects.get(name="West Bank")
    assert (west_bank.kind, west_bank.parent.iso_code) == (PlaceKind.REGION, "PS")
    assert Visit.objects.get(identifiers__value="9003").principal_country.iso_code == "PS"
    assert Visit.objects.get(identifiers__value="9001").kind == "state"


def visit_xml(number, day, visitor, country_id, country, description):
    return (
        f"    <visit>\n        <id>{number}</id>\n        <start-date>{day}</start-date>\n"
        f"        <end-date>{day}</end-date>\n        <visitor>{visitor}</visitor>\n"
        f'        <from id="{country_id}">{country}</from>\n'
        f"        <description>{description}</description>\n"
        "        <created-by>test</created-by>\n"
        "        <created-datetime>2030-01-01T00:00:00</created-datetime>\n"
        "        <last-modified-by>test</last-modified-by>\n        <last-modified-datetime/>\n    </visit>\n"
    )


def test_locales_become_places_of_unknown_kind_and_undated_stops(tmp_path):
    trips = slice_file(tmp_path, KISSINGER, first=40)
    import_historian(paths=[trips])
    for trip in records(trips):
        visit = Visit.objects.get(identifiers__value=trip.findtext("id"))
        names = [p.strip() for p in (trip.findtext("locale") or "").split(",") if p.strip()]
        stops = list(visit.engagements.order_by("sequence"))
        assert [s.title for s in stops] == names
        assert all(s.date is None and s.venue.country_id == visit.host_country_id for s in stops)
    assert Place.objects.filter(name="Moscow").get().kind == PlaceKind.UNKNOWN


def test_read_backs_give_the_xmls_answers(files, analyst_client):
    import_historian(paths=files)
    kissinger = Person.objects.get(identifiers__value="kissinger-henry-a")
    trips = records(files[3])

    def count(**params):
        response = analyst_client.get("/api/v1/visits/", {**params, "limit": 1})
        assert response.status_code == 200, response.content
        return response.json()["count"]

    israel = [t for t in trips if t.find("country").get("id") == "israel"]
    assert count(principal=kissinger.slug, country="IL") == len(israel) > 0
    in_1974 = [
        t
        for t in trips
        if t.findtext("start-date") <= "1974-12-31" and t.findtext("end-date") >= "1974-01-01"
    ]
    assert count(principal=kissinger.slug, date_after="1974", date_before="1974") == len(in_1974) > 0
    visits_2020 = records(files[6])
    from_israel = [v for v in visits_2020 if v.find("from").get("id") == "israel"]
    assert count(principal_country="IL", date_after="2020", date_before="2024") == len(from_israel) == 3
    assert count(principal_country="israel", country="US") == len(from_israel) + 3  # and the 1990s ones
    described = [t for t in trips if "Brezhnev" in (t.findtext("remarks") or "")]
    assert count(q="Brezhnev") == len(described) > 0
    all_visits = [v for f in files[4:] for v in records(f)]
    official_working = [
        v for v in all_visits if v.findtext("description").lower().startswith("official working")
    ]
    assert count(kind="official_working") == len(official_working) > 0  # "Official Working Visit."
    detail = analyst_client.get(f"/api/v1/visits/{Visit.objects.get(identifiers__value='2991').pk}/").json()
    assert detail["principal_country"]["slug"] == "greece"
    assert detail["kind"] == "official_working"
    assert detail["citations"][0]["source"]["slug"] == "historian-visits-data-2020"


def test_a_new_file_of_the_same_schema_imports_with_no_code_change(tmp_path):
    """A Secretary the bundle does not know, travelling to a country id the mapping lacks."""
    text = (DATA / KISSINGER).read_text(encoding="utf-8")
    first = re.search(r"\s*<trip .*?</trip>", text, re.S).group(0)
    trip = (
        first.replace('who="kissinger-henry-a"', 'who="doe-jane-q"')
        .replace("<name>Henry A. (Heinz Alfred) Kissinger</name>", "<name>Jane Q. Doe</name>")
        .replace('<country id="russia">U.S.S.R.</country>', '<country id="atlantis">Atlantis</country>')
        .replace("<locale>Moscow</locale>", "<locale>Poseidonia, Cleito</locale>")
    )
    trip = re.sub(r"<id>\d+</id>", "<id>99001</id>", trip)
    new = tmp_path / "doe-jane-q.xml"
    new.write_text(text[: text.index("<trips>") + len("<trips>")] + trip + "\n</trips>\n", encoding="utf-8")

    output = import_files(new)

    visit = Visit.objects.get(identifiers__value="99001")
    assert visit.principal.name == "Jane Q. Doe"
    assert visit.host_country.name == "Atlantis" and visit.host_country.kind == PlaceKind.COUNTRY
    assert [e.title for e in visit.engagements.order_by("sequence")] == ["Poseidonia", "Cleito"]
    assert "atlantis" in output  # the unmapped id is reported
    source = visit.citations.get().source
    assert (
        source.url == "https://github.com/HistoryAtState/travels/blob/master/secretary-travels/doe-jane-q.xml"
    )
    assert import_historian(paths=[new]).changed() is False


def test_bundled_files_link_to_their_commit(tmp_path):
    import_historian(paths=[DATA / "travels/presidents/presidents.xml"])
    source = Source.objects.get(slug="historian-travels-presidents-presidents")
    assert source.url == "https://github.com/HistoryAtState/travels/blob/3170c773/presidents/presidents.xml"
    assert source.published_on == datetime.date(2026, 7, 18)
    assert source.publisher == "U.S. Department of State, Office of the Historian"
    assert source.text == (DATA / "travels/presidents/presidents.xml").read_text(encoding="utf-8")


def test_an_editors_change_is_kept_and_reported(tmp_path, editor):
    from common.services import delete_record, save_record

    trips = slice_file(tmp_path, KISSINGER, first=3)
    import_historian(paths=[trips])
    visit = Visit.objects.get(identifiers__value="978")
    save_record(record=visit, user=editor, fields={"summary": "Corrected by an editor."})
    deleted = Visit.objects.get(identifiers__value="979")
    delete_record(record=deleted, user=editor)

    output = import_files(trips)

    visit.refresh_from_db()
    assert visit.summary == "Corrected by an editor."
    assert "kept" in output and visit.slug in output and "(summary)" in output
    assert not Visit.objects.filter(slug=deleted.slug).exists()  # deleted by an editor: stays deleted
    import_files(trips, overwrite=True)
    visit.refresh_from_db()
    assert visit.summary == "Met with Prime Minister Meir to discuss the Middle East war."
    assert Visit.objects.filter(identifiers__value="979").exists()


def test_an_upstream_correction_updates_the_record_and_repins_its_citation(tmp_path):
    trips = slice_file(tmp_path, KISSINGER, first=3)
    import_historian(paths=[trips])
    trips.write_text(
        trips.read_text(encoding="utf-8").replace("Met with General Secretary Brezhnev", "Met with Brezhnev"),
        encoding="utf-8",
    )
    result = import_historian(paths=[trips])
    assert result.totals()["visits.Visit"]["updated"] == 1
    visit = Visit.objects.get(identifiers__value="977")
    assert visit.summary.startswith("Met with Brezhnev")
    assert_citations_in_own_records()


def test_each_file_is_atomic_and_errors_name_file_record_and_field(tmp_path):
    good = slice_file(tmp_path, KISSINGER, first=2)
    broken = slice_file(tmp_path, "visits/2020.xml", ids=[2991, 2992], name="broken.xml")
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "<start-date>2020-01-27</start-date>", "<start-date>2020-13-27</start-date>"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        import_files(good, broken)
    message = str(error.value)
    assert "broken.xml" in message and "record 2992" in message and "start-date" in message
    assert Visit.objects.filter(identifiers__scheme="historian-trip").count() == 2  # the good file
    assert not Visit.objects.filter(
        identifiers__scheme="historian-visit"
    ).exists()  # nothing of the broken one
    assert not Source.objects.filter(slug__contains="broken").exists()


def test_hostile_xml_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE visits [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
        "<visits><visit><id>1</id><visitor>&b;</visitor></visit></visits>\n",
        encoding="utf-8",
    )
    external = tmp_path / "external.xml"
    external.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE trips [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<trips><trip role="secretary" who="x"><id>1</id><name>&x;</name></trip></trips>\n',
        encoding="utf-8",
    )
    result = import_historian(paths=[bomb, external])
    assert not result.files
    assert any("bomb.xml" in error and "refused" in error for error in result.errors)
    assert any("external.xml" in error and "refused" in error for error in result.errors)
    assert not Visit.objects.exists()


def test_netanyahus_spellings_merge_in_one_step(files, editor_client):
    import_historian(paths=files)
    spellings = Person.objects.filter(name__endswith="Netanyahu").order_by("name")
    assert list(spellings.values_list("name", flat=True)) == [
        "Benjamin Netanyahu",
        "Benyamin Netanyahu",
        "Binyamin Netanyahu",
    ]
    visits = Visit.objects.filter(principal__in=spellings).count()
    assert visits == 6
    benjamin = spellings.get(name="Benjamin Netanyahu")
    duplicates = from_admin_duplicates(editor_client)
    assert set(spellings.values_list("pk", flat=True)) <= duplicates

    for other in spellings.exclude(pk=benjamin.pk):
        response = editor_client.post(
            f"/api/v1/people/{other.pk}/merge/", {"into": benjamin.slug}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["slug"] == benjamin.slug

    assert Person.objects.filter(name__endswith="Netanyahu").count() == 1
    assert Visit.objects.filter(principal=benjamin).count() == visits
    assert {"Binyamin Netanyahu", "Benyamin Netanyahu"} <= set(
        benjamin.other_names.values_list("name", flat=True)
    )
    assert benjamin.memberships.filter(attested=True).count() == visits
    # The importer now finds him under every spelling: nothing new on the next run.
    assert import_historian(paths=files).changed() is False
    assert Person.objects.filter(name__endswith="Netanyahu").count() == 1


def from_admin_duplicates(client):
    response = client.get("/admin/people/person/", {"duplicates": "yes"})
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def test_the_command_defaults_to_the_bundled_data(monkeypatch):
    seen = {}

    def fake(*, paths, **options):
        seen["paths"] = paths
        return import_historian(paths=[], **options)

    monkeypatch.setattr("importers.management.commands.import_historian.import_historian", fake)
    import_files()
    assert [str(p) for p in seen["paths"]] == [str(DATA)]


def test_make_run_loads_the_bundled_data_after_the_seed_and_restarts_fast(tmp_path):
    makefile = (DATA.parent.parent / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert run.index("manage.py seed") < run.index("manage.py import_historian --skip-unchanged")
    trips = slice_file(tmp_path, KISSINGER, first=3)
    import_historian(paths=[trips])
    again = import_historian(paths=[trips], skip_unchanged=True)
    assert not again.files and [why for _path, why in again.skipped] == ["already imported, unchanged"]
    trips.write_text(trips.read_text(encoding="utf-8").replace("Moscow", "Moskva"), encoding="utf-8")
    assert len(import_historian(paths=[trips], skip_unchanged=True).files) == 1


def test_filters_by_identifier_and_by_other_names(files, analyst_client):
    from people.models import PersonName

    import_historian(paths=files)
    kissinger = analyst_client.get(
        "/api/v1/people/", {"identifier": "historian-person:kissinger-henry-a"}
    ).json()
    assert [p["name"] for p in kissinger["results"]] == ["Henry A. (Heinz Alfred) Kissinger"]
    trip = analyst_client.get("/api/v1/visits/", {"identifier": "historian-trip:977"}).json()["results"]
    assert [v["title"] for v in trip] == ["Trip to U.S.S.R.: Moscow"]
    ussr = analyst_client.get("/api/v1/places/", {"q": "U.S.S.R."}).json()["results"]
    assert [p["iso_code"] for p in ussr] == ["SUHH"]
    bad = analyst_client.get("/api/v1/people/", {"identifier": "kissinger"})
    assert bad.status_code == 400 and "identifier" in bad.json()
    # Visits are found by a person's other name too.
    benjamin = Person.objects.get(name="Benjamin Netanyahu")
    PersonName.objects.create(person=benjamin, name="Bibi")
    found = analyst_client.get("/api/v1/visits/", {"q": "Bibi"}).json()["count"]
    assert found == Visit.objects.filter(principal=benjamin).count() > 0


def test_a_pocom_file_of_another_post_names_its_own_post(tmp_path):
    text = (DATA / "pocom/positions-principals/secretary.xml").read_text(encoding="utf-8")
    deputy = tmp_path / "deputy-secretary.xml"
    deputy.write_text(
        text.replace(
            "<singular>Secretary of State</singular>", "<singular>Deputy Secretary of State</singular>"
        )
        .replace("<id>secretary</id>", "<id>deputy-secretary</id>", 1)
        .replace("<id>secr-", "<id>depu-"),
        encoding="utf-8",
    )
    import_historian(paths=[deputy])
    post = Membership.objects.filter(title="Deputy Secretary of State").first()
    assert post is not None and not post.acting and post.title_as_stated == ""
    assert Membership.objects.filter(title="Deputy Secretary of State").count() == len(records(deputy))
    source = post.citations.get().source
    assert source.url.endswith("/pocom/blob/master/positions-principals/deputy-secretary.xml")
