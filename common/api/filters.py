"""Filter building blocks shared by every app's filtersets.py (and the timeline pages)."""

import re

import django_filters
import pycountry
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.api.fields import as_id
from common.partial_dates import PARTIAL_DATE_FORM, parse_partial_date
from common.visibility import visible


def any_contains(value, *fields):
    """Q matching rows where any of `fields` contains `value` (case-insensitive): the `q` search."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return condition


# What an id or a slug may look like: anything else is malformed (400), before any lookup. The
# schema's patterns are built from these (values_pattern), so schema and API say the same.
SLUG_TOKEN = r"[-\w]+"
# common.api.fields.as_id: ASCII digits, at most 18 of them.
ID_TOKEN = r"[0-9]{1,18}"


def record_token(model):
    """What a value naming a record of `model` must look like: an id or slug, or only an id."""
    has_slug = any(field.name == "slug" for field in model._meta.fields)
    return SLUG_TOKEN if has_slug else ID_TOKEN


def split_values(values):
    """Repeated values and comma-separated ones alike, blanks dropped: ["a,b", "c"] -> a, b, c."""
    return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


def alternatives(names):
    """A regular expression matching exactly one of `names`."""
    return "|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name)))


def optional_pattern(form):
    """The pattern of a one-valued text filter: `form` with any whitespace around it, or blank (a
    blank value is no filter: Django's form fields strip the value and skip an empty one)."""
    return rf"^\s*(?:{form})?\s*$"


def values_pattern(token):
    """The pattern of one occurrence of a parameter split_values reads: comma-separated values that
    match `token`, each with any whitespace around it, blanks allowed (and ignored)."""
    value = rf"\s*(?:{token})?\s*"
    return rf"^{value}(?:,{value})*$"


def is_country_code(value):
    """A real ISO 3166-1 alpha-2 code, or an ISO 3166-3 code of a former country."""
    code = value.upper()
    if len(code) == 2:
        return pycountry.countries.get(alpha_2=code) is not None
    if len(code) == 4:
        return any(country.alpha_4 == code for country in pycountry.historic_countries)
    return False


class SplitMultipleWidget(forms.SelectMultiple):
    """Reads every value of the parameter (`?a=x&a=y`), each possibly comma-separated (`?a=x,y`)."""

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter is not None else data.get(name)
        if values is None:
            return []
        return split_values([values] if isinstance(values, str) else values)


class ChosenRecords:
    """The records a record filter names (any of them matches). Never "empty" to django-filter:
    a real country code with no place yet names no record, and must match nothing, not everything."""

    def __init__(self, records):
        self.records = records

    def __iter__(self):
        return iter(self.records)

    def __len__(self):
        return len(self.records)

    def __repr__(self):
        return f"ChosenRecords({self.records!r})"


class IdOrSlugsField(forms.Field):
    """Records by id ("12"), slug ("nikol-pashinyan") or, for countries, ISO code ("RU"); several
    values, repeated or comma-separated, mean any of them.

    A value that is not an id or slug is malformed and one that names no record is unknown: both
    400s naming the value. A real ISO code with no country in the register yet is neither: it
    names no record and so matches nothing (an empty list).
    """

    widget = SplitMultipleWidget

    def __init__(self, *, queryset, iso_code=False, **kwargs):
        self.queryset = queryset
        self.iso_code = iso_code
        super().__init__(**kwargs)

    def clean(self, value):
        values = split_values(value or [])
        if not values:
            return None
        model = self.queryset.model
        has_slug = any(field.name == "slug" for field in model._meta.fields)
        what = "id, slug or ISO code" if self.iso_code else "id or slug" if has_slug else "id"
        name = model._meta.verbose_name
        errors, lookup = [], Q(pk__in=[])
        well_formed = re.compile(record_token(model))
        for text in values:
            if not well_formed.fullmatch(text):
                # Params, not an f-string: django-filter %-formats the message.
                errors.append(
                    ValidationError(
                        "%(value)r is not an %(what)s.", code="invalid", params={"value": text, "what": what}
                    )
                )
                continue
            lookup |= self._lookup(text)
        if errors:
            raise ValidationError(errors)
        found = list(self.queryset.filter(lookup))
        unknown = [text for text in values if not any(self._names(record, text) for record in found)]
        unknown = [text for text in unknown if not (self.iso_code and is_country_code(text))]
        if unknown:
            raise ValidationError(
                [
                    ValidationError(
                        "No %(name)s with %(what)s %(value)r.",
                        code="invalid_choice",
                        params={"name": name, "what": what, "value": text},
                    )
                    for text in unknown
                ]
            )
        return ChosenRecords(found)

    def _lookup(self, text):
        if as_id(text) is not None:
            return Q(pk=as_id(text))
        lookup = Q(slug=text)
        if self.iso_code and len(text) in (2, 4):
            lookup |= Q(iso_code=text.upper())
        return lookup

    def _names(self, record, text):
        if as_id(text) is not None:
            return record.pk == as_id(text)
        return getattr(record, "slug", None) == text or (
            self.iso_code and (getattr(record, "iso_code", "") or "") == text.upper()
        )


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class IdOrSlugFilter(django_filters.Filter):
    """Records by id or slug (several: any of them), among those the reader may see
    (common.visibility): a hidden record's slug is "unknown" (400), not an empty list that would
    confirm it exists. A `method` receives the ChosenRecords (iterable)."""

    field_class = IdOrSlugsField

    def __init__(self, *args, queryset, iso_code=False, **kwargs):
        self.queryset = queryset
        super().__init__(*args, iso_code=iso_code, **kwargs)

    def schema_pattern(self):
        """The pattern of each of the parameter's values in the OpenAPI schema."""
        return values_pattern(record_token(self.queryset.model))

    @property
    def field(self):
        # Built for the filterset's request each time (never cached on a filter a copy may share):
        # the records the reader may see depend on who asks.
        request = getattr(getattr(self, "parent", None), "request", None)
        user = getattr(request, "user", None) or AnonymousUser()
        queryset = visible(self.queryset.all(), user)
        return self.field_class(label=self.label, **{**self.extra, "queryset": queryset})

    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": [record.pk for record in value]})


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

    def schema_pattern(self):
        return optional_pattern(PARTIAL_DATE_FORM)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField


# "scheme:value": some text but a colon, the colon, then some text (each part not blank).
IDENTIFIER_FORM = r"\s*[^:\s][^:]*:\s*\S[\s\S]*"


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

    def schema_pattern(self):
        return optional_pattern(IDENTIFIER_FORM)

    def filter(self, queryset, value):
        if not value:
            return queryset
        scheme, identifier = value
        return queryset.filter(identifiers__scheme=scheme, identifiers__value=identifier)


class AnyOfChoiceFilter(django_filters.MultipleChoiceFilter):
    """Choices by code, repeated (`?kind=a&kind=b`) or comma-separated (`?kind=a,b`): any of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SplitMultipleWidget)
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


def under_any(places, path_field="path"):
    """Q: the rows whose place path lies at or below any of `places` (a ChosenRecords)."""
    match = Q(pk__in=[])
    for place in places:
        match |= Q(**{f"{path_field}__startswith": place.path})
    return match
