"""Filter building blocks shared by every app's filtersets.py (and the timeline pages)."""

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.api.fields import as_id
from common.partial_dates import parse_partial_date
from common.visibility import visible


def any_contains(value, *fields):
    """Q matching rows where any of `fields` contains `value` (case-insensitive): the `q` search."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return condition


class IdOrSlugField(forms.ModelChoiceField):
    """One record by id ("12"), slug ("nikol-pashinyan") or, for countries, ISO code ("RU")."""

    def __init__(self, *args, iso_code=False, **kwargs):
        self.iso_code = iso_code
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        has_slug = any(field.name == "slug" for field in self.queryset.model._meta.fields)
        if as_id(value) is not None:
            lookup = Q(pk=as_id(value))
        elif not has_slug:
            lookup = Q(pk__in=[])
        else:
            lookup = Q(slug=value)
            if self.iso_code and len(value) in (2, 4):
                lookup |= Q(iso_code=value.upper())
        match = list(self.queryset.filter(lookup)[:2])
        if len(match) != 1:
            what = "id, slug or ISO code" if self.iso_code else "id or slug" if has_slug else "id"
            name = self.queryset.model._meta.verbose_name
            # Params, not an f-string: django-filter %-formats the message, and the value may hold a "%".
            raise ValidationError(
                "No %(name)s with %(what)s %(value)r.",
                code="invalid_choice",
                params={"name": name, "what": what, "value": value},
            )
        return match[0]


@extend_schema_field(OpenApiTypes.STR)
class IdOrSlugFilter(django_filters.ModelChoiceFilter):
    """A record by id or slug, among those the reader may see (common.visibility): a hidden
    record's slug is "unknown" (400), not an empty list that would confirm it exists."""

    field_class = IdOrSlugField

    def get_queryset(self, request):
        user = request.user if request is not None else AnonymousUser()
        return visible(super().get_queryset(request), user)


class PartialDateField(forms.CharField):
    """ "2021", "2021-04" or "2021-04-30" -> (first day, precision)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            # A search bound, not a stored date: any year Python can hold.
            return parse_partial_date(value, bounded=False)
        except ValueError as exc:
            raise ValidationError("%(reason)s", code="invalid", params={"reason": str(exc)}) from None


@extend_schema_field(OpenApiTypes.STR)
class PartialDateFilter(django_filters.Filter):
    """A date filter that takes a partial date; the filter method decides what the period means."""

    field_class = PartialDateField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField


class IdentifierField(forms.CharField):
    """ "scheme:value", e.g. "historian-person:kissinger-henry-a"."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        scheme, separator, identifier = value.partition(":")
        if not separator or not scheme.strip() or not identifier.strip():
            raise ValidationError(
                "%(value)r is not an identifier; use scheme:value, e.g. historian-person:kissinger-henry-a.",
                code="invalid",
                params={"value": value},
            )
        return scheme.strip(), identifier.strip()


@extend_schema_field(OpenApiTypes.STR)
class IdentifierFilter(django_filters.Filter):
    """Records carrying an identifier (sources.Identifier): `?identifier=scheme:value`."""

    field_class = IdentifierField

    def filter(self, queryset, value):
        if not value:
            return queryset
        scheme, identifier = value
        return queryset.filter(identifiers__scheme=scheme, identifiers__value=identifier)
