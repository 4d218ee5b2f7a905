from django.contrib import admin

from common.admin import PartialDatesAdminMixin, RecordAdmin, partial_date_column
from common.admin_merge import merge_action
from people.models import Membership, Organisation, Person, PersonName
from people.selectors import possible_duplicates
from people.services import merge_many_people
from sources.admin import CitationInline, IdentifierInline


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    list_display = ("name", "abbreviation", "kind", "country", "parent", "seat")
    list_filter = ("kind", "country")
    search_fields = ("name", "abbreviation", "slug", "wikidata_id", "identifiers__value")
    list_select_related = ("country", "parent", "seat")
    autocomplete_fields = ("parent", "country", "seat")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (IdentifierInline, CitationInline)


class PersonNameInline(admin.TabularInline):
    model = PersonName
    fields = ("name", "language", "script", "note")
    extra = 0


class MembershipInline(PartialDatesAdminMixin, admin.TabularInline):
    """A person's posts; each post's citations are edited on the post's own page."""

    model = Membership
    fields = (
        "title",
        "title_as_stated",
        "organisation",
        "acting",
        "attested",
        "start",
        "end",
    )
    autocomplete_fields = ("organisation",)
    ordering = ("start_date", "pk")
    show_change_link = True
    extra = 0


class PossibleDuplicateFilter(admin.SimpleListFilter):
    """People who may be one person recorded twice (same country, similar names): select them
    and use "Merge selected people into one"."""

    title = "possible duplicates"
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", "Possible duplicates (same country, similar name)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=possible_duplicates()).order_by("family_name", "name")
        return queryset


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ("name", "sort_name", "wikidata_id", "updated_at")
    list_filter = (PossibleDuplicateFilter,)
    search_fields = ("name", "sort_name", "slug", "wikidata_id", "other_names__name", "identifiers__value")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline, PersonNameInline, IdentifierInline, CitationInline)
    actions = (merge_action(merge_many_people, description="Merge selected people into one"),)


@admin.register(PersonName)
class PersonNameAdmin(RecordAdmin):
    list_display = ("name", "language", "script", "person", "note")
    list_filter = ("language", "script")
    search_fields = ("name", "person__name")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ("person", "title", "organisation", "acting", "attested", "start", "end")
    list_filter = (
        "acting",
        "attested",
        "organisation__kind",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "start_date",
    )
    search_fields = ("person__name", "title", "title_as_stated", "organisation__name")
    list_select_related = ("person", "organisation")
    autocomplete_fields = ("person", "organisation")
    inlines = (CitationInline,)

    start = partial_date_column("start", "Start")
    end = partial_date_column("end", "End")
