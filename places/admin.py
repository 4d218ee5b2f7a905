from django.contrib import admin

from common.admin import COMPACT_TEXT, TIMESTAMPS, PartialDatesAdminMixin, RecordAdmin, partial_date_column
from common.admin_merge import merge_action
from places.models import Place, PlaceFact, PlaceName
from places.services import merge_many_places
from sources.admin import CitationInline, IdentifierInline


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    fields = ("name", "language", "note")
    extra = 0


class PlaceFactInline(PartialDatesAdminMixin, admin.TabularInline):
    """A place's facts; each fact's citations are edited on the fact's own page."""

    model = PlaceFact
    fields = ("kind", "value", "qualifier", "unit", "value_text", "as_of")
    formfield_overrides = COMPACT_TEXT
    show_change_link = True
    extra = 0


@admin.register(Place)
class PlaceAdmin(RecordAdmin):
    list_display = ("name", "kind", "parent", "country", "iso_code", "wikidata_id")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "slug", "iso_code", "wikidata_id", "other_names__name", "identifiers__value")
    list_select_related = ("parent", "country")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("country", "path", *TIMESTAMPS)
    inlines = (PlaceNameInline, IdentifierInline, PlaceFactInline, CitationInline)
    actions = (merge_action(merge_many_places, description="Merge selected places into one"),)


@admin.register(PlaceName)
class PlaceNameAdmin(RecordAdmin):
    list_display = ("name", "language", "place", "note")
    list_filter = ("language",)
    search_fields = ("name", "place__name")
    list_select_related = ("place",)
    autocomplete_fields = ("place",)


@admin.register(PlaceFact)
class PlaceFactAdmin(RecordAdmin):
    list_display = ("place", "kind", "value_display", "as_of")
    list_filter = ("kind", "qualifier", ("place", admin.RelatedOnlyFieldListFilter))
    search_fields = ("place__name", "value_text", "unit")
    list_select_related = ("place",)
    autocomplete_fields = ("place",)
    inlines = (CitationInline,)

    as_of = partial_date_column("as_of", "As of")

    @admin.display(description="Value", ordering="value")
    def value_display(self, obj):
        return obj.value_display
