from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path("", views.visit_list, name="visit-list"),
    path("visits/<slug:slug>/", views.visit_detail, name="visit-detail"),
]
