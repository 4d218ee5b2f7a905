"""Deterministic synthetic data at scale, for benchmarks and load tests.

Rows are generated in chunks and written with PostgreSQL's COPY (or executemany on SQLite),
with ids assigned here so that related rows can point at each other without reading back.
Derived fields (Place.path and .country, Citation offsets) are computed as the models would.
History rows are not written: this is generated data, not edits.
"""

import csv
import datetime
import io
import random
from dataclasses import dataclass, field

import pycountry
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from people.models import Membership, Organisation, OrganisationKind, Person
from places.models import Place, PlaceKind
from sources.models import Citation, Source
from visits import appearances, pairs, tallies
from visits.models import Engagement, Participant, ParticipantRole, Visit, VisitKind, VisitStatus

# Name parts for synthetic people (one string each, split once, to keep the lists compact).
GIVEN = (  # noqa: SIM905
    "Anna Boris Carmen David Elena Farid Giorgi Hana Ivan Jana Karim Lena Marco Nadia Omar Pavel "
    "Rosa Samir Tamar Umar Vera Wei Yusuf Zara Arman Bela Chen Dina Emil Fatima Goran Ines Jonas "
    "Kemal Lucia Mihai Nina Oscar Petra Rustam Sofia Tomas Ulla Viktor Yara Aram Gayane Ruslan Renat"
).split()
FAMILY = (  # noqa: SIM905
    "Abramov Bauer Costa Dimitrov Esposito Fischer Garcia Horvat Ivanova Jensen Kovacs Larsen "
    "Moreau Novak Ortiz Petrov Quinn Rossi Sato Tanaka Usman Varga Weber Xu Yilmaz Zoric Hakobyan "
    "Sargsyan Mammadov Nazarbayev Karimov Lukas Mendes Nielsen Olsen Popescu Rahman Silva Torres"
).split()
TITLES = [
    "President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Minister of Foreign Affairs",
    "Minister of Economy",
    "Minister of Defence",
    "Speaker of Parliament",
    "Ambassador",
]
VENUES = [
    "Government House",
    "Ministry of Foreign Affairs",
    "Parliament",
    "State University",
    "Exhibition Centre",
    "Technology Park",
    "Chamber of Commerce",
    "Memorial Complex",
]
KIND_WEIGHTS = {
    VisitKind.OFFICIAL: 35,
    VisitKind.WORKING: 35,
    VisitKind.STATE: 8,
    VisitKind.MULTILATERAL: 12,
    VisitKind.PRIVATE: 3,
    VisitKind.DOMESTIC: 5,
    VisitKind.OTHER: 2,
}
# Titles name the kind as the first version's fixed choices did (kinds are rows of VisitKind now).
KIND_LABELS = {
    VisitKind.OFFICIAL: "Official visit",
    VisitKind.WORKING: "Working visit",
    VisitKind.STATE: "State visit",
    VisitKind.MULTILATERAL: "Multilateral meeting",
    VisitKind.PRIVATE: "Private visit",
    VisitKind.DOMESTIC: "Domestic visit",
    VisitKind.OTHER: "Other",
}
FIRST_DAY = datetime.date(1995, 1, 1)
DAYS = (datetime.date(2025, 12, 31) - FIRST_DAY).days
CITIES_PER_COUNTRY = 3
SENTENCES_PER_SOURCE = 1000
# Real data is heavy-tailed: a few leaders travel far more than the rest, a few countries receive
# most visits (issue 17). People and countries are drawn with Zipf weights 1/rank**ZIPF: at 1M
# visits the busiest person has tens of thousands of visits and most have a few dozen.
ZIPF = 1.0
TRIP_SHARE = 0.04  # visits that open a trip: a parent visit whose parts follow it
STOP_CITATION_SHARE = 0.3  # stops with a quote of their own
REPEATED_POST_SHARE = 0.4  # a next term in the same post (re-elected, re-appointed)


class HeavyTailed:
    """Draws from `items` with Zipf weights over a seeded shuffle of them (deterministic)."""

    def __init__(self, rng, items):
        self.items = list(items)
        rng.shuffle(self.items)
        total, self.cum_weights = 0.0, []
        for rank in range(1, len(self.items) + 1):
            total += 1 / rank**ZIPF
            self.cum_weights.append(total)

    def draw(self, rng):
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]


class AlreadyGenerated(Exception):
    pass


class TableWriter:
    """Writes rows with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        self.next_ids = {}
        self.counts = {}

    def reserve(self, model, count):
        """Ids for `count` new rows of `model`, above every id in use."""
        if model not in self.next_ids:
            last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self.next_ids[model] = last + 1
        first = self.next_ids[model]
        self.next_ids[model] += count
        return range(first, first + count)

    def write(self, model, columns, rows):
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for row in rows:
                    writer.writerow(["\\N" if value is None else value for value in row])
                buffer.seek(0)
                cursor.cursor.copy_expert(
                    f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
                )
            else:
                by_column = {f.column: f for f in model._meta.concrete_fields}
                fields = [by_column[c] for c in columns]
                values = [
                    [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
                    for row in rows
                ]
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)
        self.counts[model] = self.counts.get(model, 0) + len(rows)

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_ids))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@dataclass
class World:
    """The people, places and organisations that visits are drawn from."""

    countries: list = field(default_factory=list)  # Place ids
    venues_by_country: dict = field(default_factory=dict)
    government_by_country: dict = field(default_factory=dict)
    people: list = field(default_factory=list)
    government_of_person: dict = field(default_factory=dict)  # the body each person serves
    principals: HeavyTailed = None
    hosts: HeavyTailed = None


def generate(*, visits, seed, chunk_size=20_000, progress=print):
    """Add `visits` synthetic visits (and the world they need); the same seed gives the same data."""
    prefix = f"gen{seed}"
    if Visit.objects.filter(slug=f"{prefix}-v1").exists():
        raise AlreadyGenerated(
            f"Data for seed {seed} is already in the database (visit {prefix}-v1); use another --seed."
        )
    rng = random.Random(seed)
    now = timezone.now()
    writer = TableWriter()
    with transaction.atomic():
        world = _generate_world(rng, writer, prefix, now, people=max(200, visits // 50))
        progress(
            f"world: {len(world.countries)} countries, {len(world.people)} people, "
            f"{sum(len(v) for v in world.venues_by_country.values())} venues"
        )
        done = 0
        while done < visits:
            count = min(chunk_size, visits - done)
            _generate_visits(rng, writer, world, prefix, now, first_number=done + 1, count=count)
            done += count
            progress(f"visits: {done:,}/{visits:,}")
        writer.reset_sequences()
        # Rows written in bulk send no signals: the new visits' appearances, one statement per kind,
        # their share of who met whom, and every person's and place's visits counted.
        last = writer.next_ids[Visit] - 1
        appearances.rebuild(between=(last - visits + 1, last))
        pairs.rebuild(between=(last - visits + 1, last))
        tallies.rebuild()
    return writer.counts


def _generate_world(rng, writer, prefix, now, *, people):
    stamp = (now, now)
    world = World()
    existing = dict(Place.objects.filter(kind=PlaceKind.COUNTRY).values_list("iso_code", "pk"))
    taken_slugs = set(Place.objects.values_list("slug", flat=True))
    new_countries = [c for c in pycountry.countries if c.alpha_2 not in existing]
    place_columns = [
        "id",
        "name",
        "slug",
        "kind",
        "parent_id",
        "iso_code",
        "wikidata_id",
        "description",
        "country_id",
        "path",
        "created_at",
        "updated_at",
    ]
    rows = []
    for country, pk in zip(new_countries, writer.reserve(Place, len(new_countries)), strict=True):
        name = getattr(country, "common_name", country.name)
        slug = (
            slugify(name)
            if slugify(name) not in taken_slugs
            else f"{slugify(name)}-{country.alpha_2.lower()}"
        )
        rows.append([pk, name, slug, PlaceKind.COUNTRY, None, country.alpha_2, "", "", pk, f"/{pk}/", *stamp])
        existing[country.alpha_2] = pk
    writer.write(Place, place_columns, rows)
    world.countries = sorted(existing.values())
    names = dict(Place.objects.filter(pk__in=world.countries).values_list("pk", "name"))

    rows = []
    city_ids = iter(writer.reserve(Place, len(world.countries) * CITIES_PER_COUNTRY))
    venue_ids = iter(writer.reserve(Place, len(world.countries) * CITIES_PER_COUNTRY * len(VENUES)))
    for country_id in world.countries:
        venues = world.venues_by_country[country_id] = []
        for n in range(1, CITIES_PER_COUNTRY + 1):
            city_id = next(city_ids)
            city_path = f"/{country_id}/{city_id}/"
            rows.append(
                [
                    city_id,
                    f"{names[country_id]} City {n}",
                    f"{prefix}-city-{city_id}",
                    PlaceKind.CITY,
                    country_id,
                    "",
                    "",
                    "",
                    country_id,
                    city_path,
                    *stamp,
                ]
            )
            for venue in VENUES:
                venue_id = next(venue_ids)
                rows.append(
                    [
                        venue_id,
                        venue,
                        f"{prefix}-venue-{venue_id}",
                        PlaceKind.VENUE,
                        city_id,
                        "",
                        "",
                        "",
                        country_id,
                        f"{city_path}{venue_id}/",
                        *stamp,
                    ]
                )
                venues.append(venue_id)
    writer.write(Place, place_columns, rows)

    org_columns = [
        "id",
        "name",
        "slug",
        "abbreviation",
        "kind",
        "parent_id",
        "country_id",
        "seat_id",
        "wikidata_id",
        "description",
        "created_at",
        "updated_at",
    ]
    rows = []
    for country_id, org_id in zip(
        world.countries, writer.reserve(Organisation, len(world.countries)), strict=True
    ):
        rows.append(
            [
                org_id,
                f"Government of {names[country_id]}",
                f"{prefix}-government-{org_id}",
                "",
                OrganisationKind.GOVERNMENT,
                None,
                country_id,
                None,
                "",
                "",
                *stamp,
            ]
        )
        world.government_by_country[country_id] = org_id
    writer.write(Organisation, org_columns, rows)

    person_columns = [
        "id",
        "name",
        "slug",
        "given_name",
        "family_name",
        "sort_name",
        "wikidata_id",
        "summary",
        "created_at",
        "updated_at",
    ]
    membership_columns = [
        "id",
        "person_id",
        "organisation_id",
        "title",
        "title_as_stated",
        "acting",
        "attested",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "created_at",
        "updated_at",
    ]
    person_rows, membership_rows = [], []
    for person_id in writer.reserve(Person, people):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        person_rows.append(
            [
                person_id,
                f"{given} {family}",
                f"{prefix}-person-{person_id}",
                given,
                family,
                f"{family}, {given}",
                "",
                "",
                *stamp,
            ]
        )
        world.people.append(person_id)
        government = world.government_by_country[rng.choice(world.countries)]
        world.government_of_person[person_id] = government
        start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS - 3000))
        title = rng.choice(TITLES)
        for term in range(rng.randint(1, 3)):
            end = start + datetime.timedelta(days=rng.randint(300, 2500))
            precision = rng.choice(["day", "day", "month", "year"])
            start_value = {"day": start, "month": start.replace(day=1), "year": start.replace(month=1, day=1)}
            if term and rng.random() >= REPEATED_POST_SHARE:
                title = rng.choice(TITLES)
            membership_rows.append(
                [
                    None,
                    person_id,
                    government,
                    title,
                    "",
                    rng.random() < 0.1,
                    False,
                    start_value[precision],
                    precision,
                    end,
                    "day",
                    *stamp,
                ]
            )
            start = end + datetime.timedelta(days=1)
    writer.write(Person, person_columns, person_rows)
    world.principals = HeavyTailed(rng, world.people)
    world.hosts = HeavyTailed(rng, world.countries)
    for row, pk in zip(membership_rows, writer.reserve(Membership, len(membership_rows)), strict=True):
        row[0] = pk
    writer.write(Membership, membership_columns, membership_rows)
    return world


def _generate_visits(rng, writer, world, prefix, now, *, first_number, count):
    stamp = (now, now)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    visit_type = ContentType.objects.get_for_model(Visit).pk
    stop_type = ContentType.objects.get_for_model(Engagement).pk
    visit_rows, engagement_rows, participant_rows, citation_rows, source_rows = [], [], [], [], []
    visit_ids = writer.reserve(Visit, count)
    sentences = []
    trip = None  # (parent id, principal, first day, parts left, day of the last part)
    for number, visit_id in zip(range(first_number, first_number + count), visit_ids, strict=True):
        country = world.hosts.draw(rng)
        parent = None
        if trip is not None:
            # A part of the open trip: the trip's principal, a day of the trip, in order.
            parent, principal, trip_start, left, last = trip
            start = last + datetime.timedelta(days=1)
            precision, end_value = "day", None
            trip = (parent, principal, trip_start, left - 1, start) if left > 1 else None
        elif rng.random() < TRIP_SHARE:
            # A trip: this visit is the parent, the next 2-4 visits its parts, within its days.
            principal = world.principals.draw(rng)
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS - 10))
            parts = rng.randint(2, 4)
            precision, end_value = "day", start + datetime.timedelta(days=parts + 1)
            trip = (visit_id, principal, start, parts, start)
        else:
            principal = world.principals.draw(rng)
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
            roll = rng.random()
            precision = "day" if roll < 0.9 else "month" if roll < 0.97 else "year"
            if precision == "day":
                end = start + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 3]))
                end_value = end if end != start else None
            else:
                start = start.replace(day=1) if precision == "month" else start.replace(month=1, day=1)
                end_value = None
        roll = rng.random()
        status = (
            VisitStatus.HELD if roll < 0.95 else VisitStatus.PLANNED if roll < 0.98 else VisitStatus.DRAFT
        )
        kind = rng.choices(kinds, weights)[0]
        title = f"{KIND_LABELS[kind]} {number}"
        visit_rows.append(
            [
                visit_id,
                title,
                f"{prefix}-v{number}",
                principal,
                kind,
                country,
                start,
                precision,
                False,
                end_value,
                "day",
                False,
                "",
                "",
                status,
                parent,
                *stamp,
            ]
        )
        sentences.append(
            (
                visit_type,
                visit_id,
                f"Visit {number} by person {principal} began on {start.isoformat()}.",
                start,
            )
        )

        others = [p for p in (world.principals.draw(rng) for _ in range(4)) if p != principal]
        venues = world.venues_by_country[country]
        for sequence in range(1, rng.randint(1, 8) + 1):
            engagement_id = writer.reserve(Engagement, 1)[0]
            day = None
            if precision == "day":
                day = start + datetime.timedelta(days=min(sequence // 3, ((end_value or start) - start).days))
            start_time = (
                datetime.time(rng.randint(8, 17), rng.choice([0, 30])) if rng.random() < 0.5 else None
            )
            engagement_rows.append(
                [
                    engagement_id,
                    visit_id,
                    sequence,
                    f"Meeting {sequence}",
                    day,
                    False,
                    start_time,
                    None,
                    rng.choice(venues),
                    world.government_by_country[country],
                    "",
                    "",
                    *stamp,
                ]
            )
            if rng.random() < STOP_CITATION_SHARE:
                sentences.append(
                    (stop_type, engagement_id, f"Meeting {sequence} of visit {number} took place.", start)
                )
            participants = [(principal, ParticipantRole.PRINCIPAL)]
            participants += [
                (p, ParticipantRole.HOST if i == 0 else ParticipantRole.COUNTERPART)
                for i, p in enumerate(others[: rng.randint(0, 2)])
            ]
            for person, role in participants:
                # Most participants are named with the body they represent.
                body = world.government_of_person.get(person) if rng.random() < 0.7 else None
                participant_rows.append([None, engagement_id, person, "", role, "", body, *stamp])

    for start in range(0, len(sentences), SENTENCES_PER_SOURCE):
        batch = sentences[start : start + SENTENCES_PER_SOURCE]
        source_id = writer.reserve(Source, 1)[0]
        text, offset = [], 0
        for content_type, object_id, sentence, _ in batch:
            citation_rows.append(
                [
                    None,
                    source_id,
                    content_type,
                    object_id,
                    "",
                    sentence,
                    offset,
                    offset + len(sentence),
                    "",
                    *stamp,
                ]
            )
            text.append(sentence)
            offset += len(sentence) + 1
        full_text = " ".join(text)
        source_rows.append(
            [
                source_id,
                f"{prefix}-source-{source_id}",
                f"Synthetic report {source_id}",
                "",
                "Synthetic press office",
                batch[0][3],
                "en",
                full_text,
                Source.hash_text(full_text),
                *stamp,
            ]
        )

    writer.write(
        Visit,
        [
            "id",
            "title",
            "slug",
            "principal_id",
            "kind",
            "host_country_id",
            "start_date",
            "start_precision",
            "start_about",
            "end_date",
            "end_precision",
            "end_about",
            "purpose",
            "summary",
            "status",
            "parent_id",
            "created_at",
            "updated_at",
        ],
        visit_rows,
    )
    writer.write(
        Engagement,
        [
            "id",
            "visit_id",
            "sequence",
            "title",
            "date",
            "date_about",
            "start_time",
            "end_time",
            "venue_id",
            "host_organisation_id",
            "description",
            "outcome",
            "created_at",
            "updated_at",
        ],
        engagement_rows,
    )
    for row, pk in zip(participant_rows, writer.reserve(Participant, len(participant_rows)), strict=True):
        row[0] = pk
    writer.write(
        Participant,
        [
            "id",
            "engagement_id",
            "person_id",
            "name_as_stated",
            "role",
            "title_as_stated",
            "organisation_id",
            "created_at",
            "updated_at",
        ],
        participant_rows,
    )
    writer.write(
        Source,
        [
            "id",
            "slug",
            "title",
            "url",
            "publisher",
            "published_on",
            "language",
            "text",
            "content_hash",
            "created_at",
            "updated_at",
        ],
        source_rows,
    )
    for row, pk in zip(citation_rows, writer.reserve(Citation, len(citation_rows)), strict=True):
        row[0] = pk
    writer.write(
        Citation,
        [
            "id",
            "source_id",
            "content_type_id",
            "object_id",
            "field",
            "quote",
            "start",
            "end",
            "note",
            "created_at",
            "updated_at",
        ],
        citation_rows,
    )
