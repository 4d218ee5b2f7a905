"""The date hierarchy's years, months and days are Django's own, found by index probes.

common.admin.dates_by_index_probes answers the date_hierarchy tag's `queryset.dates(...)`
with one recursive query instead of a DISTINCT over every row; each list shown here is
compared with what Django's own `QuerySet.dates` gives for the changelist's queryset.
"""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import QuerySet

from common.admin import dates_by_index_probes
from sources.models import Source
from tests import factories
from tests.test_admin_pages import admin_url
from tests.test_admin_queries import EXPECTED
from visits.models import Visit, VisitKind, VisitStatus

D = datetime.date

# Ends and starts of years, months and a leap day, where a step to the next period could slip.
HELD_DATES = [D(1999, 12, 31), D(2000, 1, 1), D(2000, 1, 31), D(2000, 2, 29), D(2000, 12, 31), D(2021, 4, 30)]
# 2004 has drafts only: its year is hidden from analysts.
DRAFT_DATES = [D(2004, 6, 15), D(2004, 6, 16), D(2021, 5, 1)]


@pytest.fixture
def visits(db):
    germany = factories.CountryFactory(iso_code="DE")
    for start in HELD_DATES:
        factories.VisitFactory(start_date=start)
    for start in DRAFT_DATES:
        factories.VisitFactory(start_date=start, status=VisitStatus.DRAFT)
    factories.VisitFactory(
        title="Summit in Berlin",
        start_date=D(2000, 1, 15),
        kind=VisitKind.WORKING,
        host_country=germany,
    )
    factories.VisitFactory(title="Summit in Paris", start_date=D(2021, 5, 2), kind=VisitKind.WORKING)
    return germany


PARTS = ("year", "month", "day")


def shown(response, field):
    """The periods the date hierarchy links to, as (kind, [first day of each period])."""
    templates = zip(response.templates, response.context, strict=True)
    [context] = [context for template, context in templates if template.name == "admin/date_hierarchy.html"]
    periods = []
    for choice in context["choices"]:
        query = parse_qs(urlsplit(choice["link"]).query)
        parts = [int(query[f"{field}__{part}"][0]) if f"{field}__{part}" in query else None for part in PARTS]
        kind = PARTS[sum(part is not None for part in parts) - 1]
        periods.append((kind, D(parts[0], parts[1] or 1, parts[2] or 1)))
    if not periods:  # nothing to list: the kind the request asked for
        return PARTS[sum(f"{field}__{part}" in response.wsgi_request.GET for part in PARTS)], []
    kinds = {kind for kind, _ in periods}
    assert len(kinds) == 1, periods
    return kinds.pop(), [day for _, day in periods]


def djangos_own(response, field, kind):
    # QuerySet.dates itself: the changelist's queryset answers `.dates` by index probes.
    return list(QuerySet.dates(response.context["cl"].queryset, field, kind))


def visit_params(germany):
    return [
        {},
        {"start_date__year": 2000},
        {"start_date__year": 2000, "start_date__month": 1},
        {"status__exact": "draft"},
        {"kind__exact": "working"},
        {"host_country__id__exact": germany.pk},
        {"q": "Summit"},
        {"q": "Summit", "start_date__year": 2021},
        {"status__exact": "held", "start_date__year": 2000},
    ]


@pytest.mark.parametrize("persona", ["editor_client", "analyst_client"])
def test_visit_date_hierarchy_equals_djangos_dates(persona, visits, request):
    client = request.getfixturevalue(persona)
    url = admin_url(Visit, "changelist")
    for params in visit_params(visits):
        response = client.get(url, params)
        kind, periods = shown(response, "start_date")
        assert periods == djangos_own(response, "start_date", kind), params


def test_filters_narrow_the_periods(visits, editor_client):
    url = admin_url(Visit, "changelist")

    def years(params):
        return shown(editor_client.get(url, params), "start_date")

    assert years({}) == ("year", [D(1999, 1, 1), D(2000, 1, 1), D(2004, 1, 1), D(2021, 1, 1)])
    assert years({"status__exact": "draft"}) == ("year", [D(2004, 1, 1), D(2021, 1, 1)])
    assert years({"q": "Summit"}) == ("year", [D(2000, 1, 1), D(2021, 1, 1)])
    # One visit in Germany: Django goes straight to the days of its month.
    assert years({"host_country__id__exact": visits.pk}) == ("day", [D(2000, 1, 15)])
    assert years({"start_date__year": 2000}) == (
        "month",
        [D(2000, 1, 1), D(2000, 2, 1), D(2000, 12, 1)],
    )
    assert years({"start_date__year": 2000, "start_date__month": 1}) == (
        "day",
        [D(2000, 1, 1), D(2000, 1, 15), D(2000, 1, 31)],
    )


def test_years_of_drafts_only_are_hidden_from_analysts(visits, editor_client, analyst_client):
    url = admin_url(Visit, "changelist")

    _, editor_years = shown(editor_client.get(url), "start_date")
    _, analyst_years = shown(analyst_client.get(url), "start_date")

    assert D(2004, 1, 1) in editor_years
    assert analyst_years == [year for year in editor_years if year != D(2004, 1, 1)]
    # Analysts see no draft at all: filtered on drafts, their list has no year.
    assert shown(analyst_client.get(url, {"status__exact": "draft"}), "start_date") == ("year", [])


def test_source_date_hierarchy_skips_undated_sources(editor_client):
    for published_on in [None, D(2019, 3, 1), D(2021, 4, 30), D(2021, 5, 2), None]:
        factories.SourceFactory(published_on=published_on)
    url = admin_url(Source, "changelist")

    for params in [{}, {"published_on__year": 2021}, {"published_on__year": 2021, "published_on__month": 5}]:
        response = editor_client.get(url, params)
        kind, periods = shown(response, "published_on")
        assert periods == djangos_own(response, "published_on", kind), params
    assert shown(editor_client.get(url), "published_on") == ("year", [D(2019, 1, 1), D(2021, 1, 1)])


def test_changelist_queries_do_not_grow_with_years(editor_client, django_assert_num_queries):
    """The years are found in one query, however many there are."""
    url = admin_url(Visit, "changelist")
    for year in (2001, 2002):
        factories.VisitFactory(start_date=D(year, 1, 1))
    editor_client.get(url)  # fills the content-type cache, as any earlier request would

    with django_assert_num_queries(EXPECTED["visits.visit"]):
        two = editor_client.get(url)
    for year in range(2003, 2031):
        factories.VisitFactory(start_date=D(year, 1, 1))
    with django_assert_num_queries(EXPECTED["visits.visit"]) as queries:
        thirty = editor_client.get(url)

    assert len(shown(two, "start_date")[1]) == 2
    assert len(shown(thirty, "start_date")[1]) == 30
    # The years by probes, not Django's SELECT DISTINCT over every row.
    sqls = [query["sql"] for query in queries.captured_queries]
    assert sum("WITH RECURSIVE probes" in sql for sql in sqls) == 1
    assert not any("DISTINCT" in sql for sql in sqls)


def test_an_empty_changelist_probes_for_no_dates(visits, editor_client, django_assert_num_queries):
    url = admin_url(Visit, "changelist")
    editor_client.get(url)

    with django_assert_num_queries(EXPECTED["visits.visit"] - 1) as queries:
        response = editor_client.get(url, {"q": "nothing matches this"})

    assert response.context["cl"].result_count == 0
    assert shown(response, "start_date") == ("year", [])
    assert not any("WITH RECURSIVE" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("kind", ["year", "month", "day"])
@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_probes_equal_dates_from_the_first_to_the_last_date(kind, order, db, django_assert_num_queries):
    for start in [datetime.date.min, D(2000, 2, 29), D(2000, 3, 1), D(2000, 3, 31), datetime.date.max]:
        factories.VisitFactory(start_date=start)
    visits = Visit.objects.all()

    with django_assert_num_queries(1):
        probed = dates_by_index_probes(visits, "start_date", kind, order)

    assert probed == list(visits.dates("start_date", kind, order))
    assert len(probed) == {"year": 3, "month": 4, "day": 5}[kind]


def test_probes_of_an_empty_queryset_make_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert dates_by_index_probes(Visit.objects.none(), "start_date", "year") == []
