"""common.http.links.slug_url: the same URL as reverse(), for every record and script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from common.http.links import slug_url
from tests import factories

VIEWS = ["visits:visit-detail", "people:person-detail", "people:organisation-detail", "places:place-detail"]


@pytest.mark.parametrize("view_name", VIEWS)
@pytest.mark.parametrize("slug", ["innopolis", "a", "kazan-expo-2", "under_score", "slug-placeholder-6b1f0e"])
def test_slug_url_is_what_reverse_gives(view_name, slug):
    assert slug_url(view_name, slug) == reverse(view_name, args=[slug])


def test_slug_url_follows_the_script_prefix_of_the_request():
    try:
        set_script_prefix("/register/")
        assert slug_url("places:place-detail", "kazan") == "/register/places/kazan/"
    finally:
        set_script_prefix("/")
    assert slug_url("places:place-detail", "kazan") == "/places/kazan/"


def test_a_slug_no_url_accepts_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        slug_url("places:place-detail", "no/slashes")
    with pytest.raises(NoReverseMatch):
        slug_url("places:place-detail", "")


def test_record_links_use_it(db):
    visit = factories.VisitFactory(slug="state-visit")
    assert visit.get_absolute_url() == "/visits/state-visit/"
    assert visit.principal.get_absolute_url() == reverse("people:person-detail", args=[visit.principal.slug])
    assert visit.host_country.get_absolute_url() == reverse(
        "places:place-detail", args=[visit.host_country.slug]
    )
