"""The visit `q` search: every searched text finds its visit, once, case-insensitively, in one query."""

import pytest

from tests import factories
from visits.filtersets import VisitFilterSet
from visits.models import Visit, VisitStatus

WORD = "Zanzibarian"


def search(value, queryset=None):
    queryset = Visit.objects.all() if queryset is None else queryset
    return sorted(VisitFilterSet({"q": value}, queryset=queryset).qs.values_list("slug", flat=True))


def visit_with(where):
    """A visit holding WORD in one place (`where`), e.g. its purpose or a participant's stated name."""
    visit = factories.VisitFactory(slug="match")
    engagement = factories.EngagementFactory(visit=visit)
    if where == "principal name":
        visit.principal.name = f"Ana {WORD}"
        visit.principal.save()
    elif where.startswith("visit "):
        setattr(visit, where.removeprefix("visit "), f"About the {WORD} talks")
        visit.save()
    elif where.startswith("engagement "):
        setattr(engagement, where.removeprefix("engagement "), f"About the {WORD} talks")
        engagement.save()
    elif where == "participant person name":
        factories.ParticipantFactory(engagement=engagement, person=factories.PersonFactory(name=f"Li {WORD}"))
    elif where == "participant name as stated":
        factories.ParticipantFactory(engagement=engagement, person=None, name_as_stated=f"the {WORD} envoy")
    return visit


@pytest.mark.parametrize(
    "where",
    [
        "visit title",
        "visit purpose",
        "visit summary",
        "principal name",
        "engagement title",
        "engagement description",
        "engagement outcome",
        "participant person name",
        "participant name as stated",
    ],
)
def test_each_searched_text_finds_its_visit_case_insensitively(db, where):
    visit_with(where)
    factories.ParticipantFactory(
        engagement=factories.EngagementFactory(visit=factories.VisitFactory(slug="other"))
    )
    assert search(WORD.upper()) == ["match"]
    assert search(WORD[2:7].lower()) == ["match"]
    assert search(f"{WORD}s") == []


def test_a_visit_matching_in_many_places_is_listed_once(db):
    visit = visit_with("visit title")
    person = factories.PersonFactory(name=f"Bo {WORD}")
    visit.principal = person
    visit.save()
    for _ in range(2):
        engagement = factories.EngagementFactory(visit=visit, outcome=WORD)
        factories.ParticipantFactory(engagement=engagement, person=person, name_as_stated=WORD)
    assert search(WORD) == ["match"]


def test_texts_outside_the_search_do_not_match(db):
    participant = factories.ParticipantFactory(title_as_stated=WORD)
    participant.engagement.visit.principal.summary = WORD
    participant.engagement.visit.principal.save()
    assert search(WORD) == []


def test_like_wildcards_in_the_query_are_literal(db):
    factories.VisitFactory(slug="percent", title="A 50% cut")
    factories.VisitFactory(slug="digits", title="A 500 cut")
    factories.VisitFactory(slug="underscore", title="code_name")
    assert search("50%") == ["percent"]
    assert search("e_n") == ["underscore"]


def test_the_search_stays_within_the_visits_given(db):
    visit_with("engagement outcome")
    factories.VisitFactory(slug="draft", status=VisitStatus.DRAFT, summary=WORD)
    assert search(WORD) == ["draft", "match"]
    assert search(WORD, Visit.objects.exclude(status=VisitStatus.DRAFT)) == ["match"]


def test_the_search_is_one_query(db, django_assert_num_queries):
    visit_with("participant person name")
    with django_assert_num_queries(1):
        assert search(WORD) == ["match"]
