"""The one write path: every save and delete of a record, from the API, the admin (single edits,
inlines and bulk actions) and every importer, goes through these two functions.

They validate (the model's full_clean(), unless the caller's form already ran it), record who
made the change and why in the record's history (django-simple-history), and save or delete.
Errors are Django's own (ValidationError, ProtectedError); each surface words them for its users.

`merge_records()` makes one record take another's place (two spellings of one person), moving
every reference through save_record() and deleting the other through delete_record().
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db.models import UniqueConstraint


def save_record(*, record, user=None, reason=None, fields=None, validate=True, exclude=None):
    """Set `fields` on `record`, validate it and save it, with `user` and `reason` in its history.

    `validate=False` only where a ModelForm has just run full_clean() on the same values (the
    admin); `exclude` names fields full_clean() skips (e.g. those an importer computes).
    """
    for name, value in (fields or {}).items():
        setattr(record, name, value)
    if validate:
        record.full_clean(exclude=exclude)
    # Set explicitly: the history middleware runs before DRF authenticates a token, and
    # importers run without a request.
    record._history_user = user
    record._change_reason = reason
    record.save()
    return record


def delete_record(*, record, user=None, reason=None):
    """Delete `record` (and what cascades from it), with `user` and `reason` in its history."""
    record._history_user = user
    record._change_reason = reason
    record.delete()


def merge_records(*, record, into, user=None, reason):
    """Make `into` take the place of `record` everywhere, then delete `record`; return `into`.

    Every reference moves, each through save_record() so each moved row's history names the
    merge: foreign keys from other records (a visit's principal, a participant, a post, a place's
    children), and the generic ones (citations, identifiers). Derived foreign keys (not editable,
    e.g. a place's country) follow the save of what they derive from. A moved row that would
    repeat one `into` already has (the same person twice in one role on one stop, the same other
    name) is the same fact: it is merged into that row in turn, its own citations kept.
    `into` gets a history row saying what was merged into it. Run inside a transaction.
    """
    if record.pk == into.pk or type(record) is not type(into):
        raise ValueError("A record is merged into another record of the same kind.")
    for relation in record._meta.get_fields():
        if isinstance(relation, GenericRelation):
            rows = relation.related_model._default_manager.filter(
                **{
                    relation.content_type_field_name: _content_type(record),
                    relation.object_id_field_name: record.pk,
                }
            )
            for row in list(rows):
                save_record(
                    record=row, user=user, reason=reason, fields={relation.object_id_field_name: into.pk}
                )
        elif (
            relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
        ):
            field = relation.field
            if not field.editable:
                continue
            for row in list(relation.related_model._default_manager.filter(**{field.name: record})):
                twin = _twin(row, field.name, into)
                if twin is not None:
                    merge_records(record=row, into=twin, user=user, reason=reason)
                else:
                    save_record(record=row, user=user, reason=reason, fields={field.name: into})
        elif relation.many_to_many:
            raise NotImplementedError(f"merge_records does not move many-to-many {relation.name!r} yet")
    delete_record(record=record, user=user, reason=reason)
    return save_record(record=into, user=user, reason=reason, validate=False)


def _content_type(record):
    return ContentType.objects.get_for_model(record, for_concrete_model=True)


def _twin(row, field_name, into):
    """The row that `row` would repeat once its `field_name` points at `into`, by the model's
    unique constraints that include that field; None when it repeats none."""
    model = type(row)
    unique_sets = [tuple(fields) for fields in model._meta.unique_together]
    conditions = {}
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            unique_sets.append(tuple(constraint.fields))
            conditions[tuple(constraint.fields)] = constraint.condition
    for fields in unique_sets:
        if field_name not in fields:
            continue
        attnames = {name: model._meta.get_field(name).attname for name in fields}
        lookup = {attnames[name]: getattr(row, attnames[name]) for name in fields}
        lookup[attnames[field_name]] = into.pk
        twins = model._default_manager.filter(**lookup).exclude(pk=row.pk)
        condition = conditions.get(fields)
        if condition is not None:
            if not model._default_manager.filter(condition, pk=row.pk).exists():
                continue  # the row itself is outside the constraint (e.g. a participant with no person)
            twins = twins.filter(condition)
        twin = twins.first()
        if twin is not None:
            return twin
    return None
