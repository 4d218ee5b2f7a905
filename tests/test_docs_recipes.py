"""docs/recipes.md runs as written: its Python blocks, in order, against a live server holding
the bundled data, with an analyst's token (issue 13, item 7)."""

import contextlib
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import ApiToken
from tests import factories

RECIPES = Path(__file__).resolve().parent.parent / "docs" / "recipes.md"


def python_blocks():
    return re.findall(r"^```python\n(.*?)^```", RECIPES.read_text(encoding="utf-8"), re.M | re.S)


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
