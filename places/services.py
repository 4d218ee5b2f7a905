"""Writes of places that are more than one save: merging two records of one place."""

from django.core.exceptions import ValidationError
from django.db import transaction

from common.services import merge_records, save_record
from places.models import Place, PlaceKind, PlaceName

# Filled on the kept place from the merged one when the kept one has none.
_FILLED_FIELDS = ("latitude", "longitude", "wikidata_id", "description")


def merge_places(*, place, into, user=None, reason=None):
    """Merge `place` into `into` in one step and return `into`.

    Every reference moves to `into`: places inside `place` (re-parented, with their paths and
    country), visits hosted or made from it, stops held there, organisations, facts, citations and
    identifiers; `place`'s name and other names become `into`'s other names (Kiev beside Kyiv);
    blank fields of `into` take `place`'s values; `place` is deleted, its history kept.
    """
    if place.pk == into.pk:
        raise ValidationError({"into": "A place cannot be merged into itself."})
    if into.path.startswith(place.path):
        raise ValidationError({"into": f"“{into}” lies inside “{place}”: merge it the other way round."})
    if place.kind == PlaceKind.COUNTRY and into.kind != PlaceKind.COUNTRY:
        raise ValidationError({"into": f"“{place}” is a country: it can only be merged into a country."})
    reason = reason or f"Merged {place.name} ({place.slug}) into {into.name} ({into.slug})"
    with transaction.atomic():
        filled = {
            name: getattr(place, name)
            for name in _FILLED_FIELDS
            if getattr(into, name) in (None, "") and getattr(place, name) not in (None, "")
        }
        if place.iso_code and not into.iso_code and into.kind == PlaceKind.COUNTRY:
            filled["iso_code"] = place.iso_code
        # A country's derived `country` is itself, which would protect it from its own deletion.
        Place.objects.filter(pk=place.pk, country=place.pk).update(country=None)
        merge_records(record=place, into=into, user=user, reason=reason)
        if place.name != into.name and not into.other_names.filter(name=place.name, language="").exists():
            save_record(
                record=PlaceName(place=into, name=place.name, note=f"merged from {place.slug}"),
                user=user,
                reason=reason,
            )
        if filled:
            save_record(record=into, user=user, reason=reason, fields=filled)
    into.refresh_from_db()
    return into


def merge_many_places(places, *, into, user=None, reason=None):
    """Merge each of `places` (other than `into`) into `into`, all in one transaction."""
    with transaction.atomic():
        for place in places:
            if place.pk != into.pk:
                merge_places(place=place, into=into, user=user, reason=reason)
    return into
