"""Writes of people that are more than one save: merging two records of one person."""

from django.core.exceptions import ValidationError
from django.db import transaction

from common.services import merge_records, save_record
from people.models import PersonName

# Filled on the kept person from the merged one when the kept one has none.
_FILLED_FIELDS = ("given_name", "family_name", "wikidata_id", "summary")


def merge_people(*, person, into, user=None, reason=None):
    """Merge `person` into `into` in one step and return `into`.

    Every visit, participation, post, citation and identifier of `person` becomes `into`'s (each
    moved row's history names the merge); `person`'s name and other names become `into`'s other
    names, so searches and importers matching on them find `into`; blank fields of `into` take
    `person`'s values; `person` is deleted, its history kept.
    """
    if person.pk == into.pk:
        raise ValidationError({"into": "A person cannot be merged into itself."})
    reason = reason or f"Merged {person.name} ({person.slug}) into {into.name} ({into.slug})"
    with transaction.atomic():
        filled = {name: getattr(person, name) for name in _FILLED_FIELDS if not getattr(into, name)}
        merge_records(record=person, into=into, user=user, reason=reason)
        if person.name != into.name and not into.other_names.filter(name=person.name, language="").exists():
            save_record(
                record=PersonName(person=into, name=person.name, note=f"merged from {person.slug}"),
                user=user,
                reason=reason,
            )
        filled = {name: value for name, value in filled.items() if value}
        if filled:
            save_record(record=into, user=user, reason=reason, fields=filled)
    into.refresh_from_db()
    return into


def merge_many_people(people, *, into, user=None, reason=None):
    """Merge each of `people` (other than `into`) into `into`, all in one transaction."""
    with transaction.atomic():
        for person in people:
            if person.pk != into.pk:
                merge_people(person=person, into=into, user=user, reason=reason)
    return into
