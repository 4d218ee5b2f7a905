"""The admin's history pages in editors' words.

django-simple-history shows each change as stored values ("draft → held", a foreign key's id).
Here a choice shows its label, a related record its name, an empty value "(empty)", and the
timestamps every save touches are left out. A record's history page also lists the changes
to the parts edited on its page (a visit's stops, their participants, the quotes of each), so
an edit made in an inline shows where the editor made it.
"""

import dataclasses

from django.contrib.contenttypes.admin import GenericInlineModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.forms.models import _get_foreign_key
from simple_history.template_utils import HistoricalRecordContextHelper

from common.visibility import visible_history

SKIPPED = {"created_at", "updated_at"}
PARTS_SHOWN = 50
ACTIONS = {"+": "Added", "~": "Changed", "-": "Deleted"}


class DisplayValuesHistoryHelper(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        kept = [change for change in delta.changes if change.field not in SKIPPED]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=kept))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "(empty)"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.many_to_one:
            related = field.related_model._default_manager.filter(pk=value).first()
            return str(related) if related else f"{field.related_model._meta.verbose_name} {value} (deleted)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return super().prepare_delta_change_value(change, value)


def describe(row, model):
    """One history row of a part as a line of the parent's history page."""
    changes = []
    if row.history_type == "~" and row.prev_record is not None:
        helper = DisplayValuesHistoryHelper(model, row)
        changes = helper.context_for_delta_changes(row.diff_against(row.prev_record))
    return {
        "date": row.history_date,
        "kind": model._meta.verbose_name.capitalize(),
        "record": str(row.instance),
        "action": ACTIONS[row.history_type],
        "user": row.history_user,
        "reason": row.history_change_reason or "",
        "changes": changes,
    }


def parts_history(request, model, ids, inlines):
    """The latest history rows of the records edited inline on `model`'s page (nested inlines
    included), newest first, those the user may see only."""
    rows = sorted(
        _part_rows(request, model, ids, inlines), key=lambda pair: pair[0].history_date, reverse=True
    )
    return [describe(row, part) for row, part in rows[:PARTS_SHOWN]]


def _part_rows(request, model, ids, inlines):
    """(history row, model) pairs of the parts of the records `ids` of `model`, recursively."""
    for inline in inlines:
        part = inline.model
        if issubclass(inline, GenericInlineModelAdmin):
            owned = {
                inline.ct_field: ContentType.objects.get_for_model(model),
                f"{inline.ct_fk_field}__in": ids,
            }
        else:
            fk = _get_foreign_key(model, part, fk_name=inline.fk_name)
            owned = {f"{fk.attname}__in": ids}
        history = visible_history(part.history.filter(**owned), part, request.user)
        yield from (
            (row, part)
            for row in history.select_related("history_user").order_by("-history_date")[:PARTS_SHOWN]
        )
        nested = getattr(inline, "inlines", ())
        if nested:
            yield from _part_rows(request, part, set(history.values_list("id", flat=True)), nested)
