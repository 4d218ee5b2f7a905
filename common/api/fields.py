"""Serializer fields shared by every app's API."""

import datetime
import re

from django.contrib.auth.models import AnonymousUser
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.reverse import reverse

from common.partial_dates import RECORD_DATE_FORM, DatePrecision, iso_partial_date, parse_partial_date
from common.visibility import is_visible

_MAX_ID_DIGITS = 18
# Stands for the id while a record URL's pattern is reversed; no real URL contains it.
_ID_PLACEHOLDER = 987654321987654321


def as_id(text):
    """The id `text` spells in ASCII digits, or None. str.isdigit() alone also accepts "²", which
    int() refuses; more than 18 digits cannot be a bigint id."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= _MAX_ID_DIGITS else None


# A day as the API writes and reads it (a real one or not: DayField says which).
DAY_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")


class TextOnly:
    """JSON text only, as the schema says (`type: string`): DRF's CharField also takes a number and
    stores its digits (`"html": 5` was the text "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextField(TextOnly, serializers.CharField):
    pass


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only, as the schema says: DRF's BooleanField also takes 0, 1, "yes", ..."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class DayField(serializers.DateField):
    """A day, YYYY-MM-DD. One written so that does not exist ("2024-02-30") is said not to be a real
    date: DRF's own message, "Date has wrong format", sent editors looking for a typo in the format."""

    def to_internal_value(self, value):
        if isinstance(value, str) and DAY_FORM.fullmatch(value.strip()):
            try:
                datetime.date.fromisoformat(value.strip())
            except ValueError as exc:
                raise serializers.ValidationError(f"{value!r} is not a real date: {exc}.") from None
        return super().to_internal_value(value)


class SlugTextField(TextOnly, serializers.SlugField):
    pass


class UrlTextField(TextOnly, serializers.URLField):
    pass


class EmailTextField(TextOnly, serializers.EmailField):
    pass


# For a ModelSerializer's `serializer_field_mapping`: every text column is written as text only,
# every true/false column as true or false.
TEXT_ONLY_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: TextField,
    models.TextField: TextField,
    models.SlugField: SlugTextField,
    models.URLField: UrlTextField,
    models.EmailField: EmailTextField,
    models.BooleanField: StrictBooleanField,
    models.DateField: DayField,
}


def record_url_parts(view_name, lookup_url_kwarg, request, format=None):
    """(the text before a record's id, the text after it) in the URL of `view_name` for this
    request: reversed once, then each record's URL is before + id + after."""
    pattern = reverse(view_name, kwargs={lookup_url_kwarg: _ID_PLACEHOLDER}, request=request, format=format)
    before, _, after = pattern.partition(str(_ID_PLACEHOLDER))
    return before, after


class RecordUrlField(serializers.HyperlinkedIdentityField):
    """The record's API URL. Reverses the view's URL once and puts each record's id in: reverse()
    for every nested record was a third of a 100-visit list's time, and DRF's general path for a
    hyperlink (the request looked up through the serializer tree, per record) another tenth.

    The pattern is kept on the field, which lives as long as its serializer: one request.
    """

    def get_attribute(self, instance):
        return instance  # source="*": the record itself

    def to_representation(self, record):
        pk = getattr(record, self.lookup_field)
        if not isinstance(pk, int):
            return super().to_representation(record)
        parts = self.__dict__.get("_parts")
        if parts is None:
            request = self.context.get("request")
            if request is None:  # DRF's own error: a hyperlink needs the request
                return super().to_representation(record)
            parts = self._parts = record_url_parts(
                self.view_name, self.lookup_url_kwarg, request, self.context.get("format")
            )
        return f"{parts[0]}{pk}{parts[1]}"


def request_user(context):
    """The user of the request in a serializer's context; anonymous without one."""
    return getattr(context.get("request"), "user", None) or AnonymousUser()


class RelatedRecordField(serializers.RelatedField):
    """A foreign key: read as the related record's brief form, written as its id or slug."""

    default_error_messages = {
        "does_not_exist": "No {model} with {what} {value!r}.",
        "incorrect_type": "Expected an id (integer) or a slug (string), got {data_type}.",
        "blank": "Expected an id or a slug, got an empty string; null for none.",
    }

    def __init__(self, brief_serializer, *, visible_only=False, **kwargs):
        self.brief_serializer = brief_serializer
        # Null when the user may not see the related record (a published visit's draft trip).
        self.visible_only = visible_only
        super().__init__(**kwargs)

    def to_representation(self, value):
        if self.visible_only and not is_visible(value, request_user(self.context)):
            return None
        # One brief serializer per field, reused for every row: building its fields anew for
        # each related record was most of a 100-row list's time (bench/, docs/performance.md).
        if getattr(self, "_brief", None) is None:
            self._brief = self.brief_serializer(context=self.context)
        return self._brief.to_representation(value)

    def run_validation(self, data=empty):
        # DRF reads "" as null for a related field; the schema says a slug is never empty.
        if isinstance(data, str) and not data.strip():
            self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        queryset = self.get_queryset()
        text = str(data).strip()
        field_names = {f.name for f in queryset.model._meta.fields}
        if as_id(text) is not None:
            lookups, what = [{"pk": as_id(text)}], "id"
        elif "slug" in field_names:
            lookups, what = [{"slug": text}], "slug"
            if "iso_code" in field_names and len(text) in (2, 4):
                # As the filters do: a country by its ISO 3166 code ("RU") when no slug is "ru".
                lookups, what = [*lookups, {"iso_code": text.upper()}], "slug or ISO code"
        else:
            self.fail("incorrect_type", data_type=type(data).__name__)
        for lookup in lookups:
            match = list(queryset.filter(**lookup)[:2])
            if len(match) == 1:
                return match[0]
        self.fail("does_not_exist", model=queryset.model._meta.verbose_name, what=what, value=text)


# YYYY, YYYY-MM or YYYY-MM-DD within the years every stored date keeps to (common.partial_dates:
# 1000-2999), a real day, whitespace around ignored. A field that may be null also takes ""
# (schema_links.describe_body_dates).
PARTIAL_DATE_PATTERN = rf"^\s*{RECORD_DATE_FORM}\s*$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "description": "A partial date: YYYY, YYYY-MM or YYYY-MM-DD (the precision is the form).",
        "example": "2021-04-30",
    }
)
class PartialDateField(serializers.Field):
    """A `<prefix>_date` + `<prefix>_precision` pair exposed as one ISO partial date string."""

    def __init__(self, prefix, **kwargs):
        self.prefix = prefix
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        value = iso_partial_date(
            getattr(instance, f"{self.prefix}_date"), getattr(instance, f"{self.prefix}_precision")
        )
        return value or None

    def run_validation(self, data=empty):
        # source="*" merges a dict into validated data, so null must become a dict too.
        if data is None or data == "":
            if not self.allow_null:
                self.fail("null")
            return {f"{self.prefix}_date": None, f"{self.prefix}_precision": DatePrecision.DAY}
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):  # the schema says text (the parser would take 2021 too)
            raise serializers.ValidationError(f"{data!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
        try:
            day, precision = parse_partial_date(data)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return {f"{self.prefix}_date": day, f"{self.prefix}_precision": precision}
