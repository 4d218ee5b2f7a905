"""`import_dossier --dry-run` checks and counts the whole import but writes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_dry_run_on_a_fresh_database_counts_the_records_but_writes_none(row_counts, settings):
    before = row_counts()
    out = io.StringIO()

    call_command(
        "import_dossier",
        str(settings.BASE_DIR / "data" / "reports" / "innopolis-2021-04-30.yaml"),
        "--dry-run",
        stdout=out,
    )

    assert out.getvalue().startswith("innopolis-2021-04-30.yaml: checked (dry run, nothing written)")
    assert "  visits.Participant: 6 created, 0 updated, 0 unchanged" in out.getvalue()
    assert row_counts() == before


def test_dry_run_of_a_bad_dossier_reports_the_problem(tmp_path, row_counts):
    path = tmp_path / "bad.yaml"
    path.write_text("source: [\n", encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match=r"bad\.yaml: malformed YAML at line 2"):
        call_command("import_dossier", str(path), "--dry-run")
    assert row_counts() == before
