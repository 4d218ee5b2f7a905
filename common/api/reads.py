"""The read path of API lists: a page's rows read by id as plain rows, shaped by its serializer.

A list page built through querysets (select_related joins, prefetch_related) spent most of its
time in Django, not in the database: ~4,700 model instances built field by field, a queryset
cloned per prefetched record, and joins that hash the whole people and places tables to find a
page's few hundred referenced rows (issue 17, docs/performance.md). Here the serializer that
writes the page is also the declaration of what to read:

- each plain field is a column, read with `.values()` (text columns the serializer does not
  show, such as a source's full text, are not read);
- a related record (`RelatedRecordField`, a nested serializer) is read by id, one query per
  relation for the whole page, and its own serializer says what to read of it;
- a nested list (`many=True`) is read by its parent ids, in the model's order;
- `Meta.read_relations` names what a serializer's methods read beyond its fields (e.g. a
  participant's `title_held` reads "person__memberships__organisation").

The rows become model instances without Model.__init__ (the values put in place, as the
database returned them), with related records in Django's own caches (`_state.fields_cache`)
and lists in common.db.prefetch's list attributes, so the serializers, the models' __str__ and
their methods run unchanged: one implementation of each resource's shape, the serializer's.
"""

from collections import defaultdict

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import F, Lookup, Q
from django.db.models.base import ModelState
from rest_framework import serializers

from common.api.fields import RelatedRecordField
from common.db.prefetch import list_name


class _AnyOf(Lookup):
    """`column = ANY(%s)`: the ids as one array parameter (PostgreSQL)."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        return f"{column} = ANY(%s)", [*params, list(self.rhs)]


def one_of(name, ids):
    """A filter of the rows whose `name` is one of `ids`. On PostgreSQL the ids are one
    array parameter: Django prepares each value of an IN list apart (~2,800 on a 100-visit page,
    a sixth of its read: docs/performance.md)."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(name), list(ids))
    return Q(**{f"{name}__in": ids})


def _read_only_when_shown(field):
    """Long texts (a source's text is tens of kilobytes) and the timestamps a save sets
    (created_at, updated_at): nested records never show theirs, and making ~25,000 timezone-aware
    datetimes was a quarter of a 100-visit page's read (docs/performance.md). A model method
    that reads such a column unread still gets it, by a query per record (Django's deferred
    loading), which the query count tests would show."""
    return (
        isinstance(field, models.TextField)
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    )


class ReadPlan:
    """What to read of one model for one serializer: its columns, its related records by id
    (forward: foreign key -> plan) and its nested lists by parent id (relation name -> plan)."""

    def __init__(self, model, shown=()):
        self.model = model
        self.shown = set(shown)
        self.forward = {}
        self.lists = {}

    @property
    def columns(self):
        return [
            field.attname
            for field in self.model._meta.concrete_fields
            if field.name in self.shown or not _read_only_when_shown(field)
        ]

    def add_path(self, path):
        """Read the relations of a path such as "person__memberships__organisation" too."""
        name, _, rest = path.partition("__")
        field = self.model._meta.get_field(name)
        branch = self.forward if field.many_to_one or field.one_to_one else self.lists
        if name not in branch:
            branch[name] = ReadPlan(field.related_model)
        if rest:
            branch[name].add_path(rest)


def plan_for(serializer):
    """The ReadPlan of a (Record)Serializer instance, from its fields and Meta.read_relations."""
    model = serializer.Meta.model
    fields = [field for field in serializer.fields.values() if not field.write_only]
    plan = ReadPlan(model, shown=[field.source for field in fields])
    for field in fields:
        if isinstance(field, serializers.ListSerializer):
            plan.lists[field.source] = plan_for(field.child)
        elif isinstance(field, RelatedRecordField):
            plan.forward[field.source] = plan_for(field.brief_serializer())
        elif isinstance(field, serializers.BaseSerializer):
            plan.forward[field.source] = plan_for(field)
    for path in getattr(serializer.Meta, "read_relations", ()):
        plan.add_path(path)
    return plan


# Plans (and common.api.compiled's Programs) kept per serializer class and requested fields. A
# client chooses the fields, so the number of keys is the client's: past this many the oldest
# goes, and a made-up set of fields costs its own compilation and no lasting memory.
CACHED_SHAPES = 256


def remember(cache, key, make):
    """cache[key], made by make() on first use; at most CACHED_SHAPES keys, the oldest dropped."""
    value = cache.get(key)
    if value is None:
        while cache and len(cache) >= CACHED_SHAPES:
            cache.pop(next(iter(cache)), None)
        value = cache[key] = make()
    return value


_plans = {}


def cached_plan(serializer):
    """plan_for(serializer), made once per serializer class and requested fields (`?fields=`):
    the plan depends on nothing else, and making it builds the serializer's whole field tree."""
    key = (type(serializer), getattr(serializer, "requested_fields", None))
    return remember(_plans, key, lambda: plan_for(serializer))


def _instances(model, rows, db):
    """Model instances holding `rows` (dicts by attname), without Model.__init__'s per-field work."""
    new = model.__new__
    records = []
    for row in rows:
        record = new(model)
        record.__dict__.update(row)
        state = record._state = ModelState()
        state.adding = False
        state.db = db
        records.append(record)
    return records


def _within_parent_order(model, parent_fields):
    """The model's default order with the parent key left out: rows are grouped by parent anyway,
    and ordering by a foreign key would join the parent's table to sort by its own order."""
    return [name for name in model._meta.ordering if name.lstrip("-") not in parent_fields]


def _read_list(plan, records, name, sub):
    """Read the list `name` of each record (by parent id, in the model's order); its children."""
    field = plan.model._meta.get_field(name)
    ids = [record.pk for record in records]
    if not ids:
        return []  # an empty page reads nothing (not even the content type)
    if isinstance(field, GenericRelation):
        content_type = ContentType.objects.get_for_model(plan.model)
        key, back = field.object_id_field_name, None
        queryset = sub.model._default_manager.filter(one_of(key, ids), content_type=content_type)
        order = _within_parent_order(sub.model, {key})
    else:
        parent = field.field  # the child's foreign key to the parent
        key, back = parent.attname, parent.name
        queryset = sub.model._default_manager.filter(one_of(key, ids))
        order = _within_parent_order(sub.model, {parent.name, key})
    queryset = queryset.order_by(*order).values(*sub.columns)
    children = _instances(sub.model, queryset, queryset.db)
    by_parent = defaultdict(list)
    for child in children:
        by_parent[getattr(child, key)].append(child)
    by_id = {}
    for record in records:
        by_id[record.pk] = record
        setattr(record, list_name(name), by_parent.get(record.pk, []))
    if back is not None:
        # As Django's prefetch does: each child knows its parent without a query.
        for child in children:
            child._state.fields_cache[back] = by_id[getattr(child, key)]
    return children


def _read_related(model, requests):
    """One query for the records of `model` that `requests` refer to: [(records, plan, name, sub)].
    Each referring record gets its related record in Django's cache (None for a null key)."""
    ids, columns = set(), set()
    for records, plan, name, sub in requests:
        attname = plan.model._meta.get_field(name).attname
        ids.update(getattr(record, attname) for record in records)
        columns.update(sub.columns)
    ids.discard(None)
    ordered_columns = [f.attname for f in model._meta.concrete_fields if f.attname in columns]
    queryset = model._base_manager.filter(one_of("pk", ids)).order_by().values(*ordered_columns)
    by_id = {record.pk: record for record in _instances(model, queryset, queryset.db)} if ids else {}
    for records, plan, name, _sub in requests:
        attname = plan.model._meta.get_field(name).attname
        for record in records:
            record._state.fields_cache[name] = by_id.get(getattr(record, attname))
    return by_id


def read(plan, records):
    """Read the plan's related records and lists for `records` (instances of plan.model).

    Lists are read level by level (one query per list); the related records they all refer to
    are gathered and read once per model (the principal and the participants are one query of
    people), then their own lists and references in the same way.
    """
    to_read = [(plan, records)]
    result = records
    while to_read:
        related = defaultdict(list)
        while to_read:
            plan, records = to_read.pop()
            for name, sub in plan.lists.items():
                to_read.append((sub, _read_list(plan, records, name, sub)))
            for name, sub in plan.forward.items():
                related[sub.model].append((records, plan, name, sub))
        for model, requests in related.items():
            by_id = _read_related(model, requests)
            for records, plan, name, sub in requests:
                if sub.lists or sub.forward:
                    attname = plan.model._meta.get_field(name).attname
                    referred = {getattr(record, attname) for record in records}
                    to_read.append((sub, [by_id[pk] for pk in referred if pk in by_id]))
    return result


def release(plan, records):
    """Undo read() on `records` once they are written: drop the lists it set, here and below.

    A child read with its list knows its parent (_read_list), so parent and children are a
    reference cycle, freed only when the cycle collector next runs; over a long export the
    garbage of chunk after chunk piled up (common.api.export). Without the lists nothing refers
    back, and the records go as their last reference does.
    """
    to_release = [(plan, records)]
    while to_release:
        plan, records = to_release.pop()
        for name, sub in plan.lists.items():
            children = []
            for record in records:
                children += record.__dict__.pop(list_name(name), [])
            to_release.append((sub, children))
        for name, sub in plan.forward.items():
            if sub.lists or sub.forward:
                related = (record._state.fields_cache.get(name) for record in records)
                to_release.append((sub, [record for record in related if record is not None]))


def read_by_id(plan, ids):
    """The records `ids`, in that order, with what `plan` reads (plan_for(a list's child))."""
    queryset = plan.model._base_manager.filter(one_of("pk", ids)).order_by().values(*plan.columns)
    records = _instances(plan.model, queryset, queryset.db) if ids else []
    read(plan, records)
    position = {pk: index for index, pk in enumerate(ids)}
    records.sort(key=lambda record: position[record.pk])
    return records
