"""Partial dates mean what they say on every way in (issue 12, item 3).

A date known to the month is stored as the month's first day and one known to the year as
1 January, whether it comes through the admin, the API, a dossier or code (model save); the
database refuses any other row. The admin takes a date as an editor writes it, in one text field.
An uncertain date is marked "about", and a stop's uncertain date may fall a few days outside its
visit's dates.
"""

import datetime
import io
import sqlite3

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from common.forms import PartialDateFormField, PartialDateValue
from common.partial_dates import DatePrecision, parse_written_date
from people.models import Membership, Person
from places.models import Place, PlaceFact
from tests import factories
from tests.test_admin_pages import admin_url, form_data
from visits.models import Engagement, Visit

D = datetime.date
MONTH, YEAR, DAY = DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.DAY


# -- The forms an editor writes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021", (D(2021, 1, 1), YEAR, False)),
        ("April 2021", (D(2021, 4, 1), MONTH, False)),
        ("apr 2021", (D(2021, 4, 1), MONTH, False)),
        ("Sept. 2021", (D(2021, 9, 1), MONTH, False)),
        ("04/2021", (D(2021, 4, 1), MONTH, False)),
        ("2021-04", (D(2021, 4, 1), MONTH, False)),
        ("30 April 2021", (D(2021, 4, 30), DAY, False)),
        ("30th April 2021", (D(2021, 4, 30), DAY, False)),
        ("April 30, 2021", (D(2021, 4, 30), DAY, False)),
        ("30/04/2021", (D(2021, 4, 30), DAY, False)),
        ("1/5/2021", (D(2021, 5, 1), DAY, False)),
        ("30.04.2021", (D(2021, 4, 30), DAY, False)),
        ("2021-04-30", (D(2021, 4, 30), DAY, False)),
        ("  30   April  2021 ", (D(2021, 4, 30), DAY, False)),
        ("about 29 April 2021", (D(2021, 4, 29), DAY, True)),
        ("About April 2021", (D(2021, 4, 1), MONTH, True)),
        ("c. 2021", (D(2021, 1, 1), YEAR, True)),
        ("circa 2021-04-29", (D(2021, 4, 29), DAY, True)),
        ("~29/04/2021", (D(2021, 4, 29), DAY, True)),
    ],
)
def test_a_written_date_gives_its_day_precision_and_about(text, expected):
    assert parse_written_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2021", "is not a real date"),
        ("30 Aprill 2021", "is not the name of a month"),
        ("15/05/22", "is not a date the register reads"),
        ("next spring", "is not a date the register reads"),
        ("0999", "outside the years 1000-2999"),
        ("13/2021", "is not a real date"),
    ],
)
def test_a_date_the_register_cannot_read_is_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_written_date(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2021", "2021"),
        ("April 2021", "April 2021"),
        ("2021-04", "April 2021"),
        ("30 April 2021", "30 April 2021"),
        ("30/04/2021", "30 April 2021"),
        ("2021-04-30", "30 April 2021"),
        ("about 30/04/2021", "about 30 April 2021"),
    ],
)
def test_the_widget_takes_each_written_form_and_shows_it_back_in_words(text, words):
    field = PartialDateFormField()
    value = field.clean(text)
    assert isinstance(value, PartialDateValue)
    assert field.prepare_value(value) == words
    assert not field.has_changed(words, text)  # the same date, however written


def test_the_widget_refuses_about_where_the_date_has_no_flag_and_a_month_for_a_day():
    with pytest.raises(ValidationError, match="cannot be marked 'about'"):
        PartialDateFormField(allow_about=False).clean("about 2021")
    with pytest.raises(ValidationError, match="Give the day"):
        PartialDateFormField(day_only=True).clean("April 2021")
    assert PartialDateFormField(required=False).clean("") is None


# -- Stored normalised from every entry path ---------------------------------------------------


def test_model_save_stores_a_month_or_year_as_its_first_day(db):
    visit = factories.VisitFactory(start_date=D(2022, 5, 15), start_precision=MONTH)
    membership = factories.MembershipFactory(
        start_date=D(2020, 6, 9), start_precision=YEAR, end_date="2022-05-31", end_precision=MONTH
    )
    fact = factories.PlaceFactFactory(as_of_date=D(2019, 3, 3), as_of_precision=MONTH)

    assert Visit.objects.values_list("start_date", flat=True).get(pk=visit.pk) == D(2022, 5, 1)
    assert Membership.objects.values_list("start_date", "end_date").get(pk=membership.pk) == (
        D(2020, 1, 1),
        D(2022, 5, 1),
    )
    assert PlaceFact.objects.values_list("as_of_date", flat=True).get(pk=fact.pk) == D(2019, 3, 1)


def test_validation_normalises_before_the_rules_run(db):
    visit = factories.VisitFactory.build(
        principal=factories.PersonFactory(),
        host_country=factories.CountryFactory(),
        start_date=D(2022, 5, 15),
        start_precision=MONTH,
    )
    visit.full_clean()
    assert visit.start_date == D(2022, 5, 1)


def test_the_admin_stores_a_month_typed_in_words_as_its_first_day(editor_client):
    visit = factories.VisitFactory(start_date=D(2022, 5, 15))
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    assert data["start"] == "15 May 2022"
    assert not {"start_date", "start_precision", "start_about"} & set(data)  # one text input

    response = editor_client.post(url, {**data, "start": "May 2022"})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.start_date, visit.start_precision) == (D(2022, 5, 1), MONTH)
    assert form_data(editor_client.get(url))["start"] == "May 2022"


def test_the_admin_inlines_take_dates_in_words(editor_client):
    membership = factories.MembershipFactory(start_date=D(2020, 1, 1))
    url = admin_url(Person, "change", membership.person.pk)
    data = form_data(editor_client.get(url))
    data.update({"memberships-0-start": "15/05/2018", "memberships-0-end": "2022"})
    assert editor_client.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert (membership.start_date, membership.start_precision) == (D(2018, 5, 15), DAY)
    assert (membership.end_date, membership.end_precision) == (D(2022, 1, 1), YEAR)

    fact = factories.PlaceFactFactory()
    url = admin_url(Place, "change", fact.place.pk)
    data = form_data(editor_client.get(url))
    data["facts-0-as_of"] = "Sept 2019"
    assert editor_client.post(url, data).status_code == 302
    fact.refresh_from_db()
    assert (fact.as_of_date, fact.as_of_precision) == (D(2019, 9, 1), MONTH)


def test_the_admin_says_what_is_wrong_with_a_date_on_its_field(editor_client):
    visit = factories.VisitFactory()
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))

    response = editor_client.post(url, {**data, "start": "31/02/2021", "end": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start"] == ["“31/02/2021” is not a real date."]

    # The model's own rule on the end ("end_date") is shown on the text field.
    response = editor_client.post(url, {**data, "end": "1 January 2020"})
    assert response.context["adminform"].form.errors["end"] == ["The visit cannot end before it starts."]


def test_a_view_only_user_sees_the_dates_in_words(analyst_client):
    membership = factories.MembershipFactory(start_date=D(2020, 4, 1), start_precision=MONTH)
    visit = factories.VisitFactory(start_date=D(2021, 4, 29), start_about=True)
    person_page = analyst_client.get(admin_url(Person, "change", membership.person.pk))
    visit_page = analyst_client.get(admin_url(Visit, "change", visit.pk))
    assert person_page.status_code == visit_page.status_code == 200
    assert "April 2020" in person_page.content.decode()
    assert "about 29 April 2021" in visit_page.content.decode()


def test_the_api_stores_a_month_as_its_first_day(editor_client):
    visit = factories.VisitFactory()
    response = editor_client.patch(
        f"/api/v1/visits/{visit.pk}/", {"start": "2022-05"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    visit.refresh_from_db()
    assert (visit.start_date, visit.start_precision) == (D(2022, 5, 1), MONTH)
    assert response.json()["start"] == "2022-05"


DOSSIER = """
source:
  slug: note-2022
  title: A note
  published_on: 2022-06-01
  text_file: note.txt
places:
  - slug: ruritania
    name: Ruritania
    kind: country
    quotes:
      - quote: Ruritania
people:
  - slug: rudolf
    name: Rudolf
    quotes:
      - quote: Rudolf
visits:
  - slug: rudolf-ruritania-2022-05
    title: Visit to Ruritania
    principal: rudolf
    kind: official
    host_country: ruritania
    start: 2022-05
    end: 2022-06
    end_about: true
    status: held
    quotes:
      - quote: In May 2022 Rudolf went to Ruritania
    engagements:
      - sequence: 1
        title: Talks
        date: 2022-07-02
        date_about: true
        quotes:
          - quote: talks
"""


def test_a_dossier_stores_a_month_as_its_first_day_and_takes_the_about_flags(db, tmp_path):
    (tmp_path / "note.txt").write_text("In May 2022 Rudolf went to Ruritania for talks.", encoding="utf-8")
    path = tmp_path / "note.yaml"
    path.write_text(DOSSIER, encoding="utf-8")

    call_command("import_dossier", str(path), stdout=io.StringIO())

    visit = Visit.objects.get(slug="rudolf-ruritania-2022-05")
    assert (visit.start_date, visit.start_precision, visit.start_about) == (D(2022, 5, 1), MONTH, False)
    assert (visit.end_date, visit.end_precision, visit.end_about) == (D(2022, 6, 1), MONTH, True)
    stop = visit.engagements.get()
    # Two days after the visit's last day (30 June): an uncertain day may be.
    assert (stop.date, stop.date_about) == (D(2022, 7, 2), True)
    assert visit.dates_display == "May 2022 – about June 2022"


# -- The database's check constraints ------------------------------------------------------------


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.parametrize(
    ("model", "factory", "prefix"),
    [
        (Visit, factories.VisitFactory, "start"),
        (Visit, factories.VisitFactory, "end"),
        (Membership, factories.MembershipFactory, "start"),
        (Membership, factories.MembershipFactory, "end"),
        (PlaceFact, factories.PlaceFactFactory, "as_of"),
    ],
)
def test_the_database_refuses_a_month_or_year_not_stored_as_its_first_day(db, model, factory, prefix):
    row = factory()
    rows = model.objects.filter(pk=row.pk)
    date, precision = f"{prefix}_date", f"{prefix}_precision"
    if prefix == "end":
        rows.update(**{date: D(2030, 1, 1)})
    refused(lambda: rows.update(**{date: D(2030, 5, 15), precision: MONTH}))
    refused(lambda: rows.update(**{date: D(2030, 5, 1), precision: YEAR}))
    rows.update(**{date: D(2030, 5, 1), precision: MONTH})
    rows.update(**{date: D(2030, 1, 1), precision: YEAR})
    rows.update(**{date: D(2030, 5, 15), precision: DAY})


def test_the_database_refuses_an_about_flag_without_its_date(db):
    visit = factories.VisitFactory()
    stop = factories.EngagementFactory(visit=visit)
    refused(lambda: Visit.objects.filter(pk=visit.pk).update(end_about=True))
    refused(lambda: Engagement.objects.filter(pk=stop.pk).update(date_about=True))
    with pytest.raises(ValidationError, match="Only an end that is given"):
        Visit(**{**_fields(visit), "end_about": True}).full_clean(exclude=["slug"])


def _fields(record):
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields if f.name != "id"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the backup check reads SQLite files")
def test_a_bare_sqlite3_reads_the_constraints(db, tmp_path):
    """The restore checks a backup with a bare sqlite3 (PRAGMA integrity_check), which knows none
    of Django's SQL functions: the constraints use SQLite's own strftime()."""
    editor = connection.schema_editor()
    checks = [c.constraint_sql(Visit, editor) for c in Visit._meta.constraints if "first_day" in c.name]
    bare = sqlite3.connect(tmp_path / "bare.sqlite3")
    bare.execute(
        "CREATE TABLE visits_visit (start_date date, start_precision varchar(5), end_date date NULL, "
        f"end_precision varchar(5), {', '.join(checks)})"
    )
    bare.execute("INSERT INTO visits_visit VALUES ('2022-05-01', 'month', '2023-01-01', 'year')")
    bare.execute("INSERT INTO visits_visit VALUES ('2022-05-15', 'day', NULL, 'day')")
    assert [row[0] for row in bare.execute("PRAGMA integrity_check")] == ["ok"]
    for row in [("2022-05-15", "month", None, "day"), ("2022-05-01", "day", "2023-02-01", "year")]:
        with pytest.raises(sqlite3.IntegrityError, match="first_day_of_period"):
            bare.execute("INSERT INTO visits_visit VALUES (?, ?, ?, ?)", row)
    bare.close()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_existing_rows_to_their_first_day():
    before = [
        ("visits", "0008_visit_kinds_principal_country"),
        ("people", "0004_membership_attested_title_as_stated"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        person = old.get_model("people", "Person").objects.create(name="Old", slug="old", sort_name="Old")
        organisation = old.get_model("people", "Organisation").objects.create(
            name="O", slug="o", kind="government"
        )
        country = old.get_model("places", "Place").objects.create(name="C", slug="c", kind="country")
        visit = old.get_model("visits", "Visit").objects.create(
            title="Old",
            slug="old-visit",
            principal_id=person.pk,
            host_country_id=country.pk,
            kind="official",
            start_date=D(2022, 5, 15),
            start_precision=MONTH,
            end_date=D(2023, 7, 4),
            end_precision=YEAR,
        )
        post = old.get_model("people", "Membership").objects.create(
            person_id=person.pk,
            organisation_id=organisation.pk,
            title="Minister",
            start_date=D(2019, 8, 20),
            start_precision=MONTH,
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert Visit.objects.values_list("start_date", "end_date").get(pk=visit.pk) == (
        D(2022, 5, 1),
        D(2023, 1, 1),
    )
    assert Membership.objects.values_list("start_date", flat=True).get(pk=post.pk) == D(2019, 8, 1)


# -- "about" and the rule for stops near a visit's edges ---------------------------------------


def test_about_is_shown_on_the_page_in_the_api_and_in_the_admin_list(db, analyst_client, editor_client):
    visit = factories.VisitFactory(start_date=D(2021, 4, 29), start_about=True, end_date=D(2021, 5, 2))
    stop = factories.EngagementFactory(visit=visit, date=D(2021, 4, 30), date_about=True)

    page = analyst_client.get(visit.get_absolute_url()).content.decode()
    assert "about 29 April 2021 – 2 May 2021" in page
    assert "about 30 April 2021" in page

    data = analyst_client.get(f"/api/v1/visits/{visit.pk}/").json()
    assert (data["start"], data["start_about"], data["end"], data["end_about"]) == (
        "2021-04-29",
        True,
        "2021-05-02",
        False,
    )
    assert data["dates_display"] == "about 29 April 2021 – 2 May 2021"
    assert (data["engagements"][0]["date"], data["engagements"][0]["date_about"]) == ("2021-04-30", True)
    assert analyst_client.get(f"/api/v1/engagements/{stop.pk}/").json()["date_about"] is True

    listing = editor_client.get(admin_url(Visit, "changelist")).content.decode()
    assert "about 29 April 2021" in listing


def test_about_is_written_through_the_api_and_the_admin(editor_client):
    visit = factories.VisitFactory(start_date=D(2021, 4, 29), end_date=D(2021, 4, 30))
    response = editor_client.patch(
        f"/api/v1/visits/{visit.pk}/",
        {"end_about": True, "engagements": [{"title": "Dinner", "date": "2021-05-02", "date_about": True}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    visit.refresh_from_db()
    assert visit.end_about
    assert visit.engagements.get().date_about

    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    assert (data["start"], data["end"]) == ("29 April 2021", "about 30 April 2021")
    assert data["engagements-0-date"] == "about 2 May 2021"
    data.update({"start": "about 29/04/2021", "end": "30/04/2021", "engagements-0-date": "30 April 2021"})
    assert editor_client.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert (visit.start_about, visit.end_about) == (True, False)
    assert not visit.engagements.get().date_about


def test_an_api_about_flag_without_its_date_is_a_400(editor_client):
    visit = factories.VisitFactory()
    response = editor_client.patch(
        f"/api/v1/visits/{visit.pk}/", {"end": None, "end_about": True}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Only an end that is given" in str(response.json())


@pytest.fixture
def visit_29_30_april(db):
    return factories.VisitFactory(start_date=D(2021, 4, 29), end_date=D(2021, 4, 30))


@pytest.mark.parametrize(
    ("day", "about", "allowed"),
    [
        (D(2021, 4, 29), False, True),
        (D(2021, 4, 30), False, True),
        (D(2021, 5, 1), False, False),  # a certain day lies within the visit
        (D(2021, 4, 28), False, False),
        (D(2021, 5, 3), True, True),  # an uncertain one up to 3 days outside
        (D(2021, 4, 26), True, True),
        (D(2021, 5, 4), True, False),
        (D(2021, 4, 25), True, False),
    ],
)
def test_a_stop_near_the_visits_edges(visit_29_30_april, day, about, allowed):
    stop = Engagement(visit=visit_29_30_april, sequence=1, title="Stop", date=day, date_about=about)
    if allowed:
        stop.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        stop.full_clean()
    message = error.value.message_dict["date"][0]
    assert "outside the visit's dates (29 April 2021 – 30 April 2021)" in message
    assert ("more than 3 days" in message) == about


def test_an_uncertain_visit_widens_nothing(db):
    visit = factories.VisitFactory(start_date=D(2021, 4, 29), start_about=True)
    stop = Engagement(visit=visit, sequence=1, title="Stop", date=D(2021, 4, 28))
    with pytest.raises(ValidationError, match="outside the visit's dates"):
        stop.full_clean()


def test_a_stop_in_a_month_visit_may_be_any_day_of_the_month(db):
    visit = factories.VisitFactory(start_date=D(2025, 10, 1), start_precision=MONTH)
    Engagement(visit=visit, sequence=1, title="Stop", date=D(2025, 10, 31)).full_clean()
    with pytest.raises(ValidationError):
        Engagement(visit=visit, sequence=1, title="Stop", date=D(2025, 11, 1)).full_clean()
