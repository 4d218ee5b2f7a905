"""Reads of places for the pages."""

from places.models import Place, PlaceKind


def countries():
    return Place.objects.filter(kind=PlaceKind.COUNTRY).only("name", "slug", "kind").order_by("name")


def places_for_choice():
    """Every place below country level, by name (the label says its kind)."""
    return Place.objects.exclude(kind=PlaceKind.COUNTRY).only("name", "slug", "kind").order_by("name")
