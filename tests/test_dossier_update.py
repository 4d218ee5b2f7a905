"""A changed value in a dossier updates that record only, with the import named in its history."""

import io
import shutil

import pytest
from django.core.management import call_command

from places.models import PlaceFact

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised_dossier(settings, tmp_path):
    """The bundled dossier with Innopolis's population changed from 3,800 to 3,900."""
    reports = settings.BASE_DIR / "data" / "reports"
    shutil.copy(reports / "innopolis-2021-04-30.txt", tmp_path)
    text = (reports / "innopolis-2021-04-30.yaml").read_text(encoding="utf-8")
    assert text.count("value: 3800") == 1
    path = tmp_path / "innopolis-revised.yaml"
    path.write_text(text.replace("value: 3800", "value: 3900"), encoding="utf-8")
    return path


def test_changed_value_updates_one_record_and_records_the_import_in_history(seeded, revised_dossier):
    population = PlaceFact.objects.get(place__slug="innopolis", kind="population")
    history_before = PlaceFact.history.count()
    out = io.StringIO()

    call_command("import_dossier", str(revised_dossier), stdout=out)

    assert "  places.PlaceFact: 0 created, 1 updated, 8 unchanged" in out.getvalue()
    population.refresh_from_db()
    assert population.value == 3900
    assert PlaceFact.history.count() == history_before + 1
    latest = population.history.latest()
    assert (latest.history_type, latest.history_change_reason) == (
        "~",
        "import_dossier innopolis-revised.yaml",
    )


def test_seeded_history_rows_name_the_import(seeded):
    reasons = set(PlaceFact.history.values_list("history_change_reason", flat=True))
    assert reasons == {"import_dossier innopolis-2021-04-30.yaml"}
