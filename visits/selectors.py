"""Reads of visits shared by the pages and the API."""

from common.access import can_see_drafts
from visits.models import Visit, VisitStatus


def visible_visits(user):
    """Visits this user may see: drafts only for those who may change visits."""
    visits = Visit.objects.all()
    if not can_see_drafts(user, Visit):
        visits = visits.exclude(status=VisitStatus.DRAFT)
    return visits
