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
    `at_deletion` when it was deleted (its last history row)."""
    now_ids = model.objects.filter(now).values("pk")
    deleted_ids = model.history.filter(at_deletion, history_type="-").values("id")
    return Q(**{f"{field}__in": now_ids}) | Q(**{f"{field}__in": deleted_ids})


def draft_visits(field):
    return _now_or_at_deletion(Visit, Q(status=VisitStatus.DRAFT), Q(status=VisitStatus.DRAFT), field)


# A stop or participant that exists today belongs to a visit that exists today (deleting a visit
# deletes its stops), so "in a draft" is a join for them: PostgreSQL estimates a join's rows,
# where "visit_id IN (draft ids)" was guessed at half the table, too many to hash, and at 100,000
# visits every row re-ran the subquery (the sources index never finished: bench/search.py).
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


def draft_only_people():
    """People who appear in a draft visit (as principal or participant) and in no other visit.

    A person entered with no visit at all (an official known from their posts) is not hidden.
    """
    in_drafts = Q(pk__in=Visit.objects.filter(status=VisitStatus.DRAFT).values("principal_id")) | Q(
        pk__in=Participant.objects.filter(engagement__visit__status=VisitStatus.DRAFT).values("person_id")
    )
    # EXISTS probes by person (indexed), not NOT IN over every published visit.
    return (
        in_drafts
        & ~Exists(Visit.objects.filter(principal=OuterRef("pk")).exclude(status=VisitStatus.DRAFT))
        & ~Exists(
            Participant.objects.filter(person=OuterRef("pk")).exclude(
                engagement__visit__status=VisitStatus.DRAFT
            )
        )
    )


def _people_ids(field):
    return Q(**{f"{field}__in": Person.objects.filter(draft_only_people()).values("pk")})


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
        Person, live=lambda user: draft_only_people(), ids=lambda user, f: _people_ids(f), **common
    )
    visibility.register(
        Membership,
        live=lambda user: Q(person__in=Person.objects.filter(draft_only_people()).values("pk")),
        ids=lambda user, f: Q(
            **{f"{f}__in": Membership.objects.filter(_people_ids("person_id")).values("pk")}
        ),
        **common,
    )
