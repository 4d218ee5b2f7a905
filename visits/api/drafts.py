"""Which records belong to a draft visit, for hiding them from readers who may not see drafts.

A record belongs to a draft when its visit is a draft now or, once deleted, was a draft when
it was deleted (its last history row says so): the change log still holds deleted records.
Each function returns a Q on `field` (an id column) made of subqueries, so hiding adds no query.
"""

from django.db.models import Q

from visits.models import Engagement, Participant, Visit, VisitStatus


def _matching_now_or_at_deletion(model, condition, field):
    now = model.objects.filter(condition).values("pk")
    at_deletion = model.history.filter(condition, history_type="-").values("id")
    return Q(**{f"{field}__in": now}) | Q(**{f"{field}__in": at_deletion})


def draft_visits(field="pk"):
    return _matching_now_or_at_deletion(Visit, Q(status=VisitStatus.DRAFT), field)


def draft_engagements(field="pk"):
    return _matching_now_or_at_deletion(Engagement, draft_visits("visit_id"), field)


def draft_participants(field="pk"):
    return _matching_now_or_at_deletion(Participant, draft_engagements("engagement_id"), field)


def citations_of_drafts():
    """Citations (or their history rows) whose record is a draft visit, engagement or participant."""
    match = Q(pk__in=[])
    rules = ((Visit, draft_visits), (Engagement, draft_engagements), (Participant, draft_participants))
    for model, rule in rules:
        # The content type by natural key, so no ContentType lookup adds a query.
        match |= Q(
            rule("object_id"),
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
    return match
