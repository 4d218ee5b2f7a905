"""What the register already knows, as names to find in a report: people, organisations and places
by name, other names, abbreviations and identifiers, plus every country ISO 3166 knows.

Matching is tolerant of spelling and inflection: names are compared normalised (common.names:
accents, case and punctuation ignored) and, failing that, by rapidfuzz's similarity over names of
the same kind (a C++ library, a few milliseconds for thousands of names), with a Snowball stem of
each word so that "Innopolis University's" or "Kazan Expo Centre" still finds its record.
"""

from dataclasses import dataclass, field

import pycountry
from snowballstemmer import stemmer

from common.names import normalise_name
from reports.extraction.lexicon import COUNTRY_ALIASES

_STEMMER = stemmer("english")
# A fuzzy match below this similarity (0-100) is not a match: "Mishustin"/"Mishustina" pass,
# "Kazan"/"Kazakh" do not.
FUZZY_CUTOFF = 88


def stem_key(name):
    return " ".join(_STEMMER.stemWords(normalise_name(name).split()))


@dataclass
class Known:
    """A record the register holds: what the proposal says of a match."""

    type: str  # person, organisation, place
    id: int | None
    slug: str
    name: str
    kind: str = ""  # the place's or organisation's kind
    iso_code: str = ""
    parent_id: int | None = None
    country_id: int | None = None

    def as_match(self, score):
        return {"id": self.id, "slug": self.slug, "name": self.name, "score": round(score, 1)}


@dataclass
class Gazetteer:
    names: dict = field(default_factory=dict)  # type -> {normalised name: Known}
    stems: dict = field(default_factory=dict)  # type -> {stemmed name: Known}
    countries: dict = field(default_factory=dict)  # ISO code -> Known (of the register or of ISO 3166)
    identifiers: dict = field(default_factory=dict)  # identifier value -> Known

    def add(self, known, *names):
        for name in names:
            if name:
                self.names.setdefault(known.type, {}).setdefault(normalise_name(name), known)
                self.stems.setdefault(known.type, {}).setdefault(stem_key(name), known)

    def find(self, name, types=("person", "organisation", "place")):
        """(Known, score) of the best match of `name` among records of `types`, or (None, 0)."""
        key, stemmed = normalise_name(name), stem_key(name)
        if not key:
            return None, 0
        for type_ in types:
            if key in self.names.get(type_, {}):
                return self.names[type_][key], 100.0
            if stemmed in self.stems.get(type_, {}):
                return self.stems[type_][stemmed], 99.0
        if name in self.identifiers:
            return self.identifiers[name], 100.0
        from rapidfuzz import fuzz, process  # on first use: a quarter of a second off start-up

        best, best_score = None, 0
        for type_ in types:
            choices = self.names.get(type_)
            if not choices or len(key) < 4:
                continue
            found = process.extractOne(key, choices.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if found and found[1] > best_score:
                best, best_score = choices[found[0]], found[1]
        return best, best_score

    def government_of(self, country_id):
        """The register's government of a country ("Government of the Republic of Armenia" for
        "Armenian Prime Minister"), or None."""
        for known in self.names.get("organisation", {}).values():
            if known.kind == "government" and known.country_id == country_id:
                return known
        return None

    def country(self, name):
        """The country a name (or "the Republic of X", "the Russian Federation") stands for."""
        plain = name.removeprefix("the ").removeprefix("The ")
        for prefix in (
            "Republic of ",
            "Kingdom of ",
            "State of ",
            "Federal Republic of ",
            "People's Republic of ",
        ):
            if plain.startswith(prefix) and len(plain) > len(prefix):
                found = self.country(plain[len(prefix) :])
                if found:
                    return found
        code = COUNTRY_ALIASES.get(plain)
        if code is None and len(plain) <= 3:
            return None  # "Li" (Li Qiang) is not LI, Liechtenstein: codes count only as the aliases list them
        if code is None:
            record = None
            try:
                record = pycountry.countries.lookup(plain)
            except LookupError:
                record = None
            code = record.alpha_2 if record else None
        if code is None:
            known, _score = self.find(plain, types=("place",))
            return known if known and known.kind == "country" else None
        return self.countries.get(code) or _iso_country(code)

    @classmethod
    def empty(cls):
        return cls()

    @classmethod
    def from_database(cls):
        """The register's people, organisations and places. Drafts are matched too: an editor sees
        them, and a second report of a drafted visit must find its people again."""
        from people.models import Organisation, Person, PersonName
        from places.models import Place, PlaceName
        from sources.models import Identifier

        gazetteer = cls()
        by_key = {}
        for pk, slug, name in Person.objects.values_list("pk", "slug", "name"):
            known = by_key[("person", pk)] = Known("person", pk, slug, name)
            gazetteer.add(known, name)
        for pk, name in PersonName.objects.values_list("person_id", "name"):
            if ("person", pk) in by_key:
                gazetteer.add(by_key["person", pk], name)
        for pk, slug, name, abbreviation, kind, country in Organisation.objects.values_list(
            "pk", "slug", "name", "abbreviation", "kind", "country_id"
        ):
            known = by_key[("organisation", pk)] = Known(
                "organisation", pk, slug, name, kind, country_id=country
            )
            gazetteer.add(known, name, abbreviation)
        for pk, slug, name, kind, iso, parent, country in Place.objects.values_list(
            "pk", "slug", "name", "kind", "iso_code", "parent_id", "country_id"
        ):
            known = by_key[("place", pk)] = Known("place", pk, slug, name, kind, iso, parent, country)
            gazetteer.add(known, name)
            if kind == "country" and iso:
                gazetteer.countries[iso] = known
        for pk, name in PlaceName.objects.values_list("place_id", "name"):
            if ("place", pk) in by_key:
                gazetteer.add(by_key["place", pk], name)
        labels = {"person": "people.person", "organisation": "people.organisation", "place": "places.place"}
        models = {label: type_ for type_, label in labels.items()}
        for app_label, model, object_id, value in Identifier.objects.values_list(
            "content_type__app_label", "content_type__model", "object_id", "value"
        ):
            type_ = models.get(f"{app_label}.{model}")
            if type_ and (type_, object_id) in by_key:
                gazetteer.identifiers[value] = by_key[type_, object_id]
        return gazetteer


def _iso_country(code):
    """A country the register does not hold yet, proposed with its ISO code and usual name."""
    record = pycountry.countries.get(alpha_2=code)
    if record is None:
        return None
    name = getattr(record, "common_name", None) or record.name
    for alias, alias_code in COUNTRY_ALIASES.items():
        if alias_code == code and " " not in alias and alias.isalpha() and not alias.isupper():
            name = alias  # "Russia" rather than "Russian Federation"
            break
    return Known("place", None, "", name, "country", code)
