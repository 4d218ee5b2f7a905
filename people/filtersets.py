import django_filters
from django.db.models import Q

from common.api.filters import AnyOfChoiceFilter, IdentifierFilter, IdOrSlugFilter, any_contains
from people.models import Membership, Organisation, OrganisationKind, Person
from places.models import Place, PlaceKind


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Text search over name, abbreviation and description."
    )
    kind = AnyOfChoiceFilter(
        choices=OrganisationKind.choices, distinct=False, label="Kind of body (repeatable)."
    )
    parent = IdOrSlugFilter(
        queryset=Organisation.objects.all(), label="The body it belongs to, by id or slug."
    )
    country = IdOrSlugFilter(
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        iso_code=True,
        label="Its country, by id, slug or ISO 3166 code.",
    )

    identifier = IdentifierFilter(
        label="An id in another system, as scheme:value (e.g. historian-person:kissinger-henry-a)."
    )

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(any_contains(value, "name", "abbreviation", "description"))


class PersonFilterSet(django_filters.FilterSet):
    """`organisation`, `post` and `holds_post_on` describe one post together: `?post=Prime
    Minister&organisation=government-of-armenia&holds_post_on=2021-04-30` asks who held that post then."""

    q = django_filters.CharFilter(method="search", label="Text search over names, other names and summary.")
    name = django_filters.CharFilter(method="filter_name", label="Name or other name contains this text.")
    organisation = IdOrSlugFilter(
        queryset=Organisation.objects.all(),
        method="filter_post",
        label="Held a post in this organisation (id or slug).",
    )
    post = django_filters.CharFilter(
        method="filter_post", label="Held a post whose title contains this text."
    )
    holds_post_on = django_filters.DateFilter(
        method="filter_post", label="Held a post (matching the other post filters) on this day, YYYY-MM-DD."
    )

    identifier = IdentifierFilter(
        label="An id in another system, as scheme:value (e.g. historian-person:kissinger-henry-a)."
    )

    class Meta:
        model = Person
        fields = []

    def search(self, queryset, name, value):
        return self.filter_name(queryset, name, value) | queryset.filter(summary__icontains=value)

    def filter_name(self, queryset, name, value):
        other_names = Person.objects.filter(other_names__name__icontains=value).values("pk")
        return queryset.filter(Q(name__icontains=value) | Q(pk__in=other_names))

    def filter_post(self, queryset, name, value):
        # Applied once for all three in filter_queryset(), so they match the same membership.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        posts = Membership.objects.all()
        if data.get("organisation") is not None:
            posts = posts.filter(organisation__in=list(data["organisation"]))
        if data.get("post"):
            posts = posts.filter(title__icontains=data["post"])
        if data.get("holds_post_on"):
            posts = posts.held_on(data["holds_post_on"])
        if data.get("organisation") is not None or data.get("post") or data.get("holds_post_on"):
            queryset = queryset.filter(pk__in=posts.values("person_id"))
        return queryset


class MembershipFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Text search over title, person and organisation names."
    )
    person = IdOrSlugFilter(queryset=Person.objects.all(), label="The person, by id or slug.")
    organisation = IdOrSlugFilter(
        queryset=Organisation.objects.all(), label="The organisation, by id or slug."
    )
    title = django_filters.CharFilter(lookup_expr="icontains", label="The post's title contains this text.")
    acting = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        label="Held in an acting capacity: true or false.",
    )
    held_on = django_filters.DateFilter(method="filter_held_on", label="In force on this day, YYYY-MM-DD.")

    class Meta:
        model = Membership
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(any_contains(value, "title", "person__name", "organisation__name"))

    def filter_held_on(self, queryset, name, value):
        return queryset.held_on(value)
