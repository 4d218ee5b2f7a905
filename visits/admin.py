import nested_admin
import nested_admin.formsets
import nested_admin.nested
from django import forms
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet

from common.admin import COMPACT_TEXT, PartialDatesAdminMixin, RecordAdmin, inline_reason, partial_date_column
from common.forms import PartialDatesModelForm
from common.formsets import UniqueRowsFormSetMixin
from common.visibility import visible
from sources.admin import CitationInline
from visits import appearances
from visits.filtersets import EngagementFilterSet, ParticipantFilterSet, VisitFilterSet
from visits.models import Engagement, Participant, Visit, VisitKind, VisitStatus
from visits.selectors import with_kind_name
from visits.services import add_principal, save_stops


class EngagementForm(PartialDatesModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said in the form's words rather than as the database constraint's name.
        sequence = self.fields.get("sequence")  # absent when the user may only view
        if sequence is not None:
            sequence.validators.append(MinValueValidator(1, "Stops are numbered from 1."))
            sequence.widget.attrs["min"] = 1


class StopForm(EngagementForm):
    """A stop on the visit's page: its place in the order is where it stands (drag and drop),
    or any number typed; saving numbers the stops 1, 2, ... in that order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sequence = self.fields.get("sequence")
        if sequence is not None:
            # The drag and drop numbers from 0; save_stops() renumbers from 1.
            sequence.validators = [v for v in sequence.validators if not isinstance(v, MinValueValidator)]
            sequence.widget.attrs["min"] = 0
            sequence.help_text = "Drag the stop, or type a number: stops are saved in this order."

    def _get_validation_exclusions(self):
        # The number is only a place in the order here (0 from the drag and drop, or a tie with a
        # stop about to move): the model's rules on it apply to the numbers save_stops() gives.
        excluded = super()._get_validation_exclusions()
        excluded.add("sequence")
        return excluded


class EngagementInlineFormSet(UniqueRowsFormSetMixin, nested_admin.formsets.NestedInlineFormSet):
    def get_unique_error_message(self, unique_check):
        if "sequence" in unique_check:
            return "Two stops have the same sequence number; give each stop its own place in the order."
        return super().get_unique_error_message(unique_check)

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self._show_places()

    def clean(self):
        super().clean()
        # Two stops typed with one number: which goes first is the editor's call, not ours.
        # (The model's unique rule is left out of the forms' checks: numbers are renumbered.)
        seen, tied = set(), False
        for form in self.forms:
            if (
                not form.is_valid()
                or self._should_delete_form(form)
                or not (form.instance.pk or form.has_changed())
            ):
                continue
            number = form.cleaned_data.get("sequence")
            if number in seen:
                form.add_error(None, self.get_form_error())
                tied = True
            seen.add(number)
        if tied:
            raise forms.ValidationError(self.get_unique_error_message(["sequence"]))

    def _show_places(self):
        """Shown again after an error anywhere on the page, each stop carries its place (1, 2, ...)
        as its number: nested-admin's template orders the stops by the posted numbers and fails on
        two equal numbers or on one that is not a number (the form errors name the problem)."""

        def place(form):
            try:
                return (0, int(form.data.get(form.add_prefix("sequence"), "")))
            except ValueError:
                return (1, 0)

        ordered = sorted(self.forms, key=place)  # stable: ties keep the order posted
        data = self.data.copy()
        for number, form in enumerate(ordered, start=1):
            data[form.add_prefix("sequence")] = str(number)
        for form in self.forms:
            form.data = data


class ParticipantInlineFormSet(UniqueRowsFormSetMixin, nested_admin.formsets.NestedInlineFormSet):
    pass


class NestedCitationInline(nested_admin.nested.NestedGenericTabularInlineMixin, CitationInline):
    """The quotes supporting a record, inside the visit editor (CitationInline's checks kept)."""

    formset = type(
        "NestedCitationFormSet",
        (nested_admin.formsets.NestedBaseGenericInlineFormSetMixin, CitationInline.formset),
        {},
    )


PARTICIPANT_FIELDS = ("person", "name_as_stated", "role", "title_as_stated", "organisation")


class StopParticipantInline(nested_admin.NestedTabularInline):
    model = Participant
    formset = ParticipantInlineFormSet
    fields = PARTICIPANT_FIELDS
    autocomplete_fields = ("person", "organisation")
    extra = 0


class EngagementInline(PartialDatesAdminMixin, nested_admin.NestedStackedInline):
    """A visit's stops in order, each with its participants and quotes, all on the visit's page."""

    model = Engagement
    form = StopForm
    formset = EngagementInlineFormSet
    sortable_field_name = "sequence"
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
    inlines = (StopParticipantInline, NestedCitationInline)
    show_change_link = True
    extra = 0


@admin.register(Visit)
class VisitAdmin(nested_admin.NestedModelAdminMixin, RecordAdmin):
    list_display = ("title", "principal", "kind_name", "host_country", "start", "end", "status")
    list_filter = ("status", "kind", "host_country", "start_date")
    search_fields = ("title", "slug", "principal__name", "purpose")
    search_filterset = VisitFilterSet
    list_select_related = ("principal", "host_country")
    autocomplete_fields = ("principal", "principal_country", "host_country", "parent")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "start_date"
    inlines = (EngagementInline, NestedCitationInline)
    actions = ("publish", "return_to_draft")

    def save_formset(self, request, form, formset, change):
        if formset.model is not Engagement:
            return super().save_formset(request, form, formset, change)
        # The stops in the order their numbers give (as dragged or typed); the formset has
        # already refused two stops with one number.
        deleted = [f for f in formset.forms if f.instance.pk and formset._should_delete_form(f)]
        kept = [
            f
            for f in formset.forms
            if (f.instance.pk or f.has_changed()) and not formset._should_delete_form(f)
        ]
        kept.sort(key=lambda f: (f.instance.sequence, f.instance.pk or 0))
        formset.new_objects = [f.instance for f in kept if f.instance.pk is None]
        formset.changed_objects = [
            (f.instance, f.changed_data) for f in kept if f.instance.pk and f.changed_data
        ]
        formset.deleted_objects = [f.instance for f in deleted]
        save_stops(
            visit=form.instance,
            stops=[f.instance for f in kept],
            deleted=formset.deleted_objects,
            edited=[f.instance for f in kept if f.has_changed()],
            user=request.user,
            reason=inline_reason(form.instance),
            validate=False,
        )

    def save_related(self, request, form, formsets, change):
        # The stops and participants saved below rewrite the visit's appearances once, at the end.
        with appearances.batched():
            super().save_related(request, form, formsets, change)
            # Once every stop's participants are saved: the principal takes part in each new stop
            # unless the editor named them already.
            for formset in formsets:
                if formset.model is Engagement:
                    for stop in formset.new_objects:
                        add_principal(stop=stop, user=request.user, reason="The visit's principal")

    start = partial_date_column("start", "Start")
    end = partial_date_column("end", "End")

    def get_queryset(self, request):
        return with_kind_name(super().get_queryset(request))

    @admin.display(description="Kind", ordering="kind")
    def kind_name(self, obj):
        return obj.get_kind_display()

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
    formset = type("ParticipantInlineFormSet", (UniqueRowsFormSetMixin, BaseInlineFormSet), {})
    fields = PARTICIPANT_FIELDS
    autocomplete_fields = ("person", "organisation")
    show_change_link = True
    extra = 0


@admin.register(Engagement)
class EngagementAdmin(RecordAdmin):
    form = EngagementForm
    list_display = ("title", "sequence", "visit", "date", "venue", "host_organisation")
    list_filter = ("visit__status", "visit__kind", "visit__host_country", "date")
    search_fields = ("title", "visit__title", "description", "outcome")
    search_filterset = EngagementFilterSet
    list_select_related = ("visit", "venue", "host_organisation")
    autocomplete_fields = ("visit", "venue", "host_organisation")
    inlines = (ParticipantInline, CitationInline)


@admin.register(Participant)
class ParticipantAdmin(RecordAdmin):
    list_display = ("display_name", "role", "engagement", "title_as_stated", "organisation")
    list_filter = ("role",)
    search_fields = ("person__name", "name_as_stated", "title_as_stated", "engagement__title")
    search_filterset = ParticipantFilterSet
    list_select_related = ("person", "engagement", "organisation")
    autocomplete_fields = ("engagement", "person", "organisation")
    inlines = (CitationInline,)

    @admin.display(description="Participant", ordering="person__name")
    def display_name(self, obj):
        return obj.display_name


@admin.register(VisitKind)
class VisitKindAdmin(RecordAdmin):
    """Protocol kinds are data: editors add one (e.g. "Official working visit") without a release."""

    list_display = ("name", "code", "position", "visit_count")
    search_fields = ("name", "code", "description")
    fields = ("name", "code", "description", "position")
    prepopulated_fields = {"code": ("name",)}

    def get_queryset(self, request):
        # Only the visits this user may see are counted (common.visibility: drafts).
        visits = visible(Visit.objects.filter(kind=OuterRef("code")), request.user)
        counted = visits.order_by().values("kind").annotate(n=models.Count("pk")).values("n")
        return super().get_queryset(request).annotate(visit_count=Coalesce(Subquery(counted), 0))

    @admin.display(description="Visits", ordering="visit_count")
    def visit_count(self, obj):
        return obj.visit_count

    def get_readonly_fields(self, request, obj=None):
        # The code is what the API, filters and importers' mappings name: fixed once used.
        if obj is not None and Visit.objects.filter(kind=obj.code).exists():
            return (*super().get_readonly_fields(request, obj), "code")
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if "code" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)
