"""Dossiers: hand-written YAML files that describe what a report states, quote by quote.

`import_dossier(path=...)` loads a dossier, checks all of it (collecting every error, each
naming the file, the entry, the field and the problem), then writes it in one transaction.
Records are upserted by natural key, so a second import changes nothing; a record whose
values are unchanged is not saved again. The format is documented in docs/dossier-format.md.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction

from common.partial_dates import DatePrecision, parse_partial_date
from people.models import Membership, Organisation, OrganisationKind, Person
from places.models import Place, PlaceFact, PlaceFactKind, PlaceKind, ValueQualifier
from sources.models import Citation, Source
from visits.models import Engagement, Participant, ParticipantRole, Visit, VisitKind, VisitStatus


class DossierError(Exception):
    """A dossier that cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --- Reading YAML -------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses a key given twice in one mapping."""


# Dates stay text so that parse_partial_date judges them: "2021-02-30" gets a clear message
# instead of a crash inside PyYAML, and "2021" and "2021-04-30" are read the same way.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    seen = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"the key {key!r} is given twice",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DossierError([f"{path.name}: cannot read the file: {exc}"]) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 -- _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DossierError([f"{path.name}: malformed YAML{where}: {problem}"]) from None


# --- The format ---------------------------------------------------------------------------


@dataclass(frozen=True)
class F:
    """One field of a dossier entry.

    type: text, int, bool, decimal, date (YYYY, YYYY-MM or YYYY-MM-DD), day (YYYY-MM-DD),
    choice, ref (the slug of a place, organisation or person), mapping (one `entry`),
    list (of `entry`), quotes (a list of QUOTE entries, checked against the source text).
    """

    type: str
    required: bool = False
    choices: type[models.TextChoices] | None = None
    ref: type[models.Model] | None = None
    entry: "Entry | None" = None


@dataclass(frozen=True)
class Entry:
    """The fields of one kind of entry, the model it describes and its key within its list."""

    model: type[models.Model]
    fields: dict
    key: tuple = ()


QUOTE = Entry(
    model=Citation,
    fields={"quote": F("text", required=True), "field": F("text"), "note": F("text")},
)
QUOTES = F("quotes", required=True, entry=QUOTE)

FACT = Entry(
    model=PlaceFact,
    key=("kind", "as_of"),
    fields={
        "kind": F("choice", required=True, choices=PlaceFactKind),
        "value": F("decimal"),
        "qualifier": F("choice", choices=ValueQualifier),
        "unit": F("text"),
        "value_text": F("text"),
        "as_of": F("date"),
        "quotes": QUOTES,
    },
)
PLACE = Entry(
    model=Place,
    key=("slug",),
    fields={
        "slug": F("text", required=True),
        "name": F("text", required=True),
        "kind": F("choice", required=True, choices=PlaceKind),
        "parent": F("ref", ref=Place),
        "iso_code": F("text"),
        "latitude": F("decimal"),
        "longitude": F("decimal"),
        "wikidata_id": F("text"),
        "description": F("text"),
        "quotes": QUOTES,
        "facts": F("list", entry=FACT),
    },
)
ORGANISATION = Entry(
    model=Organisation,
    key=("slug",),
    fields={
        "slug": F("text", required=True),
        "name": F("text", required=True),
        "kind": F("choice", required=True, choices=OrganisationKind),
        "abbreviation": F("text"),
        "parent": F("ref", ref=Organisation),
        "country": F("ref", ref=Place),
        "seat": F("ref", ref=Place),
        "wikidata_id": F("text"),
        "description": F("text"),
        "quotes": QUOTES,
    },
)
MEMBERSHIP = Entry(
    model=Membership,
    key=("organisation", "title", "acting"),
    fields={
        "organisation": F("ref", required=True, ref=Organisation),
        "title": F("text", required=True),
        "acting": F("bool"),
        "start": F("date"),
        "end": F("date"),
        "quotes": QUOTES,
    },
)
PERSON = Entry(
    model=Person,
    key=("slug",),
    fields={
        "slug": F("text", required=True),
        "name": F("text", required=True),
        "given_name": F("text"),
        "family_name": F("text"),
        "sort_name": F("text"),
        "wikidata_id": F("text"),
        "summary": F("text"),
        "quotes": QUOTES,
        "memberships": F("list", entry=MEMBERSHIP),
    },
)
PARTICIPANT = Entry(
    model=Participant,
    key=("person", "name_as_stated", "role"),
    fields={
        "person": F("ref", ref=Person),
        "name_as_stated": F("text"),
        "role": F("choice", required=True, choices=ParticipantRole),
        "title_as_stated": F("text"),
        "organisation": F("ref", ref=Organisation),
        "quotes": QUOTES,
    },
)
ENGAGEMENT = Entry(
    model=Engagement,
    key=("sequence",),
    fields={
        "sequence": F("int", required=True),
        "title": F("text", required=True),
        "date": F("day"),
        "venue": F("ref", ref=Place),
        "host_organisation": F("ref", ref=Organisation),
        "description": F("text"),
        "outcome": F("text"),
        "quotes": QUOTES,
        "participants": F("list", entry=PARTICIPANT),
    },
)
VISIT = Entry(
    model=Visit,
    key=("slug",),
    fields={
        "slug": F("text", required=True),
        "title": F("text", required=True),
        "principal": F("ref", required=True, ref=Person),
        "kind": F("choice", required=True, choices=VisitKind),
        "host_country": F("ref", required=True, ref=Place),
        "start": F("date", required=True),
        "end": F("date"),
        "status": F("choice", choices=VisitStatus),
        "purpose": F("text"),
        "summary": F("text"),
        "quotes": QUOTES,
        "engagements": F("list", entry=ENGAGEMENT),
    },
)
SOURCE = Entry(
    model=Source,
    fields={
        "slug": F("text", required=True),
        "title": F("text", required=True),
        "text_file": F("text", required=True),
        "url": F("text"),
        "publisher": F("text"),
        "published_on": F("day"),
        "language": F("text"),
    },
)
DOSSIER = Entry(
    model=None,
    fields={
        "source": F("mapping", required=True, entry=SOURCE),
        "places": F("list", entry=PLACE),
        "organisations": F("list", entry=ORGANISATION),
        "people": F("list", entry=PERSON),
        "visits": F("list", entry=VISIT),
    },
)
# Entries that may refer to one of their own kind (a parent) must come after it.
SLUGGED = {Place: "places", Organisation: "organisations", Person: "people", Visit: "visits"}


def _label(entry, data):
    """How an entry is named in messages: its slug, kind, sequence or name."""
    if not isinstance(data, dict):
        return ""
    for name in (*entry.key, "quote"):
        value = data.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
            value = str(value)
            return f" ({value if len(value) <= 40 else value[:37] + '...'})"
    return ""


def _type_name(value):
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


# --- Checking -----------------------------------------------------------------------------


@dataclass
class _Ref:
    where: str
    field: str
    model: type[models.Model]
    slug: str
    position: int  # order of the referring entry among entries of the same model


@dataclass
class _Checker:
    """Pass 1: every field's type and value, references, quotes and keys; no database writes."""

    filename: str
    errors: list = field(default_factory=list)
    refs: list = field(default_factory=list)
    defined: dict = field(default_factory=dict)  # model -> {slug: position}
    quotes: list = field(default_factory=list)  # (where, quote)

    def error(self, where, name, problem):
        parts = [self.filename, where, name, problem]
        self.errors.append(": ".join(part for part in parts if part))

    def clean_entry(self, data, entry, where, position=0):
        if not isinstance(data, dict):
            self.error(where, None, f"must be a mapping of fields, not {_type_name(data)}")
            return None
        unknown = sorted(str(name) for name in data if name not in entry.fields)
        for name in unknown:
            self.error(where, name, f"unknown field; expected one of: {', '.join(entry.fields)}")
        cleaned = {}
        for name, spec in entry.fields.items():
            value = data.get(name)
            if value is None or value == "" or value == []:
                if spec.required:
                    self.error(where, name, "missing required field")
                continue
            cleaned[name] = self.clean_value(value, spec, where, name, position, entry)
        if entry.model in SLUGGED and isinstance(cleaned.get("slug"), str):
            self.defined.setdefault(entry.model, {}).setdefault(cleaned["slug"], position)
        return cleaned

    def clean_value(self, value, spec, where, name, position, entry):
        problem = None
        if spec.type == "text":
            if not isinstance(value, str):
                problem = f"must be text, not {_type_name(value)} (put it in quotes)"
        elif spec.type == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                problem = f"must be a whole number, not {value!r}"
        elif spec.type == "bool":
            if not isinstance(value, bool):
                problem = f"must be true or false, not {value!r}"
        elif spec.type == "decimal":
            try:
                if isinstance(value, bool):
                    raise InvalidOperation
                value = Decimal(str(value))
            except InvalidOperation:
                problem = f"must be a number, not {value!r}"
        elif spec.type in ("date", "day"):
            try:
                value = parse_partial_date(value)
            except ValueError as exc:
                problem = str(exc)
            else:
                if spec.type == "day" and value[1] != DatePrecision.DAY:
                    problem = "needs a full date, YYYY-MM-DD"
        elif spec.type == "choice":
            if value not in spec.choices.values:
                problem = f"{value!r} is not a valid choice; choose one of: {', '.join(spec.choices.values)}"
        elif spec.type == "ref":
            if isinstance(value, str):
                self.refs.append(_Ref(where, name, spec.ref, value, position))
            else:
                problem = f"must be a slug, not {_type_name(value)}"
        elif spec.type == "mapping":
            return self.clean_entry(value, spec.entry, name)
        elif spec.type in ("list", "quotes"):
            return self.clean_list(value, spec.entry, f"{where}.{name}" if where else name, entry)
        if problem:
            self.error(where, name, problem)
            return None
        return value

    def clean_list(self, values, entry, where, owner):
        if not isinstance(values, list):
            self.error(where, None, f"must be a list, not {_type_name(values)}")
            return []
        cleaned, seen = [], {}
        for index, data in enumerate(values):
            item_where = f"{where}[{index}]{_label(entry, data)}"
            item = self.clean_entry(data, entry, item_where, position=index)
            if item is None:
                continue
            if entry is QUOTE:
                self.check_quote_field(item, owner.model, item_where)
                self.quotes.append((item_where, item.get("quote")))
            if entry.key:
                key = tuple(repr(item.get(name)) for name in entry.key)
                if key in seen:
                    self.error(item_where, None, f"repeats the {'/'.join(entry.key)} of {seen[key]}")
                seen.setdefault(key, item_where)
            cleaned.append(item)
        return cleaned

    def check_quote_field(self, item, model, where):
        name = item.get("field")
        if not name:
            return
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            names = ", ".join(f.name for f in model._meta.concrete_fields if f.editable and f.name != "id")
            self.error(where, "field", f"{model.__name__} has no field {name!r}; fields: {names}")

    def check_refs(self):
        missing = {}
        for ref in self.refs:
            position = self.defined.get(ref.model, {}).get(ref.slug)
            if position is None:
                missing.setdefault(ref.model, set()).add(ref.slug)
        in_database = {
            model: set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            for model, slugs in missing.items()
        }
        for ref in self.refs:
            name = ref.model._meta.verbose_name
            position = self.defined.get(ref.model, {}).get(ref.slug)
            if position is None and ref.slug not in in_database[ref.model]:
                self.error(
                    ref.where, ref.field, f"unknown {name} {ref.slug!r} (not in this dossier or the database)"
                )
            elif ref.field == "parent" and position is not None and position >= ref.position:
                self.error(
                    ref.where, ref.field, f"{name} {ref.slug!r} must be listed before the entries inside it"
                )

    def check_quotes(self, text):
        for where, quote in self.quotes:
            if quote and quote not in text:
                self.error(where, "quote", f"not found in the source text: {quote!r}")


# --- Writing ------------------------------------------------------------------------------


class _Skip(Exception):
    """An entry depends on a record that failed to save; its own error is already reported."""


@dataclass
class ImportResult:
    filename: str
    dry_run: bool
    counts: dict  # model label -> Counter(created=, updated=, unchanged=)

    def lines(self):
        head = f"{self.filename}: " + ("checked (dry run, nothing written)" if self.dry_run else "imported")
        rows = [
            f"  {label}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for label, c in self.counts.items()
        ]
        return [head, *rows]


class _Writer:
    """Pass 2: upsert every record by natural key inside the caller's transaction."""

    def __init__(self, checker, reason):
        self.checker = checker
        self.reason = reason
        self.counts = {}
        self.saved = {}  # (model, slug) -> instance
        self.failed = set()  # (model, slug)
        self.source = None

    def error(self, where, name, problem):
        self.checker.error(where, name, problem)

    def resolve(self, model, slug):
        if slug is None:
            return None
        if (model, slug) in self.failed:
            raise _Skip
        if (model, slug) not in self.saved:
            self.saved[model, slug] = model.objects.get(slug=slug)
        return self.saved[model, slug]

    def upsert(self, model, key, values, where):
        """Create or update one record; return it, or None after reporting why it failed."""
        counter = self.counts.setdefault(model._meta.label, Counter(created=0, updated=0, unchanged=0))
        obj = model.objects.filter(**key).first()
        if obj is None:
            obj, outcome = model(**key, **values), "created"
        else:
            changed = [name for name, value in values.items() if _differs(obj, name, value)]
            if not changed:
                counter["unchanged"] += 1
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            outcome = "updated"
        try:
            # Derived, non-editable fields (path, content hash, timestamps) are set on save.
            obj.full_clean(exclude=[f.name for f in model._meta.concrete_fields if not f.editable])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.error(where, None if name == "__all__" else name, " ".join(messages))
            return None
        obj._change_reason = self.reason
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError as exc:
            self.error(where, None, f"rejected by the database: {exc}")
            return None
        counter[outcome] += 1
        return obj

    def upsert_slugged(self, model, data, values, where):
        obj = self.upsert(model, {"slug": data["slug"]}, values, where)
        if obj is None:
            self.failed.add((model, data["slug"]))
        else:
            self.saved[model, data["slug"]] = obj
        return obj

    def cite(self, obj, quotes, where):
        content_type = ContentType.objects.get_for_model(obj)
        for index, item in enumerate(quotes):
            key = {
                "content_type": content_type,
                "object_id": obj.pk,
                "source": self.source,
                "quote": item["quote"],
                "field": item.get("field", ""),
            }
            values = {"note": item["note"]} if "note" in item else {}
            self.upsert(Citation, key, values, f"{where}.quotes[{index}]{_label(QUOTE, item)}")

    def write(self, dossier, source_values):
        self.source = self.upsert(Source, {"slug": source_values.pop("slug")}, source_values, "source")
        if self.source is None:
            return
        for section, handler in (
            ("places", self.write_place),
            ("organisations", self.write_organisation),
            ("people", self.write_person),
            ("visits", self.write_visit),
        ):
            for index, data in enumerate(dossier.get(section, [])):
                where = f"{section}[{index}] ({data['slug']})"
                try:
                    handler(data, where)
                except _Skip:
                    continue

    def write_place(self, data, where):
        values = _pick(
            data, "name", "kind", "iso_code", "latitude", "longitude", "wikidata_id", "description"
        )
        if "parent" in data:
            values["parent"] = self.resolve(Place, data["parent"])
        place = self.upsert_slugged(Place, data, values, where)
        if place is None:
            return
        self.cite(place, data["quotes"], where)
        for index, fact in enumerate(data.get("facts", [])):
            fact_where = f"{where}.facts[{index}] ({fact['kind']})"
            as_of_date, as_of_precision = fact.get("as_of", (None, DatePrecision.DAY))
            values = _pick(fact, "value", "qualifier", "unit", "value_text")
            values["as_of_precision"] = as_of_precision
            key = {"place": place, "kind": fact["kind"], "as_of_date": as_of_date}
            obj = self.upsert(PlaceFact, key, values, fact_where)
            if obj is not None:
                self.cite(obj, fact["quotes"], fact_where)

    def write_organisation(self, data, where):
        values = _pick(data, "name", "kind", "abbreviation", "wikidata_id", "description")
        for name, model in (("parent", Organisation), ("country", Place), ("seat", Place)):
            if name in data:
                values[name] = self.resolve(model, data[name])
        organisation = self.upsert_slugged(Organisation, data, values, where)
        if organisation is not None:
            self.cite(organisation, data["quotes"], where)

    def write_person(self, data, where):
        values = _pick(data, "name", "given_name", "family_name", "sort_name", "wikidata_id", "summary")
        person = self.upsert_slugged(Person, data, values, where)
        if person is None:
            return
        self.cite(person, data["quotes"], where)
        for index, item in enumerate(data.get("memberships", [])):
            item_where = f"{where}.memberships[{index}] ({item['organisation']})"
            try:
                organisation = self.resolve(Organisation, item["organisation"])
            except _Skip:
                continue
            key = {
                "person": person,
                "organisation": organisation,
                "title": item["title"],
                "acting": item.get("acting", False),
            }
            values = {**_partial_date(item, "start"), **_partial_date(item, "end")}
            membership = self.upsert(Membership, key, values, item_where)
            if membership is not None:
                self.cite(membership, item["quotes"], item_where)

    def write_visit(self, data, where):
        values = _pick(data, "title", "kind", "status", "purpose", "summary")
        values["principal"] = self.resolve(Person, data["principal"])
        values["host_country"] = self.resolve(Place, data["host_country"])
        values.update(_partial_date(data, "start"))
        values.update(_partial_date(data, "end"))
        visit = self.upsert_slugged(Visit, data, values, where)
        if visit is None:
            return
        self.cite(visit, data["quotes"], where)
        for index, item in enumerate(data.get("engagements", [])):
            item_where = f"{where}.engagements[{index}] ({item['sequence']})"
            try:
                self.write_engagement(visit, item, item_where)
            except _Skip:
                continue

    def write_engagement(self, visit, data, where):
        values = _pick(data, "title", "description", "outcome")
        if "date" in data:
            values["date"] = data["date"][0]
        for name, model in (("venue", Place), ("host_organisation", Organisation)):
            if name in data:
                values[name] = self.resolve(model, data[name])
        engagement = self.upsert(Engagement, {"visit": visit, "sequence": data["sequence"]}, values, where)
        if engagement is None:
            return
        self.cite(engagement, data["quotes"], where)
        for index, item in enumerate(data.get("participants", [])):
            item_where = f"{where}.participants[{index}]{_label(PARTICIPANT, item)}"
            try:
                self.write_participant(engagement, item, item_where)
            except _Skip:
                continue

    def write_participant(self, engagement, data, where):
        person = self.resolve(Person, data.get("person"))
        key = {"engagement": engagement, "person": person, "role": data["role"]}
        values = _pick(data, "title_as_stated")
        if person is None:
            key["name_as_stated"] = data.get("name_as_stated", "")
        elif "name_as_stated" in data:
            values["name_as_stated"] = data["name_as_stated"]
        if "organisation" in data:
            values["organisation"] = self.resolve(Organisation, data["organisation"])
        participant = self.upsert(Participant, key, values, where)
        if participant is not None:
            self.cite(participant, data["quotes"], where)


def _pick(data, *names):
    """The fields the dossier gives; a field it leaves out keeps its value in the database."""
    return {name: data[name] for name in names if name in data}


def _partial_date(data, prefix):
    if prefix not in data:
        return {}
    date, precision = data[prefix]
    return {f"{prefix}_date": date, f"{prefix}_precision": precision}


def _differs(obj, name, value):
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


# --- The service --------------------------------------------------------------------------


def import_dossier(*, path, dry_run=False):
    """Check and import one dossier; raise DossierError listing every problem, writing nothing.

    With dry_run the whole import runs and is rolled back, so the counts say what it would do.
    """
    path = Path(path)
    data = _read_yaml(path)
    checker = _Checker(filename=path.name)
    if not isinstance(data, dict):
        raise DossierError([f"{path.name}: the dossier must be a mapping with a 'source' entry"])
    dossier = checker.clean_entry(data, DOSSIER, "")
    source = dossier.get("source")
    text = None
    if source and "text_file" in source:
        text_path = path.parent / source.pop("text_file")
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            checker.error("source", "text_file", f"cannot read {text_path.name}: {exc}")
    checker.check_refs()
    if text is not None:
        checker.check_quotes(text)
    if checker.errors:
        raise DossierError(checker.errors)

    source_values = {
        **_pick(source, "slug", "title", "url", "publisher", "language"),
        "text": text,
    }
    if "published_on" in source:
        source_values["published_on"] = source["published_on"][0]
    writer = _Writer(checker, reason=f"import_dossier {path.name}")
    with transaction.atomic():
        writer.write(dossier, source_values)
        if checker.errors:
            raise DossierError(checker.errors)  # leaving the block rolls everything back
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(filename=path.name, dry_run=dry_run, counts=writer.counts)
