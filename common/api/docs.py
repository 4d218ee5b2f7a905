"""The OpenAPI schema and Swagger UI, for signed-in users unless PUBLIC_READ (CanReadApiDescription).

An anonymous request for the schema is a 401 like the rest of the API; an anonymous browser that
opens the docs page (or its script) goes to the login page and comes back after signing in.
"""

import markdown
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated
from rest_framework.renderers import StaticHTMLRenderer
from rest_framework.views import APIView

from common.api.permissions import CanReadApiDescription


class SchemaView(SpectacularAPIView):
    permission_classes = [CanReadApiDescription]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [CanReadApiDescription]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path(), settings.LOGIN_URL)
        return super().handle_exception(exc)


# The guides the site serves, rendered from the repository's own Markdown (trusted files, not
# user input): name in the URL -> file under docs/.
GUIDES = {"api": "api.md", "recipes": "recipes.md"}


class GuideView(APIView):
    """docs/api.md (and the recipes) as a page of the site, for whoever may read the API docs."""

    permission_classes = [CanReadApiDescription]
    renderer_classes = [StaticHTMLRenderer]
    schema = None  # not an operation of the API

    def get(self, request, name="api"):
        if name not in GUIDES:
            raise Http404
        text = (settings.BASE_DIR / "docs" / GUIDES[name]).read_text(encoding="utf-8")
        body = markdown.markdown(text, extensions=["tables", "fenced_code", "toc"])
        title = text.splitlines()[0].lstrip("# ").strip() if text else name
        # Links between the guides point at their pages here, not at repository files.
        for other, filename in GUIDES.items():
            target = reverse("api-guide") if other == "api" else reverse("api-guide-page", args=[other])
            body = body.replace(f'href="{filename}', f'href="{target}').replace(
                f'href="docs/{filename}', f'href="{target}'
            )
        page = render_to_string(
            "api/guide.html", {"title": title, "body": mark_safe(body)}, request=request._request
        )
        return HttpResponse(page)

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path(), settings.LOGIN_URL)
        return super().handle_exception(exc)
