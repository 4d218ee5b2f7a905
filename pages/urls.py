"""The reader pages' URLs. Each kind of record keeps its own namespace (`visits:`, `people:`,
`places:`), which the models' get_absolute_url() reverse."""

from django.urls import include, path

from pages import feeds, indexes, network, people, places, search, visits

visit_urls = [
    path("", visits.visit_list, name="visit-list"),
    path("visits/<slug:slug>/", visits.visit_detail, name="visit-detail"),
    path("network/", network.network, name="network"),
]

people_urls = [
    path("people/", indexes.person_list, name="person-list"),
    path("organisations/", indexes.organisation_list, name="organisation-list"),
    path("people/<slug:slug>/", people.person_detail, name="person-detail"),
    path("people/<slug:slug>/visits.ics", people.person_visits_ics, name="person-visits-ics"),
    path("organisations/<slug:slug>/", people.organisation_detail, name="organisation-detail"),
]

place_urls = [
    path("places/", indexes.place_list, name="place-list"),
    path("places/<slug:slug>/", places.place_detail, name="place-detail"),
    path("places/<slug:slug>/visits.ics", places.place_visits_ics, name="place-visits-ics"),
]

source_urls = [
    path("sources/", indexes.source_list, name="source-list"),
]

search_urls = [
    path("search/", search.search_page, name="results"),
    path("search/suggest/", search.suggest, name="suggest"),
]

# Secret calendar feed URLs (pages.feeds): made from a person's or place's page, fetched with no session.
feed_urls = [
    path("feeds/", feeds.feed_create, name="create"),
    path("feeds/<slug:key>/visits.ics", feeds.feed, name="feed"),
]

urlpatterns = [
    path("", include((visit_urls, "visits"))),
    path("", include((people_urls, "people"))),
    path("", include((place_urls, "places"))),
    path("", include((source_urls, "sources"))),
    path("", include((search_urls, "search"))),
    path("", include((feed_urls, "feeds"))),
]
