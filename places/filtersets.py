import django_filters
from django.db.models import Q

from common.api.filters import AnyOfChoiceFilter, IdentifierFilter, IdOrSlugFilter, any_contains, under_any
from places.models import Place, PlaceFact, PlaceFactKind, PlaceKind

COUNTRIES = Place.objects.filter(kind=PlaceKind.COUNTRY)


class PlaceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Text search over the name, other names and description."
    )
    kind = AnyOfChoiceFilter(choices=PlaceKind.choices, distinct=False, label="Kind (repeatable).")
    parent = IdOrSlugFilter(queryset=Place.objects.all(), label="The place directly above, by id or slug.")
    within = IdOrSlugFilter(
        queryset=Place.objects.all(),
        method="filter_within",
        label="Every place below this one (id or slug), at any depth; not the place itself.",
    )
    country = IdOrSlugFilter(
        queryset=COUNTRIES,
        iso_code=True,
        label="The country it lies in, by id, slug or ISO 3166 code (e.g. RU).",
    )

    identifier = IdentifierFilter(
        label="An id in another system, as scheme:value, e.g. historian-country:united-kingdom."
    )

    class Meta:
        model = Place
        fields = []

    def search(self, queryset, name, value):
        named = Place.objects.filter(other_names__name__icontains=value).values("pk")
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value) | Q(pk__in=named))

    def filter_within(self, queryset, name, places):
        return queryset.filter(under_any(places)).exclude(pk__in=[place.pk for place in places])


class PlaceFactFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Text search over the fact's words and unit.")
    place = IdOrSlugFilter(queryset=Place.objects.all(), label="The place, by id or slug.")
    kind = AnyOfChoiceFilter(
        choices=PlaceFactKind.choices, distinct=False, label="What the fact measures (repeatable)."
    )

    class Meta:
        model = PlaceFact
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(any_contains(value, "value_text", "unit"))
