"""A dossier quote may carry its offset (`start`) to pin one occurrence of words the report uses
more than once; the offset is checked, and without it the first occurrence is cited."""

import io

import pytest
from django.core.management import CommandError, call_command

from places.models import Place
from tests.test_dossier_errors import VALID, write_dossier  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

REPEATED = "Kazan"  # the report says "Kazan" several times


def with_quote(settings, quote_lines):
    text = (settings.BASE_DIR / "data" / "reports" / "innopolis-2021-04-30.txt").read_text(encoding="utf-8")
    return text, VALID.replace("      - quote: a working visit to Russia\n", quote_lines)


def test_a_quote_is_pinned_to_the_occurrence_its_start_names(settings, write_dossier):  # noqa: F811
    text, dossier = with_quote(settings, "")
    second = text.index(REPEATED, text.index(REPEATED) + 1)
    dossier = dossier.replace(
        "    kind: country\n    quotes:\n",
        f"    kind: country\n    quotes:\n      - quote: {REPEATED}\n        start: {second}\n",
    )
    call_command("import_dossier", write_dossier(dossier, "good.yaml"), stdout=io.StringIO())
    citation = Place.objects.get(slug="testland").citations.get()
    assert (citation.start, citation.end) == (second, second + len(REPEATED))
    assert citation.start != text.index(REPEATED)


def test_without_a_start_the_first_occurrence_is_cited(settings, write_dossier):  # noqa: F811
    text, dossier = with_quote(settings, f"      - quote: {REPEATED}\n")
    call_command("import_dossier", write_dossier(dossier, "good.yaml"), stdout=io.StringIO())
    assert Place.objects.get(slug="testland").citations.get().start == text.index(REPEATED)


def test_a_start_where_the_quote_is_not_is_refused(settings, write_dossier, row_counts):  # noqa: F811
    text, dossier = with_quote(settings, f"      - quote: {REPEATED}\n        start: 3\n")
    before = row_counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_dossier", write_dossier(dossier))
    where = f"places[0] (testland).quotes[0] ({REPEATED}): start"
    assert f"{where}: the quote is not at offset 3 (it is at {text.index(REPEATED)})" in str(raised.value)
    assert row_counts() == before
