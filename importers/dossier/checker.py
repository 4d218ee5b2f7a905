"""Pass 1: every field's type and value, references, keys and quotes, with no database write.

Every problem is collected, each naming the file, the entry (its path in the file with its key),
the field and what is wrong. What passes becomes a tree of `Item`s for the writer.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from common.partial_dates import DatePrecision, parse_partial_date
from importers.dossier.reading import read_text
from importers.dossier.schema import Kind


@dataclass
class Item:
    """One checked entry: its scalar values and its nested entries, by field name."""

    kind: Kind
    where: str  # its path in the file, e.g. "people[3] (renat-khalimov).memberships[0] (...)"
    values: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)  # field name -> [Item]
    initial: dict = field(default_factory=dict)  # model field -> value set only on creation


@dataclass
class _Ref:
    where: str
    field: str
    model: type[models.Model]
    slug: str
    position: int  # order of the referring entry in its list
    own_kind: bool  # a reference to the entry's own model (a parent)


class _Invalid(Exception):
    """A value that cannot be read; the message says why."""


def _type_name(value):
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _text(value):
    if not isinstance(value, str):
        raise _Invalid(f"must be text, not {_type_name(value)} (put it in quotes)")
    return value


def _int(value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Invalid(f"must be a whole number, not {value!r}")
    return value


def _bool(value):
    if not isinstance(value, bool):
        raise _Invalid(f"must be true or false, not {value!r}")
    return value


def _decimal(value):
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation:
        raise _Invalid(f"must be a number, not {value!r}") from None


def _date(value):
    """(first day, precision), read as the API reads a partial date."""
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        raise _Invalid(str(exc)) from None


def _day(value):
    day, precision = _date(value)
    if precision != DatePrecision.DAY:
        raise _Invalid("needs a full date, YYYY-MM-DD")
    return day


# Types read from the value alone; choice, ref, quote and model_field also need the schema.
_READERS = {
    "text": _text,
    "file": _text,
    "int": _int,
    "bool": _bool,
    "decimal": _decimal,
    "date": _date,
    "day": _day,
}


@dataclass
class Checker:
    filename: str
    errors: list = field(default_factory=list)
    refs: list = field(default_factory=list)
    defined: dict = field(default_factory=dict)  # model -> {slug: position}
    quotes: list = field(default_factory=list)  # Items of kind quote, in file order

    def error(self, where, name, problem):
        parts = [self.filename, where, name, problem]
        self.errors.append(": ".join(part for part in parts if part))

    def clean_entry(self, data, kind, where, position=0, owner=None):
        """The entry as an Item, or None when it is not a mapping; problems are collected."""
        if not isinstance(data, dict):
            self.error(where, None, f"must be a mapping of fields, not {_type_name(data)}")
            return None
        for name in sorted(str(name) for name in data if name not in kind.fields):
            self.error(where, name, f"unknown field; expected one of: {', '.join(kind.fields)}")
        item = Item(kind=kind, where=where)
        for name, spec in kind.fields.items():
            value = data.get(name)
            if value is None or value == "" or value == []:
                if spec.required:
                    self.error(where, name, "missing required field")
                continue
            if spec.type == "entry":
                child = self.clean_entry(value, spec.entry, _inside(where, name), owner=kind)
                item.children[name] = [child] if child else []
            elif spec.type == "list":
                item.children[name] = self.clean_list(value, spec.entry, _inside(where, name), owner=kind)
            else:
                try:
                    item.values[name] = self.clean_value(value, spec, name, item, position, owner)
                except _Invalid as exc:
                    self.error(where, name, str(exc))
        slug = item.values.get("slug")
        if kind.key == ("slug",) and isinstance(slug, str):
            self.defined.setdefault(kind.model, {}).setdefault(slug, position)
        return item

    def clean_value(self, value, spec, name, item, position, owner):
        if spec.type in _READERS:
            return _READERS[spec.type](value)
        model = item.kind.model
        if spec.type == "choice":
            choices = [choice for choice, _label in model._meta.get_field(name).choices]
            if value not in choices:
                raise _Invalid(f"{value!r} is not a valid choice; choose one of: {', '.join(choices)}")
        elif spec.type == "ref":
            if not isinstance(value, str):
                raise _Invalid(f"must be a slug, not {_type_name(value)}")
            target = model._meta.get_field(name).related_model
            self.refs.append(_Ref(item.where, name, target, value, position, own_kind=target is model))
        elif spec.type == "quote":
            value = _text(value)
            self.quotes.append(item)
        elif spec.type == "model_field":
            try:
                owner.model._meta.get_field(_text(value))
            except FieldDoesNotExist:
                fields = owner.model._meta.concrete_fields
                names = ", ".join(f.name for f in fields if f.editable and f.name != "id")
                raise _Invalid(f"{owner.model.__name__} has no field {value!r}; fields: {names}") from None
        return value

    def clean_list(self, values, kind, where, owner):
        if not isinstance(values, list):
            self.error(where, None, f"must be a list, not {_type_name(values)}")
            return []
        items, seen = [], {}
        for index, data in enumerate(values):
            item = self.clean_entry(data, kind, f"{where}[{index}]{kind.label(data)}", index, owner)
            if item is None:
                continue
            if kind.unique and kind.key_names:
                key = tuple(repr(item.values.get(name)) for name in kind.key_names)
                if key in seen:
                    self.error(item.where, None, f"repeats the {'/'.join(kind.key_names)} of {seen[key]}")
                seen.setdefault(key, item.where)
            items.append(item)
        return items

    def read_file(self, item, name, folder):
        """Replace a `file` field's name with the text of that file beside the dossier."""
        path = folder / item.values[name]
        try:
            item.values[name] = read_text(path)
        except ValueError as exc:
            self.error(item.where, name, f"cannot read {path.name}: {exc}")
            return None
        return item.values[name]

    def check_refs(self):
        missing = {}
        for ref in self.refs:
            if ref.slug not in self.defined.get(ref.model, {}):
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
            elif ref.own_kind and position is not None and position >= ref.position:
                self.error(
                    ref.where, ref.field, f"{name} {ref.slug!r} must be listed before the entries inside it"
                )

    def check_quotes(self, text):
        """Find each quote once; its offset saves the citation from searching the text again.

        A quote given with `start` is pinned there (the report says "Kazan" twice: which one):
        the text at that offset must be the quote. Without it, the quote's first occurrence."""
        for item in self.quotes:
            quote = item.values["quote"]
            given = item.values.get("start")
            if given is not None:
                if given < 0 or text[given : given + len(quote)] != quote:
                    found = text.find(quote)
                    where = f"it is at {found}" if found >= 0 else "it is not in the source text"
                    self.error(
                        item.where, "start", f"the quote is not at offset {given} ({where}): {quote!r}"
                    )
                continue
            start = text.find(quote)
            if start < 0:
                self.error(item.where, "quote", f"not found in the source text: {quote!r}")
            else:
                item.initial["start"] = start


def _inside(where, name):
    return f"{where}.{name}" if where else name
