"""Records the benchmarks need in a generated database, added once (idempotent).

- `bench-editor`: a user in the Editors group (sees drafts, like the staff who use the admin);
  `bench-analyst`, in the Analysts group (drafts hidden).
- A heavy person and country (`bench-heavy-*`, HEAVY visits) and a light pair (`bench-light-*`,
  LIGHT visits), so that person and place pages can be compared at the same table size; each
  visit has 4 or 5 stops (STOPS) at venues of a city of the country, the person at every stop.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.db import transaction

from common.auth.roles import ANALYSTS, EDITORS
from people.models import Membership, Organisation, OrganisationKind, Person
from places.models import Place, PlaceKind
from visits import appearances
from visits.models import Engagement, Participant, ParticipantRole, Visit, VisitKind, VisitStatus

HEAVY, LIGHT = 5000, 10
# Stops per visit, alternately: 4.5 on average, as in real visits, each with the person taking
# part, so the heavy person has 22,500 participations (issue 17: one stop per visit flattered
# the person page).
STOPS = (4, 5)


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
        city = Place(name=f"Bench {name} city", slug=f"bench-{name}-city", kind=PlaceKind.CITY, parent=place)
        city.save()
        venues = []
        for n in range(max(STOPS)):
            venue = Place(
                name=f"Bench {name} hall {n}",
                slug=f"bench-{name}-hall-{n}",
                kind=PlaceKind.VENUE,
                parent=city,
            )
            venue.save()
            venues.append(venue)
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
            Engagement(
                visit=visit, sequence=s + 1, title="Talks", venue=venues[s], host_organisation=government
            )
            for n, visit in enumerate(visits)
            for s in range(STOPS[n % len(STOPS)])
        )
        Participant.objects.bulk_create(
            Participant(engagement=engagement, person=person, role=ParticipantRole.PRINCIPAL)
            for engagement in engagements
        )
        # Bulk rows send no signals: their appearances rows (visits.appearances).
        appearances.refresh(visit.pk for visit in visits)
    return person, place
