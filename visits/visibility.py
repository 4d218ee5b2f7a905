"""Drafts are seen only by those who may change visits: the rules the visits app registers with
common.visibility for a draft visit and everything that hangs off it.

A record belongs to a draft when its visit is a draft now or, once deleted, was a draft when it
was deleted (its last history row says so): the change log still holds deleted records. Each
`ids` rule is a Q on an id column made of subqueries, so hiding adds no query.
"""

from django.db.models import Exists, OuterRef, Q

from common import visibility
from people.models import Membership, Person
from visits.models import Engagement, Participant, Visit, VisitStatus


def may_see_drafts(user):
    return user.is_authenticated and user.has_perm("visits.change_visit")


def _now_or_at_deletion(model, now, at_deletion, field):
    """`field` is the id of a `model` row that matches `now` today or, deleted, matched
    `at_deletion` when it was deleted (its last history row).

    EXISTS probes by id (the primary key, the history's id index), so a page of rows pays a probe
    or two a row, and the planner may still hash the set when that is cheaper. (As "field IN
    (every draft's ids)" the set was built whole for any row: at 100,000 visits the sources
    index's citation counts read every draft's stops and participants, 2.2 s, growing with the
    visits.)"""
    now_rows = model.objects.filter(now, pk=OuterRef(field))
    deleted_rows = model.history.filter(at_deletion, history_type="-", id=OuterRef(field))
    return Q(Exists(now_rows)) | Q(Exists(deleted_rows))


def draft_visits(field):
    return _now_or_at_deletion(Visit, Q(status=VisitStatus.DRAFT), Q(status=VisitStatus.DRAFT), field)


# A stop or participant that exists today belongs to a visit that exists today (deleting a visit
# deletes its stops), so "in a draft" is a join for them.
def draft_engagements(field):
    return _now_or_at_deletion(
        Engagement, Q(visit__status=VisitStatus.DRAFT), draft_visits("visit_id"), field
    )


def draft_participants(field):
    return _now_or_at_deletion(
        Participant,
        Q(engagement__visit__status=VisitStatus.DRAFT),
        draft_engagements("engagement_id"),
        field,
    )


def draft_only_people(person="pk"):
    """People who appear in a draft visit (as principal or participant) and in no other visit:
    a Q on the person id column `person` of the queried table (a person's own id, a post's
    person_id, a citation's object_id).

    A person entered with no visit at all (an official known from their posts) is not hidden.
    Each test is an EXISTS probe by person (indexed), the most decisive first: almost everyone
    has a published visit as principal, so one index probe settles them, and a page of rows
    costs a few probes a row whatever the number of visits. (Built as "id IN (every draft's
    principals and participants)", the rule read every participant of every visit to hide
    none: 2.5-3.8 s for the people index at 100,000 visits, growing with the visits.)
    """
    draft = Q(status=VisitStatus.DRAFT)
    in_draft = Q(engagement__visit__status=VisitStatus.DRAFT)
    as_principal = Visit.objects.filter(principal=OuterRef(person))
    as_participant = Participant.objects.filter(person=OuterRef(person))
    return (
        ~Exists(as_principal.exclude(draft))
        & ~Exists(as_participant.exclude(in_draft))
        & (Exists(as_principal.filter(draft)) | Exists(as_participant.filter(in_draft)))
    )


def _draft_only_posts(field):
    """Posts (memberships) of draft-only people, as a Q on a membership id column `field`."""
    return Q(Exists(Membership.objects.filter(draft_only_people("person_id"), pk=OuterRef(field))))


def visible_appearances(rows, user):
    """`rows` of the appearances table (visits.models.Appearance, derived, no rule of its own) less
    those of draft visits for `user` who may not see drafts: the visit's rule, read from the status
    copied beside each row so that a page's count needs no join."""
    return rows if may_see_drafts(user) else rows.exclude(visit_status=VisitStatus.DRAFT)


def register_rules():
    common = {"sees_hidden": may_see_drafts}
    visibility.register(
        Visit,
        live=lambda user: Q(status=VisitStatus.DRAFT),
        hides=lambda visit: visit.status == VisitStatus.DRAFT,
        ids=lambda user, f: draft_visits(f),
        **common,
    )
    visibility.register(
        Engagement,
        live=lambda user: Q(visit__status=VisitStatus.DRAFT),
        ids=lambda user, f: draft_engagements(f),
        **common,
    )
    visibility.register(
        Participant,
        live=lambda user: Q(engagement__visit__status=VisitStatus.DRAFT),
        ids=lambda user, f: draft_participants(f),
        **common,
    )
    visibility.register(
        Person, live=lambda user: draft_only_people(), ids=lambda user, f: draft_only_people(f), **common
    )
    visibility.register(
        Membership,
        live=lambda user: draft_only_people("person_id"),
        ids=lambda user, f: _draft_only_posts(f),
        **common,
    )
