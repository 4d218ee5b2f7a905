"""Reads of places for the pages."""

from common.db.counts import count_per_row
from places.models import Place, PlaceKind


def countries():
    return Place.objects.filter(kind=PlaceKind.COUNTRY).only("name", "slug", "kind").order_by("name")


def places_for_choice():
    """Every place below country level, by name (the label says its kind)."""
    return Place.objects.exclude(kind=PlaceKind.COUNTRY).only("name", "slug", "kind").order_by("name")


def with_place_counts(places):
    """Each place's `places_within`: the places directly below it (the tree's next level)."""
    return places.annotate(places_within=count_per_row(Place.objects.all(), "parent"))
