from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("places/<slug:slug>/", views.place_detail, name="place-detail"),
    path("places/<slug:slug>/visits.ics", views.place_visits_ics, name="place-visits-ics"),
]
