"""Imports never destroy editors' work (issue 12, item 1; importers/provenance.py).

`make run` runs `manage.py seed` on every start: a correction an editor made since the last import
survives it and is reported; `--overwrite` writes the import's values again.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from importers.models import ImportedRecord
from importers.provenance import DELETED, ImportLedger
from people.models import Person
from places.models import Place, PlaceFact
from tests import factories
from tests.test_admin_pages import form_data
from visits.models import Engagement, Participant, Visit
from visits.services import save_stops

pytestmark = pytest.mark.django_db

SLUG = "pashinyan-innopolis-2021-04-30"
KEPT_SUMMARY = f"kept 1 record edited since the last import: visits.Visit {SLUG} (summary)"


def seed(*args):
    out = io.StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def history_rows():
    return sum(model.history.count() for model in (Visit, Engagement, Participant, Person, Place, PlaceFact))


def assert_all_unchanged(output):
    counts = [line for line in output.splitlines() if line.startswith("  ") and "created" in line]
    assert counts
    for line in counts:
        assert ": 0 created, 0 updated, " in line, line


def test_an_edit_through_the_api_survives_the_seed_is_reported_and_overwrite_restores_it(
    seeded, editor_client
):
    imported = seeded.summary
    response = editor_client.patch(
        f"/api/v1/visits/{seeded.pk}/",
        {"summary": "Corrected by an editor."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content

    output = seed()

    seeded.refresh_from_db()
    assert seeded.summary == "Corrected by an editor."
    assert KEPT_SUMMARY in output
    assert "--overwrite" in output
    assert_all_unchanged(output)
    assert seeded.history.latest().history_user is not None  # the editor's change is the latest

    # A second plain seed: still kept (the dossier still says otherwise), nothing written.
    before = history_rows()
    again = seed()
    assert KEPT_SUMMARY in again
    assert_all_unchanged(again)
    assert history_rows() == before

    restored = seed("--overwrite")
    seeded.refresh_from_db()
    assert seeded.summary == imported
    assert "  visits.Visit: 0 created, 1 updated, 0 unchanged" in restored
    assert "kept" not in restored
    assert seeded.history.latest().history_change_reason == "import_dossier innopolis-2021-04-30.yaml"

    last = seed()
    assert "kept" not in last
    assert_all_unchanged(last)


def test_an_edit_in_the_admin_visit_editor_survives_the_seed(seeded, editor_client):
    url = reverse("admin:visits_visit_change", args=[seeded.pk])
    data = form_data(editor_client.get(url))
    data["summary"] = "Corrected in the admin."
    data["title"] = "Working visit to Kazan and Innopolis"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response

    output = seed()

    seeded.refresh_from_db()
    assert (seeded.title, seeded.summary) == (
        "Working visit to Kazan and Innopolis",
        "Corrected in the admin.",
    )
    assert f"kept 1 record edited since the last import: visits.Visit {SLUG} (title, summary)" in output


def test_the_dossiers_own_changes_still_apply_beside_an_editors_edit(
    seeded, editor_client, settings, tmp_path
):
    """The dossier changes one field and an editor another: both stand after the import."""
    editor_client.patch(
        f"/api/v1/visits/{seeded.pk}/", {"summary": "Corrected."}, content_type="application/json"
    )
    reports = settings.BASE_DIR / "data" / "reports"
    (tmp_path / "innopolis-2021-04-30.txt").write_text(
        (reports / "innopolis-2021-04-30.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = (reports / "innopolis-2021-04-30.yaml").read_text(encoding="utf-8")
    old_title = 'title: "Working visit to Russia: Kazan Expo and Innopolis"'
    assert text.count(old_title) == 1
    revised = tmp_path / "innopolis-2021-04-30.yaml"
    revised.write_text(text.replace(old_title, "title: Working visit to Tatarstan"), encoding="utf-8")

    out = io.StringIO()
    call_command("import_dossier", str(revised), stdout=out)

    seeded.refresh_from_db()
    assert (seeded.title, seeded.summary) == ("Working visit to Tatarstan", "Corrected.")
    assert "  visits.Visit: 0 created, 1 updated, 0 unchanged" in out.getvalue()
    assert KEPT_SUMMARY in out.getvalue()


def test_stops_reordered_by_an_editor_keep_their_order_and_their_own_values(seeded, editor):
    kazan, tour = seeded.engagements.order_by("sequence")
    save_stops(visit=seeded, stops=[tour, kazan], user=editor, reason="Reordered")

    output = seed()

    assert list(seeded.engagements.order_by("sequence").values_list("pk", "title")) == [
        (tour.pk, tour.title),
        (kazan.pk, kazan.title),
    ]
    assert "visits.Engagement" in output and "(sequence)" in output
    assert Participant.objects.filter(engagement__visit=seeded).count() == 6  # none duplicated


def test_a_record_deleted_since_the_import_is_not_created_again_unless_overwriting(seeded, editor_client):
    participant = Participant.objects.get(engagement__visit=seeded, person__slug="ruslan-shigaleyev")
    assert editor_client.delete(f"/api/v1/participants/{participant.pk}/").status_code == 204

    output = seed()

    assert not Participant.objects.filter(person__slug="ruslan-shigaleyev").exists()
    assert "kept 1 record deleted since the last import: visits.Participant" in output

    restored = seed("--overwrite")
    assert Participant.objects.filter(person__slug="ruslan-shigaleyev").count() == 1
    assert "visits.Participant: 1 created" in restored
    assert "kept" not in seed()


def test_the_dry_run_reports_what_it_would_keep_and_writes_no_ledger(seeded, editor_client, settings):
    editor_client.patch(f"/api/v1/visits/{seeded.pk}/", {"summary": "Mine."}, content_type="application/json")
    ledger_rows = list(ImportedRecord.objects.values_list("pk", "values"))
    out = io.StringIO()
    path = settings.BASE_DIR / "data" / "reports" / "innopolis-2021-04-30.yaml"
    call_command("import_dossier", str(path), "--dry-run", "--overwrite", stdout=out)
    assert "visits.Visit: 0 created, 1 updated" in out.getvalue()
    seeded.refresh_from_db()
    assert seeded.summary == "Mine."
    assert list(ImportedRecord.objects.values_list("pk", "values")) == ledger_rows


def test_a_value_an_editor_set_on_a_record_the_importer_never_wrote_is_kept(db, editor_client):
    """A record made by an editor first (no ledger entry) that a dossier later describes: the
    editor's non-empty values stand; empty ones are filled by the import."""
    response = editor_client.post(
        "/api/v1/places/",
        {"slug": "russia", "name": "Russian Federation", "kind": "country", "iso_code": "RU"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content

    output = seed()

    russia = Place.objects.get(slug="russia")
    assert russia.name == "Russian Federation"
    assert "places.Place russia (name)" in output
    assert Visit.objects.get(slug=SLUG).host_country == russia


def test_any_importer_uses_the_ledger_with_a_few_calls(db, editor):
    """The API a new importer (e.g. importers/historian/) adopts: find, save, flush, lines."""
    country = factories.CountryFactory(slug="testland", name="Testland", iso_code="TL")
    key = {"country-id": "testland"}

    def run(name, overwrite=False):
        ledger = ImportLedger("test-importer", overwrite=overwrite)
        record = ledger.find(Place, key)
        if record is DELETED:
            return ledger, None
        record = record or Place(kind="city", parent=country)
        outcome = ledger.save(record, {"slug": "test-city", "name": name}, key=key, reason="test import")
        ledger.flush()
        return ledger, outcome

    assert run("Test City")[1] == "created"
    assert run("Test City")[1] == "unchanged"
    assert run("Test City, revised")[1] == "updated"  # the import's own value changed
    city = Place.objects.get(slug="test-city")
    city._history_user = editor
    city.name = "Test-City"
    city.slug = "test-city-renamed"
    city.save()

    ledger, outcome = run("Test City, revised again")
    assert outcome == "unchanged"
    assert ledger.lines()[0] == (
        "kept 1 record edited since the last import: places.Place test-city-renamed (slug, name)"
    )
    city.refresh_from_db()
    assert (city.slug, city.name) == ("test-city-renamed", "Test-City")

    ledger, outcome = run("Test City, revised again", overwrite=True)
    assert outcome == "updated" and ledger.lines() == []
    city.refresh_from_db()
    assert (city.slug, city.name) == ("test-city", "Test City, revised again")

    city.delete()
    ledger, outcome = run("Test City")
    assert outcome is None
    assert (
        ledger.lines()[0] == "kept 1 record deleted since the last import: places.Place country-id=testland"
    )
    assert run("Test City", overwrite=True)[1] == "created"
