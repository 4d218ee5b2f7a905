"""The OpenAPI schema and Swagger UI, for signed-in users unless PUBLIC_READ (CanReadApiDescription).

An anonymous request for the schema is a 401 like the rest of the API; an anonymous browser that
opens the docs page (or its script) goes to the login page and comes back after signing in.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated

from common.api.permissions import CanReadApiDescription


class SchemaView(SpectacularAPIView):
    permission_classes = [CanReadApiDescription]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [CanReadApiDescription]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path(), settings.LOGIN_URL)
        return super().handle_exception(exc)
