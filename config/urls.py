from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Official visits register"
admin.site.site_title = "Visits register admin"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("visits.urls")),
    path("", include("people.urls")),
    path("", include("places.urls")),
]
