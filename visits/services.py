"""Writes of visits and their stops, through the one write path (common.services)."""

import contextvars

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from common.services import delete_record, save_record
from sources.models import Citation
from visits import appearances
from visits.models import SEQUENCE_MAX, Engagement, Participant, ParticipantRole, Visit


def save_stops(*, visit, stops, deleted=(), edited=None, user=None, reason=None, validate=True):
    """Save `visit`'s stops numbered 1, 2, ... in the order of `stops`, and delete `deleted`.

    A stop is saved when it is new, its number changes or it is in `edited` (None: all of them),
    so a stop left as it was gets no history row.

    Any new order of the existing stops saves: the stops that move first step aside to numbers
    no stop uses (the top of the column's range), so the unique (visit, sequence) rule holds after
    every statement; each stop then gets its final number in one saved, history-recorded change.
    `stops` holds every stop the visit keeps (new ones unsaved).
    """
    for stop in deleted:
        delete_record(record=stop, user=user, reason=reason)
    stored = dict(Engagement.objects.filter(visit=visit).values_list("pk", "sequence"))
    edited = None if edited is None else {id(stop) for stop in edited}
    moving, to_save = [], []
    for number, stop in enumerate(stops, start=1):
        stop.visit = visit
        moves = stop.pk is not None and stored.get(stop.pk) != number
        if moves:
            moving.append(stop.pk)
        if stop.pk is None or moves or edited is None or id(stop) in edited:
            to_save.append(stop)
        stop.sequence = number
    # Parking places: the top of the column's range, but for numbers a stop holds now.
    used = set(stored.values())
    free = (number for number in range(SEQUENCE_MAX, 0, -1) if number not in used)
    for pk in moving:
        # Internal step with no history row: the save below records the stop's new number.
        Engagement.objects.filter(pk=pk).update(sequence=next(free))
    for stop in to_save:
        save_record(record=stop, user=user, reason=reason, validate=validate)
    return stops


def add_principal(*, stop, user=None, reason=None):
    """Make the visit's principal a participant of `stop` (role principal) unless already there."""
    principal = stop.visit.principal
    if principal is None or stop.participants.filter(person=principal).exists():
        return None
    return save_record(
        record=Participant(engagement=stop, person=principal, role=ParticipantRole.PRINCIPAL),
        user=user,
        reason=reason,
    )


# --- A visit written whole: its stops, their participants, and the citations of all three ---------

# The most stops (and participants of a stop, citations of a record) one write may list: far above
# any real visit, far below the sequence column's limit (SEQUENCE_MAX), where stops are parked.
MAX_PARTS = 1000


def save_visit(*, visit, fields, stops=None, citations=None, user=None, reason=None):
    """Save `visit` with `fields` and, when given, its whole list of `stops` and its `citations`,
    in one transaction, with the rules of the admin's visit editor; return the visit.

    `stops`: dicts of an Engagement's fields (related records as records), each with an optional
    `id` (a stop of this visit, updated: the fields it leaves out keep their values; without an id
    the stop is new), an optional `sequence` (see `stop_order`), and optional `participants` and
    `citations`: lists of dicts in the same way (an existing one by `id`). A list replaces the
    one stored: stops, participants and citations left out of a list that is given are deleted;
    a list not given is left as it is. A new stop given no `participants` gets the visit's
    principal (`add_principal`), as in the admin.

    Every record is validated by its model (full_clean(), through common.services.save_record);
    the problems of all of them are raised together as one ValidationError whose keys are paths,
    e.g. `engagements[2].participants[0].person` (`engagements[1]` for a problem of the whole
    stop), and nothing is written.
    """
    token = _writing_whole_visit.set(True)  # one touch at the end, not one per part
    try:
        # One rewrite of the visit's appearances rows at the end, too (visits.appearances).
        with transaction.atomic(), appearances.batched():
            save_record(record=visit, user=user, reason=reason, fields=fields)
            errors = {}
            if citations is not None:
                _save_citations(visit, citations, "citations", errors, user, reason)
            if stops is not None:
                _save_stops(visit, stops, errors, user, reason)
            if errors:
                raise ValidationError(errors)
            touch_visit(visit)
    finally:
        _writing_whole_visit.reset(token)
    return visit


# Set while save_visit() writes one visit's parts: it touches the visit once when done.
_writing_whole_visit = contextvars.ContextVar("writing_whole_visit", default=False)


def stop_order(items, stored):
    """The stops of `items` ((stop, sequence given or None), in the list's order) in their new
    order. A stop's number is the `sequence` it is given, else its place in the list (1, 2, ...).
    A stop given a number another stop holds takes that place and the others make room: a new
    stop, or one moving up, goes before the stop that held the number; one moving down, after it.
    `stored` maps the ids of existing stops to their numbers before the write."""
    keyed = []
    for index, (stop, given) in enumerate(items):
        number = given if given is not None else index + 1
        before = stored.get(stop.pk) if stop.pk is not None else None
        tie = 0 if before is None or number < before else 1 if number == before else 2
        keyed.append((number, tie, index, stop))
    return [stop for *_, stop in sorted(keyed, key=lambda row: row[:3])]


def touch_visit_of(record, **kwargs):
    """Signal receiver (visits.apps): a stop, a participant, or a citation of a visit, a stop or a
    participant was saved or deleted: the visit has changed (`touch_visit`)."""
    if kwargs.get("raw") or _writing_whole_visit.get():
        return  # fixtures load rows as they are; save_visit() touches its visit once
    if isinstance(record, Engagement):
        visit_id = record.visit_id
    elif isinstance(record, Participant):
        visit_id = (
            Engagement.objects.filter(pk=record.engagement_id).values_list("visit_id", flat=True).first()
        )
    elif isinstance(record, Citation):
        model = ContentType.objects.get_for_id(record.content_type_id).model_class()
        if model is Visit:
            visit_id = record.object_id
        elif model is Engagement:
            visit_id = (
                Engagement.objects.filter(pk=record.object_id).values_list("visit_id", flat=True).first()
            )
        elif model is Participant:
            visit_id = (
                Participant.objects.filter(pk=record.object_id)
                .values_list("engagement__visit_id", flat=True)
                .first()
            )
        else:
            return
    else:
        return
    if visit_id is not None:
        touch_visit(visit_id)


def touch_visit(visit):
    """Mark `visit` (a Visit or its id) as changed now: its `updated_at` is the version in its ETag,
    which covers its stops, their participants and the citations of all three. Not a change of
    the record's own fields, so no history row (visits.apps connects the parts' saves to it)."""
    pk = getattr(visit, "pk", visit)
    now = timezone.now()
    Visit.objects.filter(pk=pk).update(updated_at=now)
    if isinstance(visit, Visit):
        visit.updated_at = now


def _save_stops(visit, items, errors, user, reason):
    existing = {stop.pk: stop for stop in Engagement.objects.filter(visit=visit)}
    stored = {pk: stop.sequence for pk, stop in existing.items()}
    claimed, pairs, edited, plans = set(), [], [], []
    for index, item in enumerate(items):
        path = f"engagements[{index}]"
        item = dict(item)
        stop = _existing(item, existing, claimed, path, errors, "stop of this visit")
        if stop is False:
            continue
        participants = item.pop("participants", None)
        stop_citations = item.pop("citations", None)
        given = item.pop("sequence", None)
        stop = stop or Engagement(visit=visit)
        changed = stop.pk is None or any(getattr(stop, name) != value for name, value in item.items())
        for name, value in item.items():
            setattr(stop, name, value)
        stop.visit = visit
        if _clean(stop, path, errors, exclude=["sequence"]) and changed:
            edited.append(stop)
        pairs.append((stop, given))
        plans.append((path, stop, participants, stop_citations))
    if errors:
        return
    deleted = [stop for pk, stop in existing.items() if pk not in claimed]
    save_stops(
        visit=visit,
        stops=stop_order(pairs, stored),
        deleted=deleted,
        edited=edited,
        user=user,
        reason=reason,
        validate=False,  # just validated, but for the numbers save_stops gives (1..n)
    )
    for path, stop, participants, stop_citations in plans:
        if participants is not None:
            _save_participants(stop, participants, path, errors, user, reason)
        elif stop.pk not in existing:
            add_principal(stop=stop, user=user, reason=reason)
        if stop_citations is not None:
            _save_citations(stop, stop_citations, f"{path}.citations", errors, user, reason)


def _save_participants(stop, items, prefix, errors, user, reason):
    existing = {participant.pk: participant for participant in Participant.objects.filter(engagement=stop)}
    claimed, plans = set(), []
    for index, item in enumerate(items):
        path = f"{prefix}.participants[{index}]"
        item = dict(item)
        participant = _existing(item, existing, claimed, path, errors, "participant of this stop")
        if participant is not False:
            plans.append((path, participant or Participant(engagement=stop), item))
    # Those left out go first, so that one given again (a person in a role) is not a duplicate.
    for pk, participant in existing.items():
        if pk not in claimed:
            delete_record(record=participant, user=user, reason=reason)
    for path, participant, item in plans:
        participant_citations = item.pop("citations", None)
        if _save(participant, item, path, errors, user, reason) and participant_citations is not None:
            _save_citations(participant, participant_citations, f"{path}.citations", errors, user, reason)


def _save_citations(record, items, prefix, errors, user, reason):
    content_type = ContentType.objects.get_for_model(record)
    existing = {
        citation.pk: citation
        for citation in Citation.objects.filter(content_type=content_type, object_id=record.pk)
    }
    claimed, plans = set(), []
    for index, item in enumerate(items):
        path = f"{prefix}[{index}]"
        item = dict(item)
        citation = _existing(item, existing, claimed, path, errors, "citation of this record")
        if citation is not False:
            citation = citation or Citation(content_type=content_type, object_id=record.pk)
            plans.append((path, citation, item))
    for pk, citation in existing.items():
        if pk not in claimed:
            delete_record(record=citation, user=user, reason=reason)
    for path, citation, item in plans:
        _save(citation, item, path, errors, user, reason)


def _existing(item, existing, claimed, path, errors, what):
    """The stored record an item names by `id` (None for a new one; False, with an error, when
    the id is not one of `existing` or is given twice)."""
    pk = item.pop("id", None)
    if pk is None:
        return None
    if pk not in existing:
        errors[f"{path}.id"] = [f"No {what} has id {pk}."]
        return False
    if pk in claimed:
        errors[f"{path}.id"] = [f"The {what} with id {pk} is listed twice."]
        return False
    claimed.add(pk)
    return existing[pk]


def _clean(record, path, errors, exclude=None):
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as exc:
        _add_errors(exc, path, errors)
        return False
    return True


def _save(record, fields, path, errors, user, reason):
    """save_record(), its problems added to `errors` under `path`; True if saved."""
    try:
        save_record(record=record, user=user, reason=reason, fields=fields)
    except ValidationError as exc:
        _add_errors(exc, path, errors)
        return False
    return True


def _add_errors(exc, path, errors):
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    for name, messages in by_field.items():
        errors.setdefault(path if name == NON_FIELD_ERRORS else f"{path}.{name}", []).extend(messages)
