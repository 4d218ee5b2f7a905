from django.contrib import admin

from common.admin import RecordAdmin, partial_date_column
from people.models import Membership, Organisation, Person, PersonName
from sources.admin import CitationInline


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    list_display = ("name", "abbreviation", "kind", "country", "parent", "seat")
    list_filter = ("kind", "country")
    search_fields = ("name", "abbreviation", "slug", "wikidata_id")
    list_select_related = ("country", "parent", "seat")
    autocomplete_fields = ("parent", "country", "seat")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CitationInline,)


class PersonNameInline(admin.TabularInline):
    model = PersonName
    fields = ("name", "language", "script", "note")
    extra = 0


class MembershipInline(admin.TabularInline):
    """A person's posts; each post's citations are edited on the post's own page."""

    model = Membership
    fields = ("title", "organisation", "acting", "start_date", "start_precision", "end_date", "end_precision")
    autocomplete_fields = ("organisation",)
    ordering = ("start_date", "pk")
    show_change_link = True
    extra = 0


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ("name", "sort_name", "wikidata_id", "updated_at")
    search_fields = ("name", "sort_name", "slug", "wikidata_id", "other_names__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline, PersonNameInline, CitationInline)


@admin.register(PersonName)
class PersonNameAdmin(RecordAdmin):
    list_display = ("name", "language", "script", "person", "note")
    list_filter = ("language", "script")
    search_fields = ("name", "person__name")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ("person", "title", "organisation", "acting", "start", "end")
    list_filter = (
        "acting",
        "organisation__kind",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "start_date",
    )
    search_fields = ("person__name", "title", "organisation__name")
    list_select_related = ("person", "organisation")
    autocomplete_fields = ("person", "organisation")
    inlines = (CitationInline,)

    start = partial_date_column("start", "Start")
    end = partial_date_column("end", "End")
