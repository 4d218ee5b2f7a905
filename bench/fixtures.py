"""Records the benchmarks need in a generated database, added once (idempotent).

- `bench-editor`: a user in the Editors group (sees drafts, like the staff who use the admin);
  `bench-analyst`, in the Analysts group (drafts hidden).
- A heavy person and country (`bench-heavy-*`, HEAVY visits) and a light pair (`bench-light-*`,
  LIGHT visits), so that person and place pages can be compared at the same table size.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.db import transaction

from common.auth.roles import ANALYSTS, EDITORS
from people.models import Membership, Organisation, OrganisationKind, Person
from places.models import Place, PlaceKind
from visits.models import Engagement, Participant, ParticipantRole, Visit, VisitKind, VisitStatus

HEAVY, LIGHT = 5000, 10


def editor():
    return _staff("bench-editor", EDITORS)


def analyst():
    """A user in the Analysts group: reads everything but drafts, in the admin too."""
    return _staff("bench-analyst", ANALYSTS)


def _staff(username, group):
    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    if created:
        user.groups.add(Group.objects.get(name=group))
    return user


def person_and_place(size):
    """The person and the country of the `size`-visit pair, created on first use."""
    name = "heavy" if size == HEAVY else "light"
    existing = Person.objects.filter(slug=f"bench-{name}-person").first()
    if existing:
        return existing, Place.objects.get(slug=f"bench-{name}-land")
    with transaction.atomic():
        place = Place(name=f"Bench {name} land", slug=f"bench-{name}-land", kind=PlaceKind.COUNTRY)
        place.save()
        venue = Place(
            name=f"Bench {name} hall", slug=f"bench-{name}-hall", kind=PlaceKind.VENUE, parent=place
        )
        venue.save()
        government = Organisation.objects.create(
            name=f"Government of bench {name} land",
            slug=f"bench-{name}-government",
            kind=OrganisationKind.GOVERNMENT,
            country=place,
        )
        person = Person.objects.create(name=f"Bench {name.title()} Person", slug=f"bench-{name}-person")
        Membership.objects.create(
            person=person,
            organisation=government,
            title="Minister of Foreign Affairs",
            start_date=datetime.date(1990, 1, 1),
        )
        first = datetime.date(2000, 1, 1)
        visits = Visit.objects.bulk_create(
            Visit(
                title=f"Bench visit {n}",
                slug=f"bench-{name}-v{n}",
                principal=person,
                kind=VisitKind.OFFICIAL,
                host_country=place,
                start_date=first + datetime.timedelta(days=n),
                status=VisitStatus.HELD,
            )
            for n in range(size)
        )
        engagements = Engagement.objects.bulk_create(
            Engagement(visit=visit, sequence=1, title="Talks", venue=venue, host_organisation=government)
            for visit in visits
        )
        Participant.objects.bulk_create(
            Participant(engagement=engagement, person=person, role=ParticipantRole.PRINCIPAL)
            for engagement in engagements
        )
    return person, place
