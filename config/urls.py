from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from common.admin import view_on_site
from common.api.docs import DocsView, GuideView, SchemaView

admin.site.site_header = "Official visits register"
admin.site.site_title = "Visits register admin"
admin.site.index_title = "Records"

urlpatterns = [
    # Before the admin's own URLs, so its "view on site" shortcut answers only for visible records.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin-view-on-site",
    ),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on every page, the admin's included.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("account/", include("accounts.urls")),
    path("api/v1/", include("config.api_router")),
    # Signed-in users only, unless PUBLIC_READ (common.api.docs).
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/guide/", GuideView.as_view(), name="api-guide"),
    path("api/guide/<slug:name>/", GuideView.as_view(), name="api-guide-page"),
    path("reports/", include("reports.urls")),
    path("", include("pages.urls")),
]
