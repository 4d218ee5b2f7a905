from django import forms
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.forms.models import BaseInlineFormSet

from common.admin import COMPACT_TEXT, RecordAdmin, partial_date_column
from sources.admin import CitationInline
from visits.models import Engagement, Participant, Visit, VisitStatus


class EngagementForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said in the form's words rather than as the database constraint's name.
        sequence = self.fields.get("sequence")  # absent when the user may only view
        if sequence is not None:
            sequence.validators.append(MinValueValidator(1, "Stops are numbered from 1."))
            sequence.widget.attrs["min"] = 1


class EngagementInlineFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        if "sequence" in unique_check:
            return "Two stops have the same sequence number; give each stop its own place in the order."
        return super().get_unique_error_message(unique_check)


class EngagementInline(admin.StackedInline):
    """A visit's stops in order; each stop's participants are edited on the stop's own page."""

    model = Engagement
    form = EngagementForm
    formset = EngagementInlineFormSet
    fields = (
        ("sequence", "title"),
        ("date", "start_time", "end_time"),
        ("venue", "host_organisation"),
        "description",
        "outcome",
    )
    autocomplete_fields = ("venue", "host_organisation")
    formfield_overrides = COMPACT_TEXT
    ordering = ("sequence",)
    show_change_link = True
    extra = 0


@admin.register(Visit)
class VisitAdmin(RecordAdmin):
    list_display = ("title", "principal", "kind", "host_country", "start", "end", "status")
    list_filter = ("status", "kind", "host_country", "start_date")
    search_fields = ("title", "slug", "principal__name", "purpose")
    list_select_related = ("principal", "host_country")
    autocomplete_fields = ("principal", "host_country", "parent")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "start_date"
    inlines = (EngagementInline, CitationInline)
    actions = ("publish", "return_to_draft")

    start = partial_date_column("start", "Start")
    end = partial_date_column("end", "End")

    @admin.action(description="Publish selected draft visits (mark as held)", permissions=["change"])
    def publish(self, request, queryset):
        self.save_each(
            request,
            queryset,
            change=_set_status(VisitStatus.HELD, only_from=VisitStatus.DRAFT),
            reason="Published",
        )

    @admin.action(description="Return selected visits to draft (hide from readers)", permissions=["change"])
    def return_to_draft(self, request, queryset):
        self.save_each(request, queryset, change=_set_status(VisitStatus.DRAFT), reason="Returned to draft")


def _set_status(status, *, only_from=None):
    """A `save_each` change: set the status; False (skip) if already there or not `only_from`."""

    def change(visit):
        if visit.status == status or (only_from is not None and visit.status != only_from):
            return False
        visit.status = status
        return True

    return change


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ("person", "name_as_stated", "role", "title_as_stated", "organisation")
    autocomplete_fields = ("person", "organisation")
    show_change_link = True
    extra = 0


@admin.register(Engagement)
class EngagementAdmin(RecordAdmin):
    form = EngagementForm
    list_display = ("title", "sequence", "visit", "date", "venue", "host_organisation")
    list_filter = ("visit__status", "visit__kind", "visit__host_country", "date")
    search_fields = ("title", "visit__title", "description", "outcome")
    list_select_related = ("visit", "venue", "host_organisation")
    autocomplete_fields = ("visit", "venue", "host_organisation")
    inlines = (ParticipantInline, CitationInline)


@admin.register(Participant)
class ParticipantAdmin(RecordAdmin):
    list_display = ("display_name", "role", "engagement", "title_as_stated", "organisation")
    list_filter = ("role",)
    search_fields = ("person__name", "name_as_stated", "title_as_stated", "engagement__title")
    list_select_related = ("person", "engagement", "organisation")
    autocomplete_fields = ("engagement", "person", "organisation")
    inlines = (CitationInline,)

    @admin.display(description="Participant", ordering="person__name")
    def display_name(self, obj):
        return obj.display_name
