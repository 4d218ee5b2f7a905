"""Any visit exports as a dossier that imports again unchanged (issue 16, item 4)."""

import io

import pytest
import yaml
from django.core.management import call_command

from importers.dossier import import_dossier
from tests.test_report_review import accept_everything
from visits.models import Visit


def export(visit, tmp_path):
    out = io.StringIO()
    call_command("export_dossier", visit.slug, "--out", str(tmp_path), stdout=out)
    return tmp_path / out.getvalue().strip().split("/")[-1]


def unchanged(result):
    return all(counts["created"] == 0 and counts["updated"] == 0 for counts in result.counts.values())


@pytest.mark.django_db
def test_the_seeded_visit_round_trips(seeded, tmp_path):
    path = export(seeded, tmp_path)
    dossier = yaml.safe_load(path.read_text())
    assert [stop["venue"] for stop in dossier["visits"][0]["engagements"]] == ["kazan-expo", "innopolis"]
    assert {p["slug"] for p in dossier["people"]} >= {"nikol-pashinyan", "renat-khalimov"}
    result = import_dossier(path=path)
    assert unchanged(result), result.lines()
    assert sum(c["unchanged"] for c in result.counts.values()) > 50


@pytest.mark.django_db
def test_a_visit_drafted_from_a_report_round_trips(editor_client, tmp_path):
    assert editor_client.post("/reports/create/", accept_everything()).status_code == 302
    visit = Visit.objects.get()
    result = import_dossier(path=export(visit, tmp_path))
    assert unchanged(result), result.lines()


@pytest.mark.django_db
def test_a_visit_no_source_quotes_is_refused_by_name(tmp_path):
    from django.core.management.base import CommandError

    from tests import factories

    visit = factories.VisitFactory()
    with pytest.raises(CommandError, match="No source quotes the visit"):
        export(visit, tmp_path)
