"""The dossier format, declared once: for each kind of entry its model, its natural key and its
fields. The checker and the writer are driven by these declarations; docs/dossier-format.md
describes the same format for the people who write dossiers.

A field's type says how its YAML value is read and where it is written:

    text, int, bool, decimal   the model field of the same name (or `column`)
    choice                     one of the model field's choices
    date                       YYYY, YYYY-MM or YYYY-MM-DD into `<name>_date` + `<name>_precision`
    day                        YYYY-MM-DD into the model's date field of the same name
    ref                        the slug of an entry (or record) of the model the foreign key points at
    file                       a file name beside the dossier; its text is written to `column`
    quote                      text that must occur in the source's text
    model_field                the name of a field of the model of the entry this one is listed in
    entry, list                one nested entry or a list of them, written after the record
"""

from dataclasses import dataclass, field

from django.db import models

from people.models import Membership, Organisation, Person
from places.models import Place, PlaceFact
from sources.models import Citation, Source
from visits.models import Engagement, Participant, Visit

# Types read from the value alone; types that also need the model or the source's text; entries.
VALUE_TYPES = {"text", "int", "bool", "decimal", "date", "day", "file"}
MODEL_TYPES = {"choice", "ref", "quote", "model_field"}
NESTED_TYPES = {"entry", "list"}


@dataclass(frozen=True)
class Field:
    """One field of an entry: its type, whether it must be given, and what it holds."""

    type: str
    required: bool = False
    entry: "Kind | None" = None  # for entry and list
    column: str | None = None  # the model field written, when not the field's own name


@dataclass(frozen=True)
class Kind:
    """One kind of entry: the model it describes and its fields, in the order they are checked.

    key: the fields that find the record again (its natural key), also used to name the entry in
      messages and, when `unique`, to refuse two entries of one list with the same key. A tuple
      inside `key` lists alternatives: the first one given is the key, and those after it are
      plain values (a participant is a person or, when none is linked, a name as stated).
    owner: the model field that links the record to the entry it is listed in (a fact's place);
      a generic foreign key links a citation to any record.
    source: the model field that takes the dossier's own source (a citation's).
    """

    model: type[models.Model] | None
    fields: dict[str, Field]
    key: tuple = ()
    unique: bool = True
    owner: str | None = None
    source: str | None = None
    key_names: tuple = field(init=False)

    def __post_init__(self):
        names = tuple(name for part in self.key for name in (part if isinstance(part, tuple) else (part,)))
        object.__setattr__(self, "key_names", names)
        for name, spec in self.fields.items():
            nested = spec.type in NESTED_TYPES
            if not (nested or spec.type in VALUE_TYPES | MODEL_TYPES) or nested == (spec.entry is None):
                raise ValueError(f"{self.model}: field {name!r} is declared wrongly: {spec}")
            for column in columns(spec, name):
                self.model._meta.get_field(column)  # a field the model lacks fails when this loads

    def label(self, data):
        """How an entry is named in messages: its key (slug, kind, sequence...) or its quote."""
        if not isinstance(data, dict):
            return ""
        for name in (*self.key_names, "quote"):
            value = data.get(name)
            if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
                value = str(value)
                return f" ({value if len(value) <= 40 else value[:37] + '...'})"
        return ""


def columns(spec, name):
    """The model fields a scalar field is written to: a date's day and precision, else one."""
    if spec.type in NESTED_TYPES:
        return ()
    if spec.type == "date":
        return (f"{name}_date", f"{name}_precision")
    return (spec.column or name,)


TEXT = Field("text")
REQUIRED_TEXT = Field("text", required=True)
QUOTES = Field(
    "list",
    required=True,
    entry=Kind(
        model=Citation,
        key=("quote", "field"),
        unique=False,
        owner="content_object",
        source="source",
        fields={
            "quote": Field("quote", required=True),
            "start": Field("int"),
            "field": Field("model_field"),
            "note": TEXT,
        },
    ),
)

FACT = Kind(
    model=PlaceFact,
    key=("kind", "as_of"),
    owner="place",
    fields={
        "kind": Field("choice", required=True),
        "value": Field("decimal"),
        "qualifier": Field("choice"),
        "unit": TEXT,
        "value_text": TEXT,
        "as_of": Field("date"),
        "quotes": QUOTES,
    },
)
PLACE = Kind(
    model=Place,
    key=("slug",),
    fields={
        "slug": REQUIRED_TEXT,
        "name": REQUIRED_TEXT,
        "kind": Field("choice", required=True),
        "parent": Field("ref"),
        "iso_code": TEXT,
        "latitude": Field("decimal"),
        "longitude": Field("decimal"),
        "wikidata_id": TEXT,
        "description": TEXT,
        "quotes": QUOTES,
        "facts": Field("list", entry=FACT),
    },
)
ORGANISATION = Kind(
    model=Organisation,
    key=("slug",),
    fields={
        "slug": REQUIRED_TEXT,
        "name": REQUIRED_TEXT,
        "kind": Field("choice", required=True),
        "abbreviation": TEXT,
        "parent": Field("ref"),
        "country": Field("ref"),
        "seat": Field("ref"),
        "wikidata_id": TEXT,
        "description": TEXT,
        "quotes": QUOTES,
    },
)
MEMBERSHIP = Kind(
    model=Membership,
    key=("organisation", "title", "acting"),
    owner="person",
    fields={
        "organisation": Field("ref", required=True),
        "title": REQUIRED_TEXT,
        "acting": Field("bool"),
        "start": Field("date"),
        "end": Field("date"),
        "quotes": QUOTES,
    },
)
PERSON = Kind(
    model=Person,
    key=("slug",),
    fields={
        "slug": REQUIRED_TEXT,
        "name": REQUIRED_TEXT,
        "given_name": TEXT,
        "family_name": TEXT,
        "sort_name": TEXT,
        "wikidata_id": TEXT,
        "summary": TEXT,
        "quotes": QUOTES,
        "memberships": Field("list", entry=MEMBERSHIP),
    },
)
PARTICIPANT = Kind(
    model=Participant,
    key=(("person", "name_as_stated"), "role"),
    owner="engagement",
    fields={
        "person": Field("ref"),
        "name_as_stated": TEXT,
        "role": Field("choice", required=True),
        "title_as_stated": TEXT,
        "organisation": Field("ref"),
        "quotes": QUOTES,
    },
)
ENGAGEMENT = Kind(
    model=Engagement,
    key=("sequence",),
    owner="visit",
    fields={
        "sequence": Field("int", required=True),
        "title": REQUIRED_TEXT,
        "date": Field("day"),
        "date_about": Field("bool"),
        "venue": Field("ref"),
        "host_organisation": Field("ref"),
        "description": TEXT,
        "outcome": TEXT,
        "quotes": QUOTES,
        "participants": Field("list", entry=PARTICIPANT),
    },
)
VISIT = Kind(
    model=Visit,
    key=("slug",),
    fields={
        "slug": REQUIRED_TEXT,
        "title": REQUIRED_TEXT,
        "principal": Field("ref", required=True),
        "kind": Field("choice", required=True),
        "host_country": Field("ref", required=True),
        "principal_country": Field("ref"),
        "start": Field("date", required=True),
        "start_about": Field("bool"),
        "end": Field("date"),
        "end_about": Field("bool"),
        "status": Field("choice"),
        "purpose": TEXT,
        "summary": TEXT,
        "quotes": QUOTES,
        "engagements": Field("list", entry=ENGAGEMENT),
    },
)
SOURCE = Kind(
    model=Source,
    key=("slug",),
    fields={
        "slug": REQUIRED_TEXT,
        "title": REQUIRED_TEXT,
        "text_file": Field("file", required=True, column="text"),
        "url": TEXT,
        "publisher": TEXT,
        "published_on": Field("day"),
        "language": TEXT,
    },
)
# The whole file. The source is written first (every quote cites it); an entry that refers to
# one of its own kind (a parent) must come after it.
DOSSIER = Kind(
    model=None,
    fields={
        "source": Field("entry", required=True, entry=SOURCE),
        "places": Field("list", entry=PLACE),
        "organisations": Field("list", entry=ORGANISATION),
        "people": Field("list", entry=PERSON),
        "visits": Field("list", entry=VISIT),
    },
)
