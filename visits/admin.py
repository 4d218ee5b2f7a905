from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404

from common.admin import COMPACT_TEXT, RecordAdmin, partial_date_column
from common.auth.access import can_see_drafts
from sources.admin import CitationAdmin, CitationInline
from sources.models import Citation
from visits.api.drafts import citations_of_drafts, draft_engagements, draft_participants, draft_visits
from visits.models import Engagement, Participant, Visit, VisitStatus


class HidesDrafts:
    """Hides the records of draft visits from staff who may not see drafts (analysts), as the
    pages and the API do: in lists, change pages, autocomplete, history and revert pages."""

    # () -> Q on the row's id, matching rows (and history rows) that belong to a draft visit.
    drafts = None
    # () -> Q matching the live rows of a draft visit through their own visit's status; cheaper
    # than `drafts`, which also covers deleted rows (the history), so the planner need not
    # gather every draft's id (a list of a million visits took 0.7-1.2 s for analysts).
    live_drafts = None

    def hides_drafts(self, request):
        return not can_see_drafts(request.user, Visit)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.hides_drafts(request):
            return queryset
        return queryset.exclude((self.live_drafts or self.drafts)())

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        history = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return history.exclude(self.drafts()) if self.hides_drafts(request) else history

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self.hides_drafts(request):
            self._check_id(self.model, object_id)
            self._check_id(self.model.history.model, version_id)
            history = self.get_history_queryset(request, self.model.history, "id", unquote(object_id))
            if not history.filter(history_id=version_id).exists():
                raise Http404(f"No {self.model._meta.verbose_name} has the id {object_id!r}.")
        return super().history_form_view(request, object_id, version_id, extra_context)


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
class VisitAdmin(HidesDrafts, RecordAdmin):
    drafts = staticmethod(lambda: draft_visits("id"))
    live_drafts = staticmethod(lambda: Q(status=VisitStatus.DRAFT))
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
class EngagementAdmin(HidesDrafts, RecordAdmin):
    drafts = staticmethod(lambda: draft_engagements("id"))
    live_drafts = staticmethod(lambda: Q(visit__status=VisitStatus.DRAFT))
    form = EngagementForm
    list_display = ("title", "sequence", "visit", "date", "venue", "host_organisation")
    list_filter = ("visit__status", "visit__kind", "visit__host_country", "date")
    search_fields = ("title", "visit__title", "description", "outcome")
    list_select_related = ("visit", "venue", "host_organisation")
    autocomplete_fields = ("visit", "venue", "host_organisation")
    inlines = (ParticipantInline, CitationInline)


@admin.register(Participant)
class ParticipantAdmin(HidesDrafts, RecordAdmin):
    drafts = staticmethod(lambda: draft_participants("id"))
    live_drafts = staticmethod(lambda: Q(engagement__visit__status=VisitStatus.DRAFT))
    list_display = ("display_name", "role", "engagement", "title_as_stated", "organisation")
    list_filter = ("role",)
    search_fields = ("person__name", "name_as_stated", "title_as_stated", "engagement__title")
    list_select_related = ("person", "engagement", "organisation")
    autocomplete_fields = ("engagement", "person", "organisation")
    inlines = (CitationInline,)

    @admin.display(description="Participant", ordering="person__name")
    def display_name(self, obj):
        return obj.display_name


# Registered again from here because sources, lower in the dependency chain, cannot know drafts.
admin.site.unregister(Citation)


@admin.register(Citation)
class CitationOfPublishedAdmin(HidesDrafts, CitationAdmin):
    drafts = staticmethod(citations_of_drafts)
