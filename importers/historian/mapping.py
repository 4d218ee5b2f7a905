"""What the importer knows besides the files, kept as data in importers/historian/mapping/:

    historian.yaml  publisher, upstream repositories and paths, the home country, organisations
    countries.csv   the data set's country ids (and, where one id covers two states, its labels)
                    -> the register's country (ISO 3166-1, ISO 3166-3 or user-assigned code), a
                    region below it, other names
    titles.csv      the titles a visitor string may begin with -> normalised title, acting flag
    kinds.csv       patterns of a visit's description (or a trip's remarks) -> protocol kind code
    people.csv      names for people whose files give none, and ids that name one person twice

and data/historian/MANIFEST.csv: each bundled file's repository, commit, date and SHA-256.

A new file of a known schema needs none of these changed: an unmapped country id becomes a
country named by its label (with a warning), an unknown title is no title, a description no
pattern matches is "not stated".
"""

import csv
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from common.names import normalise_name

MAPPING_DIR = Path(__file__).resolve().parent / "mapping"


def data_dir():
    return Path(settings.BASE_DIR) / "data" / "historian"


def normalise(name):
    """A name as compared: accents, case, punctuation and spacing ignored ("Erdoğan" = "erdogan")."""
    return normalise_name(name)


@dataclass(frozen=True)
class CountryRule:
    historian_id: str
    label: str  # "" for the id's default row
    code: str
    name: str
    region: str
    other_names: tuple


@dataclass(frozen=True)
class Title:
    stated: str
    title: str
    acting: bool


@dataclass(frozen=True)
class BundledFile:
    path: str
    repository: str
    commit: str
    date: str


class Mapping:
    def __init__(self, directory=MAPPING_DIR):
        directory = Path(directory)
        with open(directory / "historian.yaml", encoding="utf-8") as handle:
            self.config = yaml.safe_load(handle)
        self.countries = {}
        for row in _rows(directory / "countries.csv"):
            rule = CountryRule(
                historian_id=row["historian_id"],
                label=row["label"],
                code=row["code"].upper(),
                name=row["name"],
                region=row["region"],
                other_names=tuple(name for name in row["other_names"].split(";") if name),
            )
            self.countries[rule.historian_id, rule.label] = rule
        titles = [
            Title(stated=row["stated"], title=row["title"], acting=row["acting"].strip().lower() == "yes")
            for row in _rows(directory / "titles.csv")
        ]
        # Longest first, so "Crown Prince" wins over "Prince" and "Prime Minister-Prince" over both.
        self.titles = sorted(titles, key=lambda title: len(title.stated), reverse=True)
        self.kinds = [
            (re.compile(row["pattern"], re.I) if row["pattern"] else None, row["kind"])
            for row in _rows(directory / "kinds.csv")
        ]
        self.people = {row["historian_id"]: row for row in _rows(directory / "people.csv")}
        self.manifest = {}
        manifest = data_dir() / "MANIFEST.csv"
        if manifest.exists():
            for row in _rows(manifest):
                self.manifest[row["sha256"]] = BundledFile(
                    path=row["path"], repository=row["repository"], commit=row["commit"], date=row["date"]
                )

    # --- countries ---------------------------------------------------------------------------

    def country_rule(self, historian_id, label):
        """The rule for a country element: its id with this label, else its id; None if unmapped."""
        label = " ".join(label.split())
        return self.countries.get((historian_id, label)) or self.countries.get((historian_id, ""))

    # --- titles, names, kinds ----------------------------------------------------------------

    def split_title(self, text):
        """("Interim President", Title, "Juan Guaidó") for a visitor string that starts with a
        known title followed by a name; None when it starts with none (or is a title alone)."""
        for title in self.titles:
            if text.startswith(title.stated):
                rest = text[len(title.stated) :]
                # A title ends at a space, or where a capital begins the name ("Prime MinisterHaidar"),
                # never inside a word ("Kingsley" does not start with the title "King").
                if rest[:1].isspace() or rest[:1].isupper():
                    rest = rest.strip(" ,")
                    if rest:
                        return title, rest
        return None

    def visitors(self, text):
        """The people a visitor string names: [(Title or None, name)], splitting "President A and
        Prime Minister B" (or "A, B") only where each part is a title and a name."""
        text = " ".join(text.split())
        for separator in (" and ", ", ", " & "):
            if separator in text:
                parts = text.split(separator)
                parsed = [self.split_title(part.strip()) for part in parts]
                if len(parts) > 1 and all(parsed):
                    return parsed
        parsed = self.split_title(text)
        return [parsed] if parsed else [(None, text)]

    def kind(self, text):
        """The protocol kind code for a description or remarks (kinds.csv, first match)."""
        text = " ".join((text or "").split())
        for pattern, code in self.kinds:
            if pattern is None or pattern.search(text):
                return code
        return "not_stated"

    def person_name(self, historian_id):
        """A name for a person no file names: people.csv, else the id read as family-given
        ("pickering-timothy" -> "Timothy Pickering")."""
        row = self.people.get(historian_id)
        if row and row["name"]:
            return row["name"]
        family, *given = historian_id.split("-")
        words = [word.capitalize() if len(word) > 1 else f"{word.upper()}." for word in given]
        return " ".join([*words, family.capitalize()])

    def same_person(self, historian_id):
        """The id this id names the same person as (people.csv `same_as`), else itself."""
        row = self.people.get(historian_id)
        return row["same_as"] if row and row["same_as"] else historian_id

    # --- provenance --------------------------------------------------------------------------

    def bundled(self, raw_bytes):
        return self.manifest.get(hashlib.sha256(raw_bytes).hexdigest())


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@functools.cache
def default_mapping():
    return Mapping()
