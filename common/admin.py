"""Building blocks shared by the admin of every domain app.

`RecordAdmin` is the base of every domain ModelAdmin: change history with revert
(django-simple-history), timestamps shown read-only, and bulk actions that save object
by object so that each change gets its own history row.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import Textarea
from simple_history.admin import SimpleHistoryAdmin

from common.partial_dates import format_partial_date

TIMESTAMPS = ("created_at", "updated_at")

# Long texts in tabular inlines: a few lines, not the default ten.
COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}


def partial_date_column(prefix, description):
    """A ModelAdmin method showing `<prefix>_date` at its precision: "2021", "April 2021", ...

    Assign it in the class body (`start = partial_date_column("start", "Start")`) and name
    it in list_display.
    """

    @admin.display(description=description, ordering=f"{prefix}_date")
    def column(modeladmin, obj):
        return format_partial_date(getattr(obj, f"{prefix}_date"), getattr(obj, f"{prefix}_precision"))

    return column


class RecordAdmin(SimpleHistoryAdmin):
    """Base admin of every domain model: history, revert, read-only timestamps."""

    readonly_fields = TIMESTAMPS
    list_per_page = 50

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history only hides the Revert button from users who may not change the
        # record; a hand-made POST would still revert it.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_each(self, request, queryset, *, change, reason):
        """Apply `change(obj)` to each object, validate and save it one by one.

        Saving one by one (never `queryset.update()`) gives every object its own history
        row, with the user and `reason`. `change` returns False when the object is already
        as wanted; such objects are left untouched. Invalid objects are reported, not saved.
        """
        saved, failures = 0, []
        for obj in queryset:
            if change(obj) is False:
                continue
            try:
                obj.full_clean()
            except ValidationError as exc:
                failures.append(f"“{obj}”: {' '.join(exc.messages)}")
                continue
            obj._history_user = request.user
            obj._change_reason = reason
            obj.save()
            self.log_change(request, obj, reason)
            saved += 1
        name = self.model._meta.verbose_name if saved == 1 else self.model._meta.verbose_name_plural
        self.message_user(request, f"{reason}: {saved} {name}.", messages.SUCCESS)
        for failure in failures:
            self.message_user(request, f"Not changed, {failure}", messages.ERROR)
