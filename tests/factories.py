"""factory-boy factories for every domain model; one shared set for the whole suite."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from common.auth.roles import ANALYSTS, EDITORS
from people.models import Membership, Organisation, OrganisationKind, Person, PersonName
from places.models import Place, PlaceFact, PlaceFactKind, PlaceKind
from sources.models import Citation, Identifier, Source
from visits.models import Engagement, Participant, ParticipantRole, Visit, VisitKind, VisitStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # the groups hook saves what it changes

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


def editor(**kwargs):
    return UserFactory(username="editor", is_staff=True, groups=[EDITORS], **kwargs)


def analyst(**kwargs):
    return UserFactory(username="analyst", is_staff=True, groups=[ANALYSTS], **kwargs)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Press release {n}")
    publisher = "Government press office"
    published_on = datetime.date(2021, 4, 30)
    language = "en"
    text = "The minister visited the city. The mayor presented the plans."


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("iso_code",)

    kind = PlaceKind.COUNTRY
    iso_code = "FR"
    name = factory.LazyAttribute(lambda p: f"Country {p.iso_code}")
    slug = factory.LazyAttribute(lambda p: f"country-{p.iso_code.lower()}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    kind = PlaceKind.CITY
    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    parent = factory.SubFactory(CountryFactory)


class PlaceFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceFact

    place = factory.SubFactory(PlaceFactory)
    kind = PlaceFactKind.POPULATION
    value = 1000
    unit = "inhabitants"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ministry {n}")
    slug = factory.Sequence(lambda n: f"ministry-{n}")
    kind = OrganisationKind.MINISTRY
    country = factory.SubFactory(CountryFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    name = factory.LazyAttribute(lambda p: f"{p.given_name} {p.family_name}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")
    language = "ru"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Minister"
    start_date = datetime.date(2020, 1, 1)


class VisitKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kind_{n}")
    name = factory.LazyAttribute(lambda k: k.code.replace("_", " ").capitalize())


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    title = factory.Sequence(lambda n: f"Visit {n}")
    slug = factory.Sequence(lambda n: f"visit-{n}")
    principal = factory.SubFactory(PersonFactory)
    kind = VisitKind.OFFICIAL
    host_country = factory.SubFactory(CountryFactory)
    start_date = datetime.date(2021, 4, 30)
    status = VisitStatus.HELD


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    visit = factory.SubFactory(VisitFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    venue = factory.SubFactory(PlaceFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    engagement = factory.SubFactory(EngagementFactory)
    person = factory.SubFactory(PersonFactory)
    role = ParticipantRole.HOST


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    content_object = factory.SubFactory(VisitFactory)
    quote = "The minister visited the city."


class IdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Identifier

    record = factory.SubFactory(PersonFactory)
    scheme = "historian-person"
    value = factory.Sequence(lambda n: f"person-{n}")
