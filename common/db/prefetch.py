"""Prefetched relations kept as plain lists on each record (Django's `to_attr`).

A plain prefetch caches each record's related rows as a queryset, and Django builds that
queryset (cloning its filters) for every record: for a 100-visit API page with its stops,
participants and their posts, about 1,400 querysets and a fifth of the page's time
(docs/performance.md). A list attribute costs nothing per record.

The list of relation `x` is the attribute `prefetched_x`; a later prefetch goes through it by
that name, e.g. prefetch_list("prefetched_engagements__participants").
"""

from django.db.models import Prefetch


def list_name(relation):
    return f"prefetched_{relation}"


def prefetch_list(path, queryset=None):
    """Prefetch `path` (its last part a relation) into the list attribute list_name(relation)."""
    relation = path.rsplit("__", 1)[-1]
    return Prefetch(path, queryset=queryset, to_attr=list_name(relation))


def prefetched(record, relation):
    """The record's prefetched list of `relation`, or None when it was not prefetched."""
    return getattr(record, list_name(relation), None)
