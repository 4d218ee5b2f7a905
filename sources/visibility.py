"""A citation is hidden from whoever may not see the record it supports: the sources app's rule,
built from whatever rules the apps above registered with common.visibility (it knows none)."""

from django.db.models import Q

from common import visibility
from sources.models import Citation


def _cited_models():
    return [model for model in visibility.registered_models() if model is not Citation]


def citations_of_hidden_records(user):
    """A Q on citations (or their history rows) whose record is hidden from `user`."""
    match = Q(pk__in=[])
    for model in _cited_models():
        ids = visibility.hidden_ids(model, user, "object_id")
        if ids is not None:
            # The content type by natural key, so no ContentType lookup adds a query.
            match |= Q(
                ids, content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
            )
    return match


def _citation_ids(user, field):
    return Q(**{f"{field}__in": Citation.objects.filter(citations_of_hidden_records(user)).values("pk")})


def register_rules():
    visibility.register(
        Citation,
        sees_hidden=lambda user: not any(visibility.hides_anything(model, user) for model in _cited_models()),
        live=citations_of_hidden_records,
        ids=_citation_ids,
        # A history row names its record itself.
        history=citations_of_hidden_records,
    )
