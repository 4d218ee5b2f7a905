"""docs/recipes.md runs as written: its Python blocks, in order, against a live server holding
the bundled data, with an analyst's token (issue 13, item 7)."""

import contextlib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import ApiToken
from tests import factories

RECIPES = Path(__file__).resolve().parent.parent / "docs" / "recipes.md"


def code_blocks(language):
    return re.findall(rf"^```{language}\n(.*?)^```", RECIPES.read_text(encoding="utf-8"), re.M | re.S)


def python_blocks():
    return code_blocks("python")


def r_missing():
    """Why the R recipe cannot run here (CI machines may have no R), or None."""
    if shutil.which("Rscript") is None:
        return "Rscript is not installed"
    check = subprocess.run(["Rscript", "-e", "library(httr2)"], capture_output=True, timeout=60)
    return "the R package httr2 is not installed" if check.returncode else None


def test_recipes_have_code():
    assert len(python_blocks()) >= 4


@pytest.mark.django_db(transaction=True)
def test_recipes_run_against_the_seeded_register(live_server, migrated_rows, monkeypatch):
    pytest.importorskip("pandas")
    call_command("seed", stdout=io.StringIO())
    key = ApiToken.issue(factories.analyst(), name="recipes")[1]
    monkeypatch.setenv("REGISTER_URL", live_server.url)
    monkeypatch.setenv("REGISTER_TOKEN", key)
    namespace = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in python_blocks():
            exec(compile(block, str(RECIPES), "exec"), namespace)  # noqa: S102 - our own docs
    # What the recipes computed, on the Innopolis visit (Armenia's PM in Russia, 30 April 2021).
    assert list(namespace["visits"]["slug"]) == ["pashinyan-innopolis-2021-04-30"]
    assert namespace["about"]["count"] == 1 and len(namespace["stops"]) >= 2
    assert len(namespace["pairs"]) > 0
    assert "Mikhail Mishustin" in set(namespace["met"]["name"])
    assert "# 1 visit; filter: country=RU" in printed.getvalue()


def test_recipes_have_an_r_block():
    assert len(code_blocks("r")) == 1


@pytest.mark.django_db(transaction=True)
def test_r_recipe_runs_against_the_seeded_register(live_server, migrated_rows, tmp_path):
    if reason := r_missing():
        pytest.skip(reason)
    call_command("seed", stdout=io.StringIO())
    key = ApiToken.issue(factories.analyst(), name="recipes")[1]
    script = tmp_path / "recipe.R"
    script.write_text("".join(code_blocks("r")), encoding="utf-8")
    run = subprocess.run(
        ["Rscript", str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ["PATH"], "REGISTER_URL": live_server.url, "REGISTER_TOKEN": key},
    )
    assert run.returncode == 0, run.stderr
    # The same figures as the Python recipes': the Innopolis visit, and who Pashinyan met there.
    assert "# 1 visit; filter: country=RU" in run.stdout
    assert "pashinyan-innopolis-2021-04-30" in run.stdout
    met = run.stdout.rpartition("name engagements")[2]
    assert "Mikhail Mishustin" in met
