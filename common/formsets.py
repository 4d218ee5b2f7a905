"""Inline formsets that report every uniqueness rule as a form error, never as a database error.

Django's inline formsets check `unique_together` and unconditional unique constraints across the
submitted rows, but leave out a constraint with a condition (e.g. "one person once per role,
when a person is named"), and a row's own validation skips every constraint that involves the
parent's foreign key, which the inline form does not show. Such duplicates reached the database
and answered 500. This mixin checks them across the rows as they will be saved.
"""

from django.db.models import UniqueConstraint

_PARENT = object()


class UniqueRowsFormSetMixin:
    def clean(self):
        super().clean()
        constraints = [
            constraint
            for constraint in self.model._meta.constraints
            if isinstance(constraint, UniqueConstraint) and constraint.fields and constraint.condition
        ]
        if not constraints:
            return
        fk = getattr(self, "fk", None)
        seen = {constraint.name: set() for constraint in constraints}
        for form in self.forms:
            if not form.is_valid() or (not form.has_changed() and not form.instance.pk):
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            instance = form.instance
            values = instance._get_field_expression_map(meta=self.model._meta)
            for constraint in constraints:
                if not constraint.condition.check(values, using=self.queryset.db):
                    continue
                key = tuple(self._key_value(instance, name, fk) for name in constraint.fields)
                if None in key:
                    continue  # NULLs are never equal
                if key in seen[constraint.name]:
                    form.add_error(None, constraint.get_violation_error_message())
                seen[constraint.name].add(key)

    @staticmethod
    def _key_value(instance, name, fk):
        field = instance._meta.get_field(name)
        if fk is not None and field == fk:
            return _PARENT  # every row has the same parent, saved or not yet
        return getattr(instance, field.attname)
