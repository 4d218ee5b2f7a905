"""Writing one Historian file as records, through the one write path.

Records are found again by identifier first (the data set's own ids: a person's `who`, a trip's
or visit's id, a presidency's number, a pocom principal's id), then by normalised name and
country. A record whose values are unchanged is not written. A field changed since the importer
last wrote it (by an editor, a merge, another importer) is kept and reported, unless `overwrite`.

New rows are written in bulk: `bulk_create`, then their creation history rows as
simple-history writes them (importers.historian.bulk), with the import's reason. Measured with
bench/historian_import.py on 2 shared cores: record by record through save_record(), one trip
with its stops, citations and identifier took ~70 ms, so the 7,526 visits alone ~9 minutes; in
bulk the whole set (people, posts, places and the ledger included) takes ~16 s of CPU.
Each bulk row is validated as save_record() would validate it (full_clean(), less the foreign
keys, set from rows just read, and the uniqueness checks, which the importer's own indexes
make), and each citation's offsets are verified against the source text before it is written.
Sources, other names, the people and places made one at a time, and every update go through
save_record() (by way of the ledger, importers.provenance).
"""

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from common.partial_dates import DatePrecision, parse_partial_date
from importers.historian.bulk import insert_history
from importers.historian.errors import HistorianError
from importers.historian.mapping import normalise
from importers.provenance import DELETED, ImportLedger
from people.models import Membership, Organisation, OrganisationKind, Person, PersonName
from places.models import Place, PlaceKind, PlaceName
from sources.models import Citation, Identifier, Source
from visits import appearances
from visits.models import Engagement, Visit, VisitKind, VisitStatus

REASON = "import_historian"

# Identifier schemes: the data set's own ids.
PERSON_ID = "historian-person"
COUNTRY_ID = "historian-country"
TRIP_ID = "historian-trip"
VISIT_ID = "historian-visit"
PRESIDENCY_ID = "historian-presidency"
POCOM_ID = "historian-pocom"

# The fields each kind of record gets from the files; others are the editors' alone.
VISIT_FIELDS = (
    "title",
    "principal_id",
    "principal_country_id",
    "kind",
    "host_country_id",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "summary",
    "status",
)
ENGAGEMENT_FIELDS = ("title", "venue_id")
MEMBERSHIP_FIELDS = (
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
)


# What the ledger (importers.provenance) remembers of each record created in bulk: the fields the
# import sets, by the names update() gives them, so an editor's later change to any is seen.
# Citations are left out (20,000 ledger rows, a tenth of the import's time): the importer only
# ever moves a citation's offsets when its file changed upstream, and the ledger's rule for a
# field it has no value for keeps a citation an editor changed (its history names a user).
REMEMBERED = {
    Visit: ("slug", *VISIT_FIELDS),
    Engagement: ("visit_id", "sequence", *ENGAGEMENT_FIELDS),
    Membership: MEMBERSHIP_FIELDS,
    Person: ("name", "slug"),
    Place: ("name", "kind", "parent_id", "iso_code", "slug"),
    Organisation: ("name", "kind", "country_id", "parent_id", "abbreviation", "slug"),
}


@dataclass
class FileResult:
    filename: str
    counts: dict = field(default_factory=dict)  # model label -> Counter
    kept: list = field(default_factory=list)  # "visits.Visit <slug> (summary)"
    warnings: list = field(default_factory=list)

    def count(self, model, outcome, number=1):
        self.counts.setdefault(model._meta.label, Counter())[outcome] += number

    def lines(self):
        rows = [f"{self.filename}:"]
        for label, counter in sorted(self.counts.items()):
            rows.append(
                f"  {label}: {counter['created']} created, {counter['updated']} updated, "
                f"{counter['unchanged']} unchanged, {counter['kept']} kept-edited"
            )
        rows.extend(f"  {line}" for line in self.kept_lines())
        return rows

    def kept_lines(self):
        """What an editor should know: fields kept against the file, and warnings."""
        rows = []
        if self.kept:
            rows.append(
                f"kept {len(self.kept)} field(s) edited since the last import: " + "; ".join(self.kept)
            )
        rows.extend(f"warning: {line}" for line in self.warnings)
        return rows


@dataclass
class Pending:
    """Rows to create in bulk at the end of a file, with what hangs off each once it has an id."""

    visits: list = field(default_factory=list)
    engagements: list = field(default_factory=list)  # (engagement, visit key)
    memberships: list = field(default_factory=list)
    identifiers: list = field(default_factory=list)  # (model, record or (kind, key), scheme, value)
    citations: list = field(default_factory=list)  # (record getter, start, end)


class Writer:
    """State shared by the files of one run: what exists, by identifier and by name."""

    def __init__(self, mapping, *, overwrite=False):
        self.mapping = mapping
        self.overwrite = overwrite
        # What this importer last wrote to each record (the editors' rule: importers.provenance).
        self.ledger = ImportLedger("historian", overwrite=overwrite)
        self.keys = {}  # id(record) -> the importer's own key for a record created in bulk
        self.types = ContentType.objects.get_for_models(
            Person, Place, Organisation, Visit, Membership, Engagement
        )
        self.identifiers = {}  # (model, scheme, value) -> id
        for ct_id, object_id, scheme, value in Identifier.objects.filter(
            scheme__startswith="historian-"
        ).values_list("content_type_id", "object_id", "scheme", "value"):
            model = ContentType.objects.get_for_id(ct_id).model_class()
            self.identifiers[model, scheme, value] = object_id
        self.slugs = {
            model: set(model.objects.values_list("slug", flat=True))
            for model in (Person, Place, Organisation, Visit, Source)
        }
        self.kinds = {code for code, _name in VisitKind.choices()}
        self._load_places()
        self._load_people()
        self.organisations = {}  # (country id or None, normalised name) -> Organisation
        for organisation in Organisation.objects.all():
            self.organisations[organisation.country_id, normalise(organisation.name)] = organisation
        self.membership_rows = Membership.objects.in_bulk()
        self.memberships = {_membership_key(m): m.pk for m in self.membership_rows.values()}

    # --- indexes -----------------------------------------------------------------------------

    def _load_places(self):
        self.countries_by_code = {}
        self.countries_by_name = {}
        self.places = {}  # (country id, normalised name) -> Place, for places below a country
        by_id = {}
        for place in Place.objects.all():
            by_id[place.pk] = place
            if place.kind == PlaceKind.COUNTRY:
                if place.iso_code:
                    self.countries_by_code[place.iso_code] = place
                self.countries_by_name.setdefault(normalise(place.name), place)
            else:
                self.places.setdefault((place.country_id, normalise(place.name)), place)
        for place_id, name in PlaceName.objects.values_list("place_id", "name"):
            place = by_id.get(place_id)
            if place is None:
                continue
            if place.kind == PlaceKind.COUNTRY:
                self.countries_by_name.setdefault(normalise(name), place)
            else:
                self.places.setdefault((place.country_id, normalise(name)), place)
        self.places_by_id = by_id

    def _load_people(self):
        self.people_by_name = defaultdict(set)
        for pk, name in Person.objects.values_list("pk", "name"):
            self.people_by_name[normalise(name)].add(pk)
        for pk, name in PersonName.objects.values_list("person_id", "name"):
            self.people_by_name[normalise(name)].add(pk)
        self.person_countries = defaultdict(set)
        for pk, country in Membership.objects.filter(organisation__country__isnull=False).values_list(
            "person_id", "organisation__country_id"
        ):
            self.person_countries[pk].add(country)
        for pk, country in Visit.objects.filter(principal_country__isnull=False).values_list(
            "principal_id", "principal_country_id"
        ):
            self.person_countries[pk].add(country)
        self.person_names = defaultdict(set)  # id -> normalised names (name and other names)
        for name, ids in self.people_by_name.items():
            for pk in ids:
                self.person_names[pk].add(name)

    def new_slug(self, model, text, *suffixes):
        """A slug for a new record, unique among its model's: `text`, then with each suffix."""
        base = slugify(text)[:150].strip("-") or model._meta.model_name
        taken = self.slugs[model]
        for candidate in (base, *(f"{base}-{slugify(str(s))}"[:190] for s in suffixes if s)):
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        taken.add(f"{base}-{number}")
        return f"{base}-{number}"

    # --- one file ----------------------------------------------------------------------------

    def write(self, hfile, *, relname, provenance):
        """Write one parsed file; the caller holds the transaction. Returns a FileResult."""
        result = FileResult(filename=relname)
        self.result = result
        kept_before, deleted_before = len(self.ledger.kept), len(self.ledger.deleted)
        self.reason = f"{REASON} {relname}"
        self.file = hfile
        self.source = self.upsert_source(hfile, provenance)
        self.existing_citations = defaultdict(list)
        for citation in Citation.objects.filter(source=self.source).only(
            "pk", "content_type_id", "object_id", "start", "end", "quote", "field"
        ):
            self.existing_citations[citation.content_type_id, citation.object_id].append(citation)
        self.pending = Pending()
        self.cited_once = set()
        self.prefetch(hfile)
        handler = {
            "travels": self.write_trips,
            "visits": self.write_visits,
            "presidents": self.write_presidents,
            "pocom": self.write_pocom,
        }[hfile.kind]
        handler(hfile)
        self.flush()
        self.ledger.flush()
        result.kept = [f"{label} ({', '.join(names)})" for label, names in self.ledger.kept[kept_before:]]
        result.kept += [f"{label} (deleted)" for label in self.ledger.deleted[deleted_before:]]
        return result

    def prefetch(self, hfile):
        """The visits this file's records already are, with their stops, in two queries."""
        scheme = {"travels": TRIP_ID, "visits": VISIT_ID}.get(hfile.kind)
        self.visit_rows, self.stop_rows = {}, defaultdict(dict)
        if scheme is None:
            return
        ids = [self.identifiers.get((Visit, scheme, element.text("id"))) for element in hfile.elements]
        self.visit_rows = Visit.objects.in_bulk([pk for pk in ids if pk is not None])
        for engagement in Engagement.objects.filter(visit_id__in=list(self.visit_rows)):
            self.stop_rows[engagement.visit_id][engagement.sequence] = engagement

    def error(self, element, path, message):
        record = element.text("id") or element.attrs.get("n", "?")
        raise HistorianError([f"{self.result.filename}: record {record}, field {path}: {message}"])

    # --- sources -----------------------------------------------------------------------------

    def upsert_source(self, hfile, provenance):
        slug = provenance["slug"]
        source = Source.objects.filter(slug=slug).first()
        values = {
            "title": provenance["title"],
            "url": provenance["url"],
            "publisher": self.mapping.config["publisher"],
            "published_on": provenance["published_on"],
            "language": "en",
            "text": hfile.text,
        }
        if source is None:
            self.slugs[Source].add(slug)
            return self.save(Source(slug=slug), values, key={"slug": slug})
        return self.update(source, values)

    # --- generic create / update with the kept-edited rule ------------------------------------

    def save(self, record, values, *, key=None):
        """Create `record` with `values` through save_record (and the ledger)."""
        return self.update(record, values, key=key)

    def update(self, record, values, *, key=None):
        """Write the fields of `values` that differ, but those changed since this importer last
        wrote them (kept and reported: importers.provenance), through save_record."""
        created = record.pk is None
        kept_before = len(self.ledger.kept)
        # Derived, non-editable fields (a place's path, a source's hash) are set on save.
        derived = [f.name for f in record._meta.concrete_fields if not f.editable]
        try:
            outcome = self.ledger.save(record, values, key=key, reason=self.reason, exclude=derived)
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in messages.items())
            raise HistorianError(
                [f"{self.result.filename}: {record._meta.verbose_name} {record}: {details}"]
            ) from None
        if len(self.ledger.kept) > kept_before:
            self.result.count(type(record), "kept")
        if outcome != "unchanged" or len(self.ledger.kept) == kept_before:
            self.result.count(type(record), outcome)
        if created:
            assert outcome == "created"
        return record

    # --- places -------------------------------------------------------------------------------

    def home_country(self):
        if getattr(self, "_home", None) is None:
            home = self.mapping.config["home_country"]
            self._home = self.country_place(code=home["code"], name=home["name"], historian_id=None)
        return self._home

    def country(self, element, path):
        """The country (and region, if the mapping names one) of a <country>/<from> element."""
        value = element.value(path)
        if value is None or not value.attrs.get("id"):
            self.error(element, path, "no country id")
        historian_id, label = value.attrs["id"], value.text
        rule = self.mapping.country_rule(historian_id, label)
        if rule is None:
            self.result.warnings.append(
                f"country id {historian_id!r} ({label}) is not in importers/historian/mapping/countries.csv: "
                f"matched or made by its label"
            )
            country = self.country_place(code="", name=label, historian_id=historian_id)
            return country, None
        country = self.country_place(
            code=rule.code,
            name=rule.name,
            historian_id=historian_id if not rule.label else None,
            other_names=rule.other_names,
        )
        region = self.region(country, rule.region) if rule.region else None
        return country, region

    def country_place(self, *, code, name, historian_id, other_names=()):
        place = None
        if historian_id and (Place, COUNTRY_ID, historian_id) in self.identifiers:
            place = self.places_by_id.get(self.identifiers[Place, COUNTRY_ID, historian_id])
        if place is None and code:
            place = self.countries_by_code.get(code)
        if place is None:
            place = self.countries_by_name.get(normalise(name))
        if place is None:
            place = Place(
                name=name, kind=PlaceKind.COUNTRY, iso_code=code, slug=self.new_slug(Place, name, code)
            )
            self.create_places([(name, None, PlaceKind.COUNTRY, None)], places=[place])
            if code:
                self.countries_by_code[code] = place
            self.countries_by_name[normalise(name)] = place
        if historian_id and (Place, COUNTRY_ID, historian_id) not in self.identifiers:
            self.add_identifier(place, COUNTRY_ID, historian_id)
        for other in other_names:
            if self.countries_by_name.get(normalise(other)) is place:
                continue
            if not PlaceName.objects.filter(place=place, name=other, language="").exists():
                note = "name in the Office of the Historian's data"
                self.save(PlaceName(place=place), {"name": other, "note": note})
            self.countries_by_name[normalise(other)] = place
        return place

    def region(self, country, name):
        return self.place_below(country, name, kind=PlaceKind.REGION)

    def place_below(self, parent, name, *, kind=PlaceKind.UNKNOWN, cite=None):
        """The place of this name in `parent`'s country (its name or an other name), else a new one
        below `parent` of `kind` ("unknown kind" for a locale the data does not describe)."""
        key = (parent.country_id, normalise(name))
        place = self.places.get(key)
        if place is None:
            self.create_places([(name, parent, kind, None)])
            place = self.places[key]
            if cite is not None:
                self.cite(place, *cite)
        return place

    # --- organisations ------------------------------------------------------------------------

    def organisation(self, name, *, country, kind, parent=None, abbreviation=""):
        key = (country.pk if country else None, normalise(name))
        organisation = self.organisations.get(key)
        if organisation is None:
            organisation = Organisation(
                name=name,
                slug=self.new_slug(Organisation, name),
                kind=kind,
                country=country,
                parent=parent,
                abbreviation=abbreviation,
            )
            self.validate(organisation, None)
            self.keys[id(organisation)] = {"organisation": key[1], "country": key[0]}
            self.bulk(Organisation, [organisation])
            self.organisations[key] = organisation
        return organisation

    def government(self, country):
        template = self.mapping.config["organisations"]["government"]["name"]
        return self.organisation(
            template.format(country=country.name), country=country, kind=OrganisationKind.GOVERNMENT
        )

    def home_government(self):
        config = self.mapping.config["organisations"]["home_government"]
        return self.organisation(
            config["name"], country=self.home_country(), kind=OrganisationKind.GOVERNMENT
        )

    def state_department(self):
        config = self.mapping.config["organisations"]["state_department"]
        return self.organisation(
            config["name"],
            country=self.home_country(),
            kind=OrganisationKind.MINISTRY,
            parent=self.home_government(),
            abbreviation=config.get("abbreviation", ""),
        )

    # --- people -------------------------------------------------------------------------------

    def person_by_id(self, historian_id, *, stated_name=None, cite=None):
        """The person the data set's id names (creating them if new), with `stated_name` as their
        name or, when they already have another, as an other name."""
        ids = [historian_id, self.mapping.same_person(historian_id)]
        person_id = next(
            (
                self.identifiers[Person, PERSON_ID, i]
                for i in ids
                if (Person, PERSON_ID, i) in self.identifiers
            ),
            None,
        )
        name = stated_name or self.mapping.person_name(historian_id)
        if person_id is None:
            candidates = [
                pk
                for pk in self.people_by_name.get(normalise(name), ())
                if self.home_country().pk in self.person_countries[pk]
            ]
            person_id = min(candidates) if candidates else None
        if person_id is None:
            person = self.create_person(name, suffix=historian_id)
        else:
            person = Person.objects.get(pk=person_id)
            if stated_name:
                self.name_person(person, stated_name, historian_id)
        if cite is not None:
            self.cite_once(person, *cite)
        for i in dict.fromkeys(ids):
            if (Person, PERSON_ID, i) not in self.identifiers:
                self.add_identifier(person, PERSON_ID, i)
        self.person_countries[person.pk].add(self.home_country().pk)
        return person

    def name_person(self, person, stated_name, historian_id):
        """A stated name for a known person: their name if theirs was only derived from the id
        (and not edited since), else an other name if it is a new spelling. Never a flip."""
        if normalise(stated_name) in self.person_names[person.pk]:
            return
        if person.name == self.mapping.person_name(historian_id):
            self.update(person, {"name": stated_name, "sort_name": ""})
            self.remember_name(person, stated_name)
            return
        note = "spelling in the Office of the Historian's data"
        self.save(PersonName(person=person), {"name": stated_name, "note": note})
        self.remember_name(person, stated_name)

    def remember_name(self, person, name):
        self.people_by_name[normalise(name)].add(person.pk)
        self.person_names[person.pk].add(normalise(name))

    def create_person(self, name, *, suffix=None):
        values = {"name": name, "slug": self.new_slug(Person, name, suffix)}
        person = self.save(Person(), values, key={"person": suffix})
        self.remember_name(person, name)
        return person

    def find_person(self, name, country):
        """A visitor: the person of this name (or other name) from this country, or None."""
        candidates = [
            pk
            for pk in self.people_by_name.get(normalise(name), ())
            if country.pk in self.person_countries[pk]
        ]
        return min(candidates) if candidates else None

    def create_people(self, specs):
        """New visitors in bulk: `specs` is [(name, country)]; each is validated as save_record()
        would, then written with its history row. Returns their ids in order."""
        people = []
        for name, country in specs:
            person = Person(name=name, sort_name=name, slug=self.new_slug(Person, name, country.slug))
            self.validate(person, None)
            self.keys[id(person)] = {"visitor": normalise(name), "country": country.pk}
            people.append(person)
        self.bulk(Person, people)
        for person, (name, country) in zip(people, specs, strict=True):
            self.remember_name(person, name)
            self.person_countries[person.pk].add(country.pk)
        return [person.pk for person in people]

    def create_places(self, specs, places=None):
        """New places in bulk: `specs` is [(name, parent or None for a country, kind, citation
        span)], or `places` already made for them.

        As Place.save() does for one place: the row first, then its path and country (which hold
        its own id), then one history row of the finished place."""
        if places is None:
            places = [
                Place(name=name, kind=kind, parent=parent, slug=self.new_slug(Place, name, parent.slug))
                for name, parent, kind, _span in specs
            ]
        for place in places:
            self.validate(place, None)
        if not places:
            return
        try:
            with transaction.atomic():
                Place.objects.bulk_create(places, batch_size=500)
        except IntegrityError as exc:
            raise HistorianError([f"{self.result.filename}: places refused by the database: {exc}"]) from None
        for place, (_name, parent, _kind, span) in zip(places, specs, strict=True):
            place.path = f"{parent.path if parent else '/'}{place.pk}/"
            place.country_id = parent.country_id if parent else place.pk
            if parent is None:
                self.places_by_id[place.pk] = place
                if place.iso_code:
                    self.countries_by_code[place.iso_code] = place
                self.countries_by_name[normalise(place.name)] = place
            else:
                self.places[place.country_id, normalise(place.name)] = place
            self.places_by_id[place.pk] = place
            if span is not None:
                self.cite(place, *span)
        Place.objects.bulk_update(places, ["path", "country"], batch_size=500)
        insert_history(Place, places, reason=self.reason)
        self.remember(Place, places)
        self.result.count(Place, "created", len(places))

    def remember(self, model, records):
        """Tell the ledger what the import wrote to these new records (see REMEMBERED)."""
        fields = REMEMBERED.get(model)
        if fields is None:
            return
        for record in records:
            values = {name: getattr(record, name) for name in fields}
            key = self.keys.pop(id(record), None)
            if key is not None and self.ledger.knows(type(record), key):
                key = None  # the key names a record deleted or merged away since: this one is new
            self.ledger.remember(record, values, key=key)

    # --- identifiers and citations ------------------------------------------------------------

    def add_identifier(self, record, scheme, value):
        self.identifiers[type(record), scheme, value] = record.pk
        self.pending.identifiers.append((record, scheme, value))

    def has_citation(self, record):
        return bool(self.existing_citations.get((self.types[type(record)].pk, record.pk)))

    def cite(self, record, start, end):
        """Pin a citation of `record` to text[start:end] of this file (its own element)."""
        self.pending.citations.append((record, start, end))

    # --- the four kinds of file ----------------------------------------------------------------

    def write_presidents(self, hfile):
        title = self.mapping.config["posts"]["president"]["title"]
        government = self.home_government()
        for element in hfile.elements:
            historian_id = element.text("id")
            if not historian_id:
                self.error(element, "id", "no person id")
            name = element.value("name")
            person = self.person_by_id(
                historian_id,
                stated_name=element.text("name") or None,
                cite=(name.start, name.end) if name and name.text else None,
            )
            start = self.day(element, "took-office-date", required=True)
            end = self.day(element, "left-office-date")
            self.membership(
                element,
                key=(PRESIDENCY_ID, element.attrs.get("n") or historian_id),
                values={
                    "person_id": person.pk,
                    "organisation_id": government.pk,
                    "title": title,
                    "title_as_stated": "",
                    "acting": False,
                    "attested": False,
                    "start_date": start,
                    "start_precision": DatePrecision.DAY,
                    "end_date": end,
                    "end_precision": DatePrecision.DAY,
                },
            )

    def write_pocom(self, hfile):
        # The post is the file's own: "Secretary of State", "Deputy Secretary of State", ... One
        # held "ad interim" is that post, held in an acting capacity, its title as stated kept.
        singular = " ".join((hfile.root.findtext("names/singular") or "").split())
        if not singular:
            raise HistorianError([f"{self.result.filename}: no <names><singular>: the post is not named"])
        title = re.sub(r"\s+ad interim$", "", singular, flags=re.I)
        acting = title != singular
        department = self.state_department()
        # The data set reuses a principal's id for a second, consecutive term (inte-1980-chri):
        # such a term is found again by its values, not by the id both terms carry.
        repeated = Counter(element.text("id") for element in hfile.elements)
        for element in hfile.elements:
            historian_id = element.text("person-id")
            if not historian_id:
                self.error(element, "person-id", "no person id")
            person = self.person_by_id(historian_id)
            start = self.day(element, "started/date") or self.day(element, "appointed/date")
            end = self.day(element, "ended/date")
            if start is None:
                self.error(element, "started/date", "neither a start nor an appointment date")
            self.membership(
                element,
                key=(POCOM_ID, element.text("id")) if repeated[element.text("id")] == 1 else None,
                values={
                    "person_id": person.pk,
                    "organisation_id": department.pk,
                    "title": title,
                    "title_as_stated": singular if acting else "",
                    "acting": acting,
                    "attested": False,
                    "start_date": start,
                    "start_precision": DatePrecision.DAY,
                    "end_date": end,
                    "end_precision": DatePrecision.DAY,
                },
            )

    def write_trips(self, hfile):
        home = self.home_country()
        # First the places this file names for the first time, in one go.
        missing = {}
        for element in hfile.elements:
            country, region = self.country(element, "country")
            parent = region or country
            locale = element.value("locale")
            if locale is not None and locale.text:
                for name, _start, _end in _locale_parts(hfile.text, locale):
                    key = (parent.country_id, normalise(name))
                    if key not in self.places and key not in missing:
                        missing[key] = (name, parent, PlaceKind.UNKNOWN, None)
        self.create_places(list(missing.values()))
        person = None
        for element in hfile.elements:
            who = element.attrs.get("who") or self.error(element, "who", "no person id")
            if person is None or person.pk != self.identifiers.get((Person, PERSON_ID, who)):
                name = element.value("name")
                person = self.person_by_id(
                    who,
                    stated_name=element.text("name") or None,
                    cite=(name.start, name.end) if name and name.text else None,
                )
            country, region = self.country(element, "country")
            remarks = element.text("remarks")
            visit = self.visit(
                element,
                key=(TRIP_ID, element.text("id")),
                values={
                    "title": _trip_title(element.text("country"), element.text("locale")),
                    "principal_id": person.pk,
                    "principal_country_id": home.pk,
                    "kind": self.kind_code(element, remarks),
                    "host_country_id": country.pk,
                    **self.dates(element),
                    "summary": remarks,
                    "status": VisitStatus.HELD,
                },
                slug_parts=(person.slug, country.slug, element.text("start-date")),
                countries={"host_country": country, "principal_country": home},
            )
            locale = element.value("locale")
            if visit is not None and locale is not None and locale.text:
                stops = []
                for sequence, (name, start, end) in enumerate(_locale_parts(hfile.text, locale), start=1):
                    place = self.place_below(region or country, name)
                    self.cite_once(place, start, end)
                    stops.append((sequence, name, place, start, end))
                self.stops(visit, stops, visit_key={"scheme": TRIP_ID, "id": element.text("id")})

    def write_visits(self, hfile):
        home = self.home_country()
        # First the people this file names for the first time, in one go.
        missing = {}
        for element in hfile.elements:
            stated = element.value("visitor")
            if stated is None or not stated.text:
                self.error(element, "visitor", "no visitor named")
            country, _region = self.country(element, "from")
            for _title, name in self.mapping.visitors(stated.text):
                if self.find_person(name, country) is None:
                    missing.setdefault((normalise(name), country.pk), (name, country, stated))
        self.create_people([(name, country) for name, country, _stated in missing.values()])
        for element in hfile.elements:
            stated = element.value("visitor")
            country, _region = self.country(element, "from")
            visitors = self.mapping.visitors(stated.text)
            principal_id = None
            start = self.day(element, "start-date", required=True)
            end = self.day(element, "end-date") or start
            for title, name in visitors:
                person_id = self.find_person(name, country)
                principal_id = principal_id or person_id
                self.cite_once(_Ref(Person, person_id), stated.start, stated.end)
                if title is not None:
                    self.membership(
                        element,
                        key=None,
                        values={
                            "person_id": person_id,
                            "organisation_id": self.government(country).pk,
                            "title": title.title,
                            "title_as_stated": title.stated if title.stated != title.title else "",
                            "acting": title.acting,
                            "attested": True,
                            "start_date": start,
                            "start_precision": DatePrecision.DAY,
                            "end_date": end if end != start else None,
                            "end_precision": DatePrecision.DAY,
                        },
                        cite=(stated.start, stated.end),
                    )
            description = element.text("description")
            self.visit(
                element,
                key=(VISIT_ID, element.text("id")),
                values={
                    "title": f"Visit of {stated.text}"[:300],
                    "principal_id": principal_id,
                    "principal_country_id": country.pk,
                    "kind": self.kind_code(element, description),
                    "host_country_id": home.pk,
                    **self.dates(element),
                    "summary": description,
                    "status": VisitStatus.HELD,
                },
                slug_parts=(visitors[0][1], home.slug, element.text("start-date")),
                countries={"host_country": home, "principal_country": country},
            )

    # --- values -------------------------------------------------------------------------------

    def day(self, element, path, *, required=False):
        text = element.text(path)
        if not text:
            if required:
                self.error(element, path, "no date")
            return None
        try:
            day, precision = parse_partial_date(text)
        except ValueError as exc:
            self.error(element, path, str(exc))
        if precision != DatePrecision.DAY:
            self.error(element, path, f"{text!r} is not a day (YYYY-MM-DD)")
        return day

    def dates(self, element):
        start = self.day(element, "start-date", required=True)
        end = self.day(element, "end-date")
        if end is not None and end < start:
            self.error(element, "end-date", f"{end} is before the start, {start}")
        return {
            "start_date": start,
            "start_precision": DatePrecision.DAY,
            "end_date": end if end not in (None, start) else None,
            "end_precision": DatePrecision.DAY,
        }

    def kind_code(self, element, text):
        code = self.mapping.kind(text)
        if code not in self.kinds:
            self.error(element, "description", f"kinds.csv maps it to {code!r}, which is not a visit kind")
        return code

    # --- visits, stops, posts -------------------------------------------------------------------

    def visit(self, element, *, key, values, slug_parts, countries):
        """The visit a trip or visit element records: found by its identifier, else by the
        ledger (an editor may have deleted the identifier, or the visit: then it stays deleted),
        else new. None for a visit deleted since the last import."""
        scheme, value = key
        visit_id = self.identifiers.get((Visit, scheme, value))
        visit = self.visit_rows.get(visit_id) if visit_id is not None else None
        if visit is None:
            found = self.ledger.find(Visit, {"scheme": scheme, "id": value})
            if found is DELETED:
                return None
            if found is not None:
                visit = found
                self.add_identifier(visit, scheme, value)
        if visit is not None:
            self.update(visit, values)
            self.cite_exactly(visit, element.start, element.end)
            return visit
        visit = Visit(slug=self.new_slug(Visit, " ".join(p for p in slug_parts if p), value), **values)
        self.keys[id(visit)] = {"scheme": scheme, "id": value}
        for name, place in countries.items():
            setattr(visit, name, place)
        self.validate(visit, element)
        self.pending.visits.append(visit)
        self.pending.identifiers.append((visit, scheme, value))
        self.cite(visit, element.start, element.end)
        return visit

    def stops(self, visit, stops, *, visit_key):
        """A trip's stops, one per place its locale names, in order, undated (the data gives the
        trip's dates only)."""
        existing = {} if visit.pk is None else self.stop_rows.get(visit.pk, {})
        for sequence, name, place, start, end in stops:
            values = {"title": name[:300], "venue_id": place.pk}
            key = {"visit": visit_key, "sequence": sequence}
            engagement = existing.get(sequence)
            if engagement is None:
                # A stop written before and deleted since stays deleted (with --overwrite, the
                # ledger forgets it and it is written again).
                engagement = self.ledger.find(Engagement, key)
                if engagement is DELETED:
                    continue
                if engagement is not None and engagement.visit_id != visit.pk:
                    engagement = None
            if engagement is not None:
                self.update(engagement, values)
                self.cite_exactly(engagement, start, end)
                continue
            engagement = Engagement(sequence=sequence, **values)
            self.keys[id(engagement)] = key
            self.pending.engagements.append((engagement, visit))
            self.cite(engagement, start, end)

    def membership(self, element, *, key, values, cite=None):
        """A post: found by its identifier (a term) or by all its values (an attested post)."""
        membership_id = None
        if key is not None:
            membership_id = self.identifiers.get((Membership, *key))
        if membership_id is None:
            membership_id = self.memberships.get(_values_key(values))
        if isinstance(membership_id, Membership):  # named twice in this file: one post, two citations
            self.cite(membership_id, *(cite or (element.start, element.end)))
            return membership_id
        if membership_id is not None:
            membership = self.membership_rows[membership_id]
            ledger_key = (
                {"scheme": key[0], "id": key[1]} if key is not None else {"post": _values_key(values)}
            )
            self.update(membership, values, key=ledger_key)
            self.cite_exactly(membership, *(cite or (element.start, element.end)))
            if key is not None and (Membership, *key) not in self.identifiers:
                self.add_identifier(membership, *key)
            return membership
        ledger_key = {"scheme": key[0], "id": key[1]} if key is not None else {"post": _values_key(values)}
        if self.ledger.find(Membership, ledger_key) is DELETED:
            return None
        membership = Membership(**values)
        self.keys[id(membership)] = ledger_key
        self.validate(membership, element)
        self.memberships[_values_key(values)] = membership  # a second mention in the file is the same post
        self.pending.memberships.append(membership)
        if key is not None:
            self.pending.identifiers.append((membership, *key))
        self.cite(membership, *(cite or (element.start, element.end)))
        return membership

    def validate(self, record, element):
        """What save_record() would check, less foreign keys (set from rows just read), uniqueness
        (the importer's indexes) and the kind (checked against the table once per run)."""
        exclude = [f.name for f in record._meta.concrete_fields if f.is_relation or not f.editable]
        exclude.append("kind")
        try:
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            name, msgs = next(iter(messages.items()))
            if element is None:
                raise HistorianError(
                    [f"{self.result.filename}: {record}: {name}: {' '.join(msgs)}"]
                ) from None
            self.error(element, name, " ".join(msgs))

    def cite_once(self, record, start, end):
        """A person's or place's citation from this file: where the file first names them. Kept
        while one from this file still holds its quote, moved there if it no longer does (the
        file was updated upstream), added if there is none."""
        model, pk = (record.model, record.pk) if isinstance(record, _Ref) else (type(record), record.pk)
        if (model, pk) in self.cited_once:
            return
        self.cited_once.add((model, pk))
        citations = self.existing_citations.get((self.types[model].pk, pk), [])
        text = self.file.text
        if any(c.start is not None and text[c.start : c.end] == c.quote for c in citations):
            self.result.count(Citation, "unchanged")
        elif citations:
            self.update(citations[0], {"start": start, "end": end, "quote": text[start:end]})
        else:
            self.cite(record, start, end)

    def cite_exactly(self, record, start, end):
        """An existing record's citation from this file, pinned to text[start:end] (its element):
        unchanged if there, moved there if the old one no longer holds its quote (the file was
        updated upstream), else added (one post attested by two records has two citations)."""
        citations = self.existing_citations.get((self.types[type(record)].pk, record.pk), [])
        text = self.file.text
        for citation in citations:
            if (citation.start, citation.end) == (start, end):
                self.result.count(Citation, "unchanged")
                return
        for citation in citations:
            if citation.start is None or text[citation.start : citation.end] != citation.quote:
                self.update(citation, {"start": start, "end": end, "quote": text[start:end]})
                return
        self.cite(record, start, end)

    # --- bulk creation -------------------------------------------------------------------------

    def flush(self):
        pending = self.pending
        self.bulk(Visit, pending.visits)
        engagements = []
        for engagement, visit in pending.engagements:
            engagement.visit_id = visit.pk
            engagements.append(engagement)
        self.bulk(Engagement, engagements)
        memberships = [m for m in pending.memberships if m.pk is None]
        self.bulk(Membership, memberships)
        for membership in memberships:
            self.memberships[_membership_key(membership)] = membership.pk
            self.membership_rows[membership.pk] = membership
        identifiers = []
        for record, scheme, value in pending.identifiers:
            identifiers.append(
                Identifier(
                    content_type=self.types[type(record)], object_id=record.pk, scheme=scheme, value=value
                )
            )
            self.identifiers[type(record), scheme, value] = record.pk
        self.bulk(Identifier, identifiers)
        citations = []
        seen = set()
        for record, start, end in pending.citations:
            model, pk = (record.model, record.pk) if isinstance(record, _Ref) else (type(record), record.pk)
            key = (model, pk, start, end)
            if key in seen:
                continue
            seen.add(key)
            quote = self.file.text[start:end]
            if not quote.strip():
                continue
            citation = Citation(
                source=self.source,
                content_type=self.types[model],
                object_id=pk,
                quote=quote,
                start=start,
                end=end,
            )
            # Verified here as Citation.save() would: the quote is the text at its offsets.
            if self.source.text[citation.start : citation.end] != citation.quote:
                raise HistorianError([f"{self.result.filename}: a citation's offsets do not hold its quote"])
            citations.append(citation)
        self.bulk(Citation, citations)

    def bulk(self, model, records):
        """Create `records` with their history rows (importers.historian.bulk)."""
        if not records:
            return
        try:
            with transaction.atomic():
                model.objects.bulk_create(records, batch_size=500)
        except IntegrityError as exc:
            what = model._meta.verbose_name_plural
            raise HistorianError(
                [f"{self.result.filename}: new {what} refused by the database: {exc}"]
            ) from None
        if any(record.pk is None for record in records):
            what = model._meta.verbose_name_plural
            raise HistorianError([f"{self.result.filename}: the database returned no ids for new {what}"])
        insert_history(model, records, reason=self.reason)
        # Bulk rows send no post_save: the appearances table is told what changed (visits.appearances).
        if model is Visit:
            appearances.changed(*(record.pk for record in records))
        elif model is Engagement:
            appearances.changed(*(record.visit_id for record in records))
        self.remember(model, records)
        self.result.count(model, "created", len(records))


@dataclass(frozen=True)
class _Ref:
    """A record known by id only (a visitor matched or made by id)."""

    model: type
    pk: int


def _membership_key(membership):
    return _values_key({name: getattr(membership, name) for name in MEMBERSHIP_FIELDS})


def _values_key(values):
    return tuple(values[name] for name in MEMBERSHIP_FIELDS)


def _trip_title(country, locale):
    title = f"Trip to {country}" + (f": {locale}" if locale else "")
    return title[:300]


def _locale_parts(text, value):
    """(name, start, end) of each place a <locale> names, split at commas outside parentheses,
    with offsets into the file's text (the raw text, entities and all, is what is quoted)."""
    raw = text[value.start : value.end]
    parts, depth, begin = [], 0, 0
    for index, char in enumerate(raw + ","):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char in ",;" and depth == 0:
            parts.append((begin, index))
            begin = index + 1
    for begin, end in parts:
        chunk = raw[begin:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        offset = value.start + begin + (len(chunk) - len(chunk.lstrip()))
        name = " ".join(html.unescape(stripped).split())
        yield name, offset, offset + len(stripped)
