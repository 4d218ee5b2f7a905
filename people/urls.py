from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("people/<slug:slug>/visits.ics", views.person_visits_ics, name="person-visits-ics"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
]
