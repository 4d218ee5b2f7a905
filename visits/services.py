"""Writes of visits and their stops, through the one write path (common.services)."""

from common.services import delete_record, save_record
from visits.models import SEQUENCE_MAX, Engagement, Participant, ParticipantRole


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
    for parked, pk in enumerate(moving):
        # Internal step with no history row: the save below records the stop's new number.
        Engagement.objects.filter(pk=pk).update(sequence=SEQUENCE_MAX - parked)
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
