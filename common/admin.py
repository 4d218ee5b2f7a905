"""Building blocks shared by the admin of every domain app.

`RecordAdmin` is the base of every domain ModelAdmin: change history with revert
(django-simple-history), timestamps shown read-only, and bulk actions that save object
by object so that each change gets its own history row.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import models
from django.forms import Textarea
from django.http import Http404
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


def refuse_nul_characters(params):
    """Raise BadRequest (400) naming the parameter if a name or value holds a NUL character.

    PostgreSQL cannot store or compare NUL in text, so such a filter or search would
    otherwise fail as a server error.
    """
    for name in params:
        values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
        if any("\x00" in text for text in [name, *values]):
            raise BadRequest(f"The parameter {name!r} contains a NUL character.")


class RecordAdmin(SimpleHistoryAdmin):
    """Base admin of every domain model: history, revert, read-only timestamps."""

    readonly_fields = TIMESTAMPS
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        refuse_nul_characters(request.GET)
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # Also reached from the autocomplete view, whose `term` the changelist never sees.
        refuse_nul_characters({"term": search_term})
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request, queryset):
        # Django would fail with a server error on a selected id that is not a number.
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                self.model._meta.pk.to_python(value)
            except ValidationError:
                raise BadRequest(f"{value!r} is not an id of a {self.model._meta.verbose_name}.") from None
        return super().response_action(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        self._check_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_id(self.model, object_id)
        self._check_id(self.model.history.model, version_id)
        # simple-history only hides the Revert button from users who may not change the
        # record; a hand-made POST would still revert it.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _check_id(model, value):
        """404 for an id in a URL that cannot be an id of `model` (simple-history would fail)."""
        try:
            model._meta.pk.to_python(unquote(value))
        except ValidationError:
            raise Http404(f"No {model._meta.verbose_name} has the id {value!r}.") from None

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
