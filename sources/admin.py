from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.admin import BaseGenericInlineFormSet, GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from common.admin import COMPACT_TEXT, TIMESTAMPS, RecordAdmin
from common.db.counts import count_per_row
from common.services import save_record
from common.visibility import visible
from sources.models import Citation, CitedModel, IdentifiedModel, Identifier, Source


def cited_models():
    """The models that citations may support (the CitedModel subclasses)."""
    return [model for model in apps.get_models() if issubclass(model, CitedModel)]


def cited_content_types():
    ids = [ct.pk for ct in ContentType.objects.get_for_models(*cited_models()).values()]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def field_choices(model, current=""):
    """The fields of `model` a quote may support, by their labels ("" for the whole record)."""
    skipped = {"id", "created_at", "updated_at"}
    choices = [("", "The whole record")] + [
        (field.name, capfirst(field.verbose_name))
        for field in model._meta.concrete_fields
        if field.editable and field.name not in skipped
    ]
    if current and current not in dict(choices):
        choices.append((current, current))  # kept as it is until an editor picks a field
    return choices


class QuotePicker:
    """Citation forms with the source's text beside them (static/admin-extra/quote_picker.js):
    selecting a passage fills the quote and pins its offset (`start`, a hidden input)."""

    class Media:
        js = ("admin-extra/quote_picker.js",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "start":
            kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CitationInlineFormSet(BaseGenericInlineFormSet):
    """Each citation knows the kind of record it supports before it is validated, so the model's
    own rules (Citation.clean: `field` names a field of that record) apply here as in the API.
    Django's generic formset sets the kind only when saving a new citation."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Absent for those who may only view; the record is unknown in nested-admin's blank rows.
        if "field" in form.fields and self.instance is not None:
            form.fields["field"] = forms.ChoiceField(
                choices=field_choices(type(self.instance), form.initial.get("field", "")),
                required=False,
                label="Field",
                help_text="The field of the record the quote supports, if only one.",
            )

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.content_type_id is None:
            form.instance.content_type = ContentType.objects.get_for_model(
                self.instance, for_concrete_model=self.for_concrete_model
            )
        return form


class CitationInline(QuotePicker, GenericTabularInline):
    """The quotes supporting a record, editable on the record's own page."""

    model = Citation
    formset = CitationInlineFormSet
    fields = ("source", "field", "quote", "note", "start", "end")
    readonly_fields = ("end",)
    autocomplete_fields = ("source",)
    formfield_overrides = COMPACT_TEXT
    extra = 0


class IdentifierInline(GenericTabularInline):
    """A record's ids in other systems (a data set's own ids): what importers match on first."""

    model = Identifier
    fields = ("scheme", "value")
    extra = 0


class SourceForm(forms.ModelForm):
    """Refuses a new text that would orphan existing quotes. (The admin supplies Meta.)"""

    def clean_text(self):
        text = self.cleaned_data["text"]
        if self.instance.pk:
            lost = [
                citation.quote for citation in self.instance.citations.all() if citation.quote not in text
            ]
            if lost:
                quotes = "; ".join(repr(quote) for quote in lost)
                raise ValidationError(
                    f"The new text no longer contains {len(lost)} quoted passage(s); "
                    f"fix or delete those citations first: {quotes}"
                )
        return text


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    form = SourceForm
    list_display = ("title", "publisher", "published_on", "language", "citation_count")
    list_filter = ("language", "publisher", "published_on")
    search_fields = ("title", "slug", "publisher", "url")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("content_hash", *TIMESTAMPS)

    # The change page (templates/admin/sources/source/change_form.html) lists the citations
    # taken from the source, after its fields.
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            citations = visible(obj.citations.all(), request.user).prefetch_related("content_object")
            context["cited_by"] = [
                {"citation": citation, "record": citation_record_link(citation)} for citation in citations
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_queryset(self, request):
        # Only the citations this user may see are counted (common.visibility). A count per row,
        # not Count() over a join: that grouped the list, each list filter and the date hierarchy
        # by every column of the source, its full text included (1.6 s for the Historian's files).
        citations = visible(Citation.objects.all(), request.user)
        return super().get_queryset(request).annotate(citation_count=count_per_row(citations, "source"))

    @admin.display(description="Citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "text" in form.changed_data:
            # The form checked every quote is still there; offsets may have moved.
            for citation in obj.citations.all():
                if obj.text[citation.start : citation.end] != citation.quote:
                    save_record(
                        record=citation,
                        user=request.user,
                        reason="Offsets follow the edited source text",
                        validate=False,
                    )


class CitationForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        content_type, object_id = cleaned.get("content_type"), cleaned.get("object_id")
        if content_type and object_id is not None:
            model = content_type.model_class()
            if model is None or not model._default_manager.filter(pk=object_id).exists():
                self.add_error("object_id", f"There is no {content_type.name} with id {object_id}.")
        return cleaned


@admin.register(Citation)
class CitationAdmin(QuotePicker, RecordAdmin):
    form = CitationForm
    list_display = ("short_quote", "source", "cited_record", "field", "start")
    list_filter = (
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("quote", "note", "field", "source__title")
    list_select_related = ("source",)
    autocomplete_fields = ("source",)
    fields = ("source", "content_type", "object_id", "field", "quote", "note", "start", "end", *TIMESTAMPS)
    readonly_fields = ("end", *TIMESTAMPS)

    def get_queryset(self, request):
        # One query per kind of cited record, not one per row; the records' foreign keys
        # come along because their names (e.g. a fact's place) show in the list.
        records = [
            model._default_manager.select_related(
                *(field.name for field in model._meta.concrete_fields if field.many_to_one)
            )
            for model in cited_models()
        ]
        return super().get_queryset(request).prefetch_related(GenericPrefetch("content_object", records))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = cited_content_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Quote", ordering="quote")
    def short_quote(self, obj):
        return obj.quote if len(obj.quote) <= 80 else obj.quote[:77] + "..."

    @admin.display(description="Supports")
    def cited_record(self, obj):
        return citation_record_link(obj)


def citation_record_link(citation):
    """The record a citation supports, linked to its admin page."""
    record = citation.content_object
    if record is None:
        return "(missing record)"
    opts = record._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return str(record)
    return format_html('<a href="{}">{}: {}</a>', url, opts.verbose_name.capitalize(), record)


def identified_content_types():
    """The kinds of record that carry identifiers (the IdentifiedModel subclasses)."""
    models = [model for model in apps.get_models() if issubclass(model, IdentifiedModel)]
    ids = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


@admin.register(Identifier)
class IdentifierAdmin(RecordAdmin):
    """Every record's ids in other systems, searchable. Usually added on the record's own page
    (the Identifiers inline), where it is clear what an id identifies."""

    form = CitationForm  # the same check: the record named by kind and id exists
    list_display = ("scheme", "value", "content_type", "identified_record")
    list_filter = ("scheme", ("content_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("scheme", "value")
    list_select_related = ("content_type",)
    fields = ("content_type", "object_id", "scheme", "value", *TIMESTAMPS)
    readonly_fields = TIMESTAMPS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = identified_content_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Identifies")
    def identified_record(self, obj):
        opts = obj.content_type.model_class()._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.object_id])
        except NoReverseMatch:
            return f"{opts.verbose_name} {obj.object_id}"
        return format_html('<a href="{}">{} {}</a>', url, opts.verbose_name.capitalize(), obj.object_id)
