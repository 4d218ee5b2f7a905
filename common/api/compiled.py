"""API lists written by compiled serializers: each serializer's fields turned once into getters.

DRF writes a record by asking each field for its attribute and then for its representation,
through its general machinery (sources looked up, callables inspected, nested serializers'
fields walked), for every value: for a list of 100 full visits, ~3,800 nested records and
two thirds of the request (issue 17, docs/performance.md). Here each serializer class, with
one set of requested fields, is compiled once into a Program: one getter per field that reads
the value the way that field would and writes it the way that field would (a column as it is,
a record URL from a pattern reversed once per request, the record's text, a partial date, a
nested program for a related record or a nested list). The serializer stays the one
declaration of each resource's shape; nothing here names a resource.

A field the compiler does not recognise exactly (its class, or a to_representation or
get_attribute overridden) is written by DRF itself, as RecordSerializer.to_representation
would (get_attribute, SkipField, None, to_representation), on the request's own serializer;
so is a whole serializer that overrides to_representation. tests/test_api_compiled_lists.py
proves every resource's list byte for byte against DRF's own to_representation.
"""

import datetime
import inspect
from collections.abc import Mapping
from functools import cached_property
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models.manager import BaseManager
from django.db.models.query_utils import DeferredAttribute
from django.utils.functional import cached_property as django_cached_property
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from common.api.fields import (
    PartialDateField,
    RecordUrlField,
    RelatedRecordField,
    record_url_parts,
    request_user,
)
from common.api.reads import remember
from common.api.serializers import PrefetchedList, RecordSerializer, RecordTextField
from common.db.prefetch import list_name
from common.partial_dates import iso_partial_date
from common.visibility import is_visible

# Returned by a getter for a field DRF leaves out of the record (SkipField).
SKIP = object()

# The serializers whose to_representation is DRF's loop over the fields (RecordSerializer's is
# the same loop, faster); any other is written by DRF.
_PLAIN_TO_REPRESENTATION = {
    serializers.Serializer.to_representation,
    RecordSerializer.to_representation,
}
_LISTS = {serializers.ListSerializer, PrefetchedList}
# DRF's own fields with the project's settings write the dates and timestamps of every field
# that has those settings (DRF reads them when it writes, as these do).
_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()
_TIME = serializers.TimeField()


def requested_fields(serializer):
    return getattr(serializer, "requested_fields", None)


_programs = {}


def program_for(serializer):
    """The Program of this serializer's class and requested fields, compiled on first use."""
    key = (type(serializer), requested_fields(serializer))
    return remember(_programs, key, lambda: Program(serializer))


class Env:
    """What a request's records are written with: its serializers (for method fields and fields
    DRF writes), the user, and the record URL patterns, each made when first needed."""

    def __init__(self, serializer):
        self.context = serializer.context
        self.serializers = {program_for(serializer): serializer}
        self.urls = {}

    @cached_property
    def user(self):
        return request_user(self.context)

    def serializer(self, program):
        """The request's serializer of `program`: the view's own, or one made with its context."""
        serializer = self.serializers.get(program)
        if serializer is None:
            kwargs = {} if program.fields is None else {"fields": program.fields}
            serializer = self.serializers[program] = program.serializer_class(context=self.context, **kwargs)
        return serializer

    def url_parts(self, view_name, lookup_url_kwarg):
        """(before, after) the id in this request's record URLs of `view_name`; None without a request."""
        key = (view_name, lookup_url_kwarg)
        if key not in self.urls:
            request = self.context.get("request")
            self.urls[key] = (
                None
                if request is None
                else record_url_parts(view_name, lookup_url_kwarg, request, self.context.get("format"))
            )
        return self.urls[key]


def writer(serializer):
    """A function writing a record as serializer.to_representation does, through its Program."""
    env = Env(serializer)
    program = program_for(serializer)
    return lambda record: program.represent(record, env)


def represent(serializer, records):
    """[serializer.to_representation(record) for record in records], through its Program."""
    env = Env(serializer)
    program = program_for(serializer)
    return [program.represent(record, env) for record in records]


class CompiledList(serializers.ListSerializer):
    """A list written by its child serializer's Program."""

    def to_representation(self, data):
        rows = data.all() if isinstance(data, BaseManager) else data
        return represent(self.child, rows)


class RowSerializer(serializers.Serializer):
    """A read-only row of an aggregate (a dict per row), its lists written compiled."""

    class Meta:
        list_serializer_class = CompiledList


class Program:
    """The getters of one serializer class with one set of requested fields: [(name, getter)],
    each getter(record, env) giving the field's value as the serializer would write it."""

    def __init__(self, serializer):
        self.serializer_class = type(serializer)
        self.fields = requested_fields(serializer)
        kind = type(serializer)
        if (
            kind.to_representation not in _PLAIN_TO_REPRESENTATION
            or kind._readable_fields is not serializers.Serializer._readable_fields
        ):
            self.getters = None  # written by DRF whole
            return
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        self.getters = [
            (field.field_name, self._compile(field, model))
            for field in serializer.fields.values()
            if not field.write_only
        ]
        # Only a field DRF writes (whole, or for an unplanned value) may be left out (SkipField);
        # without one, no check per value.
        self.may_skip = any(get.__name__ in ("drf", "value") for _name, get in self.getters)

    def represent(self, record, env):
        if self.getters is None:
            return env.serializer(self).to_representation(record)
        if not self.may_skip:
            return {name: get(record, env) for name, get in self.getters}
        data = {}
        for name, get in self.getters:
            value = get(record, env)
            if value is not SKIP:
                data[name] = value
        return data

    # --- compiling one field ------------------------------------------------------------------

    def _compile(self, field, model):
        kind = type(field)
        if kind is RecordTextField:
            return _display
        if kind is RecordUrlField:
            return self._url(field)
        if kind is PartialDateField:
            return _partial_date(field.prefix)
        if kind is serializers.SerializerMethodField:
            return self._method(field.method_name)
        if len(field.source_attrs) != 1:
            return self._drf(field)
        source = field.source_attrs[0]
        if kind is RelatedRecordField:
            return _related(source, program_for(field.brief_serializer()), field.visible_only, model)
        if kind in _LISTS:
            return _list(source, program_for(field.child), prefetch=kind is PrefetchedList)
        if isinstance(field, serializers.BaseSerializer):
            if isinstance(field, serializers.ListSerializer) or kind.get_attribute is not (
                serializers.Field.get_attribute
            ):
                return self._drf(field)
            return _related(source, program_for(field), False, model)
        read, writes = _reader(model, source), _writes(field)
        if read is None or writes is None or kind.get_attribute is not serializers.Field.get_attribute:
            return self._drf(field)
        return _value(read, writes, self._drf(field))

    def _url(self, field):
        view_name, lookup_url_kwarg, lookup_field = (
            field.view_name,
            field.lookup_url_kwarg,
            field.lookup_field,
        )
        drf = self._drf(field)

        key = (view_name, lookup_url_kwarg)

        def url(record, env):
            pk = getattr(record, lookup_field)
            parts = env.urls.get(key) or env.url_parts(*key)
            if type(pk) is not int or parts is None:
                return drf(record, env)  # DRF's own answer (or error) for an odd key or no request
            return f"{parts[0]}{pk}{parts[1]}"

        return url

    def _method(self, method_name):
        def method(record, env):
            return getattr(env.serializer(self), method_name)(record)

        return method

    def _drf(self, field):
        """The field written by DRF, as RecordSerializer.to_representation does."""
        name = field.field_name

        def drf(record, env):
            field = env.serializer(self).fields[name]
            try:
                value = field.get_attribute(record)
            except SkipField:
                return SKIP
            if (value.pk if isinstance(value, PKOnlyObject) else value) is None:
                return None
            return field.to_representation(value)

        return drf


def _display(record, env):
    return str(record)


def _partial_date(prefix):
    date, precision = f"{prefix}_date", f"{prefix}_precision"

    def partial_date(record, env):
        return iso_partial_date(getattr(record, date), getattr(record, precision)) or None

    return partial_date


def _related(source, program, visible_only, model):
    # A foreign key's record as Django's descriptor gives it: from the record's cache when read
    # there (common.api.reads, select_related), else through the descriptor.
    cached = model is not None and _is_foreign_key(model, source)

    def related(record, env):
        value = record._state.fields_cache.get(source, SKIP) if cached else SKIP
        if value is SKIP:
            try:
                value = getattr(record, source)
            except ObjectDoesNotExist:
                return None
        if value is None or (visible_only and not is_visible(value, env.user)):
            return None
        return program.represent(value, env)

    return related


def _is_foreign_key(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete and (field.many_to_one or field.one_to_one)


def _list(source, program, prefetch):
    attribute = list_name(source) if prefetch else None

    def many(record, env):
        rows = getattr(record, attribute, None) if prefetch else None
        if rows is None:
            rows = getattr(record, source)
            if isinstance(rows, BaseManager):
                rows = rows.all()
        return [program.represent(row, env) for row in rows]

    return many


def _value(read, writes, drf):
    # The type whose values are written as they are (a text column's str), checked first.
    same = next((kind for kind, write in writes.items() if write is _same), None)

    def value(record, env):
        try:
            raw = read(record)
        except (AttributeError, KeyError, ObjectDoesNotExist):
            return drf(record, env)  # DRF's own answer: a default, null, left out or the error
        if raw is None or type(raw) is same:
            return raw
        write = writes.get(type(raw))
        # A value of a type the compiler did not plan for is written by DRF.
        return drf(record, env) if write is None else write(raw)

    return value


def _reader(model, name):
    """How DRF's get_attribute reads `name` of a record of `model`, without looking it up per
    record: a column or property as an attribute, a method without arguments called; None for
    anything else (DRF reads it). Without a model (a plain Serializer), a row's key or attribute."""
    if model is None:

        def item(record):
            return record[name] if isinstance(record, Mapping) else getattr(record, name)

        return item
    static = inspect.getattr_static(model, name, None)
    if isinstance(static, DeferredAttribute | property | cached_property | django_cached_property):
        return attrgetter(name)
    if inspect.isfunction(static):
        parameters = list(inspect.signature(static).parameters.values())[1:]
        if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters):

            def call(record):
                return getattr(record, name)()

            return call
    return None


def _same(value):
    return value


def _writes(field):
    """{type: how the field writes a value of exactly that type} for the values a database row
    holds, or None for a field the compiler does not know (DRF writes it)."""
    write = type(field).to_representation
    own = vars(field)  # options given to this field; the others are the project's settings
    if write is serializers.CharField.to_representation:
        return {str: _same}  # str(value)
    if write is serializers.IntegerField.to_representation:
        return {int: _same}  # int(value)
    if write is serializers.BigIntegerField.to_representation and "coerce_to_string" not in own:
        return {int: _big_integer}
    if write is serializers.FloatField.to_representation:
        return {float: _same, int: float}
    if write is serializers.BooleanField.to_representation:
        return {bool: _same}
    if write is serializers.ChoiceField.to_representation and all(
        isinstance(key, str) for key in field.choices
    ):
        # DRF maps str(value) to the choice key whose text it is: for text keys, the text itself.
        return {str: _same}
    if write is serializers.DateTimeField.to_representation and "format" not in own and "timezone" not in own:
        return {datetime.datetime: _DATETIME.to_representation}
    if write is serializers.DateField.to_representation and "format" not in own:
        return {datetime.date: _DATE.to_representation}
    if write is serializers.TimeField.to_representation and "format" not in own:
        return {datetime.time: _TIME.to_representation}
    return None


def _big_integer(value):
    # DRF's BigIntegerField (a BigAutoField's id), reading its setting when it writes, as DRF does.
    return str(value) if api_settings.COERCE_BIGINT_TO_STRING else value
