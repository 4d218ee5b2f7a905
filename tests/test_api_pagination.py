"""Limit/offset pages (default 50, capped at 1000) and a stable cursor walk."""

import datetime

from sources.models import Source
from tests import factories
from visits.models import Visit


def test_default_page_is_50_and_limits_above_1000_are_capped(db, analyst_client):
    Source.objects.bulk_create(Source(slug=f"s{i:04d}", title=f"S{i}", text="t") for i in range(1005))
    page = analyst_client.get("/api/v1/sources/?fields=id").json()
    assert page["count"] == 1005
    assert len(page["results"]) == 50
    page = analyst_client.get("/api/v1/sources/?fields=id&limit=5000").json()
    assert len(page["results"]) == 1000
    assert page["next"].endswith("limit=1000&offset=1000")
    last = analyst_client.get(page["next"]).json()
    assert len(last["results"]) == 5
    seen = [r["id"] for r in page["results"]] + [r["id"] for r in last["results"]]
    assert sorted(seen) == sorted(Source.objects.values_list("pk", flat=True))


def test_cursor_walk_visits_every_row_once_in_start_date_then_id_order(db, analyst_client):
    days = [datetime.date(2021, 4, d) for d in (3, 1, 3, 2, 3, 1, 3)]
    for day in days:
        factories.VisitFactory(start_date=day)
    expected = list(Visit.objects.order_by("start_date", "id").values_list("pk", flat=True))
    url, seen, pages = "/api/v1/visits/?pagination=cursor&limit=3&fields=id", [], []
    while url:
        page = analyst_client.get(url).json()
        assert "count" not in page
        pages.append(page)
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == expected
    assert [len(p["results"]) for p in pages] == [3, 3, 1]
    back = analyst_client.get(pages[-1]["previous"]).json()
    assert [row["id"] for row in back["results"]] == expected[3:6]


def test_cursor_pages_are_not_shifted_by_rows_added_before_the_cursor(db, analyst_client):
    for day in (1, 2, 3, 4):
        factories.VisitFactory(start_date=datetime.date(2021, 4, day))
    first = analyst_client.get("/api/v1/visits/?pagination=cursor&limit=2&fields=slug").json()
    factories.VisitFactory(start_date=datetime.date(2020, 1, 1))
    second = analyst_client.get(first["next"]).json()
    dates = [Visit.objects.get(slug=row["slug"]).start_date.day for row in second["results"]]
    assert dates == [3, 4]
