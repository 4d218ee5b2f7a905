"""The world map's data: visits per country (a choropleth) and places with coordinates (points).

The shapes are world-atlas's (Natural Earth, from npm), which names countries by their ISO 3166
numeric code; a Place names its country by the alpha-2 code (alpha-4 for a former country).
pycountry's tables map one to the other, so no code is typed here. A country without a shape
(a former country, a code the register assigned itself) is in the table only.
"""

import functools

import pycountry
from django.conf import settings
from django.urls import reverse

from places.models import PlaceKind
from visits.aggregates import cached, visits_by_country

# Points drawn on a place's map at most: a country's page names its venues and cities.
POINTS_AT_MOST = 300


@functools.cache
def numeric_code(iso_code):
    """world-atlas's id of the country with this alpha-2 or alpha-4 code ("643" for RU), or ""."""
    if not iso_code:
        return ""
    table = pycountry.historic_countries if len(iso_code) == 4 else pycountry.countries
    try:
        country = table.get(**{"alpha_4" if len(iso_code) == 4 else "alpha_2": iso_code})
    except LookupError:
        country = None
    return getattr(country, "numeric", "") or ""


def map_assets():
    """The scripts and shapes the map needs, or None when npm's packages are not installed."""
    names = ("d3-array", "d3-geo", "topojson-client", "world-atlas")
    if not all(name in settings.VENDOR_ASSETS for name in names):
        return None
    *scripts, atlas = (settings.VENDOR_ASSETS[name] for name in names)
    return {"scripts": scripts, "atlas": atlas}


def visits_per_country(visits, *, country_url):
    """Visits per host country of `visits`, most first: name, visits, the map's `id` and
    `country_url(slug)` (what clicking the country opens)."""
    return [
        {
            "id": numeric_code(row["host_country__iso_code"]),
            "name": row["host_country__name"],
            "visits": row["visits"],
            "url": country_url(row["host_country__slug"]),
        }
        for row in cached(visits_by_country, visits)
    ]


def country_map_context(visits, *, country_url, caption):
    """Context for partials/world_map.html: a choropleth of `visits` per host country."""
    countries = visits_per_country(visits, country_url=country_url)
    return {
        "world_map": {
            "caption": caption,
            "countries": countries,
            "on_map": sum(1 for country in countries if country["id"]),
            "assets": map_assets(),
            "data": {"countries": [c for c in countries if c["id"]], "points": [], "focus": ""},
        }
    }


def place_map_context(place):
    """Context for partials/world_map.html on a place's page: it and the places in it that have
    coordinates as points (venues first), on a map fitted to its country when it has a shape."""
    located = (
        place.subtree()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("-kind", "name")  # "venue" sorts last: venues first
        .values("name", "slug", "kind", "latitude", "longitude")
    )
    points = [
        {
            "name": row["name"],
            "kind": PlaceKind(row["kind"]).label,
            "lat": float(row["latitude"]),
            "lon": float(row["longitude"]),
            "url": reverse("places:place-detail", args=[row["slug"]]),
        }
        for row in located[: POINTS_AT_MOST + 1]
    ]
    country = place.country
    return {
        "world_map": {
            "caption": f"Places in {place.name} on the map" if place.kind != PlaceKind.VENUE else place.name,
            "points": points[:POINTS_AT_MOST],
            "more_points": len(points) > POINTS_AT_MOST,
            "assets": map_assets(),
            "data": {
                "countries": [],
                "points": points[:POINTS_AT_MOST],
                "focus": numeric_code(country.iso_code) if country else "",
            },
        }
    }
