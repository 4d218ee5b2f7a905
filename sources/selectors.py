"""Reads of sources for the pages."""

from common.db.counts import count_per_row
from common.visibility import visible
from sources.models import Citation, Source


def sources_for_list():
    """Sources without their full text (up to hundreds of KB each): what a list row shows."""
    return Source.objects.defer("text")


def with_citation_counts(sources, user):
    """Each source's `citation_count`: the citations taken from it that `user` may see."""
    return sources.annotate(citation_count=count_per_row(visible(Citation.objects.all(), user), "source"))
