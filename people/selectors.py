"""Reads of people, organisations and posts for the pages."""

from collections import defaultdict
from difflib import SequenceMatcher

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from common.db.counts import count_per_row
from common.db.prefetch import prefetch_list
from common.names import normalise_name
from common.visibility import visible
from people.models import Membership, Person
from sources.models import Citation


def prefetch_posts(prefix=""):
    """The posts (memberships with their organisations) of the people at `prefix`
    (e.g. "person__"), as lists: what Person.title_on(day) reads instead of querying."""
    return prefetch_list(f"{prefix}memberships", Membership.objects.select_related("organisation"))


def _attestation(order):
    """The publication date of the first or last source citing the post (for undated posts)."""
    cited = Citation.objects.filter(
        content_type__app_label=Membership._meta.app_label,
        content_type__model=Membership._meta.model_name,
        object_id=OuterRef("pk"),
        source__published_on__isnull=False,
    )
    return Subquery(cited.order_by(order).values("source__published_on")[:1])


def posts(memberships):
    """Posts with their organisation and person, and `attested_from` / `attested_to`: the dates
    of the sources that attest them, so a post with unknown start or end can be drawn where it
    is known to have been held."""
    return (
        memberships.select_related("person", "organisation")
        .annotate(
            attested_from=_attestation("source__published_on"),
            attested_to=_attestation("-source__published_on"),
        )
        # Undated posts sort where their sources place them, the rest last (same on every database).
        .order_by(Coalesce("start_date", "attested_from").asc(nulls_last=True), "pk")
    )


def people_for_choice(user):
    """Everyone `user` may see, by sort name, with just what a select option needs."""
    return visible(Person.objects.only("name", "slug", "sort_name"), user).order_by("sort_name", "name")


def possible_duplicates():
    """Ids of people who may be one person recorded twice: another person with a post in the same
    country has the same family name (the last word of the name, accents and case ignored) and a
    similar name ("Binyamin Netanyahu" and "Benjamin Netanyahu", "Recep Erdogan" and "Recep Tayyip
    Erdogan"). For the admin's "Possible duplicates" filter; editors merge them in one step."""
    countries = defaultdict(set)
    for person_id, country_id in Membership.objects.filter(organisation__country__isnull=False).values_list(
        "person_id", "organisation__country_id"
    ):
        countries[person_id].add(country_id)
    groups = defaultdict(list)
    for person_id, name in Person.objects.filter(pk__in=list(countries)).values_list("pk", "name"):
        normalised = normalise_name(name)
        if not normalised:
            continue
        for country_id in countries[person_id]:
            groups[country_id, normalised.split()[-1]].append((person_id, normalised))
    duplicates = set()
    for members in groups.values():
        for index, (first, first_name) in enumerate(members):
            for second, second_name in members[index + 1 :]:
                if first != second and SequenceMatcher(None, first_name, second_name).ratio() >= 0.7:
                    duplicates.update((first, second))
    return duplicates


def with_member_counts(organisations, user):
    """Each organisation's `member_count`: the posts held in it that `user` may see."""
    return organisations.annotate(
        member_count=count_per_row(visible(Membership.objects.all(), user), "organisation")
    )
