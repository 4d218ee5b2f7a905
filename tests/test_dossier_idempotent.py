"""Importing the same dossier again changes nothing, says so, and writes no history."""

import io
import re

import pytest
from django.core.management import call_command

from places.models import Place

pytestmark = pytest.mark.django_db

COUNT_LINE = re.compile(
    r"^  (?P<model>\S+): (?P<created>\d+) created, (?P<updated>\d+) updated, \d+ unchanged$"
)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counted_lines(output):
    return [COUNT_LINE.match(line) for line in output.splitlines()[1:]]


def test_second_seed_reports_everything_unchanged_and_writes_no_row(seeded, row_counts):
    before = row_counts()
    output = run("seed")
    lines = counted_lines(output)
    assert len(lines) == 10 and all(lines)
    assert {(m["created"], m["updated"]) for m in lines} == {("0", "0")}
    assert row_counts() == before


def test_first_seed_reports_what_it_created(db):
    output = run("seed")
    assert "  places.Place: 8 created, 0 updated, 0 unchanged" in output
    assert "  visits.Engagement: 2 created, 0 updated, 0 unchanged" in output
    assert "  sources.Citation: 56 created, 0 updated, 0 unchanged" in output


def test_import_dossier_on_a_seeded_database_changes_nothing(seeded, row_counts, settings):
    before = row_counts()
    output = run("import_dossier", str(settings.BASE_DIR / "data" / "reports" / "innopolis-2021-04-30.yaml"))
    assert {(m["created"], m["updated"]) for m in counted_lines(output)} == {("0", "0")}
    assert row_counts() == before


def test_a_field_the_dossier_leaves_out_keeps_the_editors_value(seeded, row_counts):
    # The dossier gives Kazan no Wikidata id; an editor's value survives a re-import.
    Place.objects.filter(slug="kazan").update(wikidata_id="Q900")
    before = row_counts()
    run("seed")
    assert Place.objects.get(slug="kazan").wikidata_id == "Q900"
    assert row_counts() == before
