"""Page URLs of records by slug, reversed once per view rather than once per record.

A list page links every row to its visit, principal and country: 200 reverse() calls for 50
rows were a sixth of the page's time (docs/performance.md).
"""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

# Stands for the slug while the view's URL is reversed; a valid slug that no URL contains otherwise.
_PLACEHOLDER = "slug-placeholder-6b1f0e"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=32)
def _pattern(view_name, urlconf, script_prefix):
    return reverse(view_name, args=[_PLACEHOLDER], urlconf=urlconf)


def slug_url(view_name, slug):
    """reverse(view_name, args=[slug]) for a view whose only argument is a slug."""
    if not _PLAIN_SLUG.fullmatch(slug):
        return reverse(view_name, args=[slug])  # let reverse() quote or refuse it
    return _pattern(view_name, get_urlconf(), get_script_prefix()).replace(_PLACEHOLDER, slug, 1)
