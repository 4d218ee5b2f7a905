"""Pass 2: upsert every checked entry by its natural key, through the one write path.

The schema says how an entry becomes a record: its fields give the model fields' values, its key
finds the record again, its owner links it to the entry it is listed in. A record whose values
are unchanged is not saved again; a field the dossier leaves out keeps its value.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from importers.dossier.schema import columns
from importers.provenance import DELETED, ImportLedger
from visits import appearances


class _Skip(Exception):
    """An entry depends on a record that failed to save; its own error is already reported."""


@dataclass
class ImportResult:
    filename: str
    dry_run: bool
    counts: dict  # model label -> Counter(created=, updated=, unchanged=)
    kept: list = field(default_factory=list)  # the ledger's lines: what was edited since, kept

    def lines(self):
        head = f"{self.filename}: " + ("checked (dry run, nothing written)" if self.dry_run else "imported")
        rows = [
            f"  {label}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for label, c in self.counts.items()
        ]
        return [head, *rows, *self.kept]


class Writer:
    """Writes the checked tree inside the caller's transaction; errors go to the checker."""

    def __init__(self, checker, reason, ledger=None, user=None):
        self.checker = checker
        self.reason = reason
        self.user = user  # who is writing, in each record's history (an editor drafting from a report)
        # What the importer last wrote (importers.provenance): fields edited since are kept.
        self.ledger = ledger if ledger is not None else ImportLedger("dossier")
        self.counts = {}
        self.saved = {}  # (model, slug) -> record
        self.failed = set()  # (model, slug)
        self.source = None

    def write(self, dossier):
        """The source first, since every quote cites it; then each section in the file's order.
        Each visit written gets its appearances rows once, at the end (visits.appearances)."""
        with appearances.batched():
            self.source = self.write_item(dossier.children["source"][0])
            if self.source is None:
                return
            for name, items in dossier.children.items():
                if name != "source":
                    self.write_all(items)

    def write_all(self, items, owner=None):
        for item in items:
            try:
                self.write_item(item, owner)
            except _Skip:
                continue

    def write_item(self, item, owner=None):
        """Upsert the entry's record, then its quotes and nested entries; return the record."""
        kind = item.kind
        key, values = self.model_fields(item)
        record = self.upsert(kind.model, self.link(kind, owner), key, values, item)
        if kind.key == ("slug",):
            if record is None:
                self.failed.add((kind.model, item.values["slug"]))
            else:
                self.saved[kind.model, item.values["slug"]] = record
        if record is not None:
            for children in item.children.values():
                self.write_all(children, owner=record)
        return record

    def model_fields(self, item):
        """The entry's natural key and the values it gives, by model field.

        A key field the entry leaves out takes the model field's default (no parent, not acting,
        no date); a date's precision is then a value, so that a changed precision updates the record.
        """
        kind, key, values = item.kind, {}, {}
        for name, value in item.values.items():
            spec = kind.fields[name]
            if spec.type == "ref":
                value = (self.resolve(kind.model._meta.get_field(name).related_model, value),)
            elif spec.type != "date":
                value = (value,)
            values.update(zip(columns(spec, name), value, strict=True))
        for part in kind.key:
            for name in part if isinstance(part, tuple) else (part,):
                first, *rest = columns(kind.fields[name], name)
                key[first] = values.pop(first) if first in values else _default(kind.model, first)
                for column in rest:
                    values.setdefault(column, _default(kind.model, column))
                if name in item.values:
                    break  # the alternatives after the one given are plain values
        return key, values

    def link(self, kind, owner):
        """The fields that tie the record to the entry it is listed in and to the source."""
        link = {kind.source: self.source} if kind.source else {}
        if kind.owner:
            field = kind.model._meta.get_field(kind.owner)
            if isinstance(field, GenericForeignKey):
                link |= {field.ct_field: ContentType.objects.get_for_model(owner), field.fk_field: owner.pk}
            else:
                link[kind.owner] = owner
        return link

    def resolve(self, model, slug):
        if (model, slug) in self.failed:
            raise _Skip
        if (model, slug) not in self.saved:
            self.saved[model, slug] = model.objects.get(slug=slug)
        return self.saved[model, slug]

    def upsert(self, model, link, key, values, item):
        """Create or update one record; return it, or None after reporting why it failed (or when
        an editor deleted it since the last import: the ledger reports that)."""
        counter = self.counts.setdefault(model._meta.label, Counter(created=0, updated=0, unchanged=0))
        # Found again by the key the dossier gives, even if an editor has changed it since.
        record = self.ledger.find(model, {**link, **key})
        if record is DELETED:
            return None
        if record is None:
            record = model.objects.filter(**link, **key).first()
        if record is None:
            record = model(**link, **key, **item.initial)
        # Derived, non-editable fields (path, content hash, timestamps) are set on save.
        derived = [f.name for f in model._meta.concrete_fields if not f.editable]
        try:
            with transaction.atomic():
                outcome = self.ledger.save(
                    record,
                    {**key, **values},
                    key={**link, **key},
                    reason=self.reason,
                    user=self.user,
                    exclude=derived,
                )
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for name, messages in by_field.items():
                self.checker.error(item.where, None if name == "__all__" else name, " ".join(messages))
            return None
        except IntegrityError as exc:
            self.checker.error(item.where, None, f"rejected by the database: {exc}")
            return None
        counter[outcome] += 1
        return record


def _default(model, name):
    return model._meta.get_field(name).get_default()
