"""Reads of sources for the pages."""

from django.db.models import Count

from common.visibility import visible
from sources.models import Citation, Source


def sources_for_list():
    """Sources without their full text (up to hundreds of KB each): what a list row shows."""
    return Source.objects.defer("text")


def citation_counts(source_ids, user):
    """{source id: the citations taken from it that `user` may see}, for a page of sources, in
    one grouped query. (Per-row subqueries under the visibility rule's NOT IN took minutes at
    100,000 citations on PostgreSQL: bench/search.py.)"""
    visible_citations = visible(Citation.objects.filter(source_id__in=source_ids), user)
    return dict(visible_citations.order_by().values_list("source_id").annotate(count=Count("*")))
