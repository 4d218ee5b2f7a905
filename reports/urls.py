"""The editors' report pages, under /reports/ (namespace `reports:`)."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("new/", views.new_report, name="new"),
    path("create/", views.create, name="create"),
    path("statements/", views.statements, name="statements"),
]
