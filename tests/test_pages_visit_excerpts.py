"""A visit page shows a long source (a file of the Office of the Historian, up to 390 KB) as
excerpts around the passages it cites, not the whole text; a short report stays whole."""

import pytest

from importers.historian import import_historian
from tests import factories
from tests.historian import slice_file
from visits.models import Visit

pytestmark = pytest.mark.django_db


def test_a_long_source_is_shown_as_excerpts_around_its_quotes(analyst_client):
    before = " ".join(f"early{n}" for n in range(5000))
    after = " ".join(f"late{n}" for n in range(5000))
    text = f"Far away text. {before} The minister met the mayor of Kazan. {after} Far away too."
    source = factories.SourceFactory(text=text, url="https://example.org/report")
    visit = factories.VisitFactory(slug="long-source")
    factories.CitationFactory(
        source=source, content_object=visit, quote="The minister met the mayor of Kazan."
    )
    page = analyst_client.get("/visits/long-source/").content.decode()
    assert '<mark data-cites="1">The minister met the mayor of Kazan.</mark>' in page
    assert "early4990 " in page and "late10 " in page  # the words around the quote
    assert "early10 " not in page and "late4990" not in page and "Far away" not in page
    assert page.count('class="excerpt-gap"') == 2
    assert "Excerpts around those passages" in page
    assert len(page) < 30_000 < len(text)


def test_a_short_report_is_shown_whole(seeded, analyst_client):
    page = analyst_client.get(f"/visits/{seeded.slug}/").content.decode()
    assert "excerpt-gap" not in page
    assert seeded.citations.first().source.text[-40:].strip()[-20:] in page


def test_a_historian_visit_page_cites_its_own_record(tmp_path, analyst_client):
    trips = slice_file(tmp_path, "travels/secretary-travels/kissinger-henry-a.xml", first=200)
    import_historian(paths=[trips])
    visit = Visit.objects.get(identifiers__scheme="historian-trip", identifiers__value="978")
    page = analyst_client.get(f"/visits/{visit.slug}/").content.decode()
    assert "Met with Prime Minister Meir to discuss the Middle East war." in page
    assert "<id>977</id>" not in page.replace("&lt;", "<").replace("&gt;", ">")  # not the trip before it
    assert len(page) < 60_000 < len(trips.read_text(encoding="utf-8"))
