"""Imports never destroy editors' work: the one rule every importer follows, present and future.

An importer keeps a ledger (`ImportLedger`) of what it wrote: for each record, its own key for it
and, per field, the value it last wrote (model `importers.ImportedRecord`). On the next import a
field whose current value differs from that value was changed by someone else since (an editor
in the admin, an API client): it is kept and reported, not overwritten, unless the import runs
with `overwrite=True` (the commands' `--overwrite`). A record the importer wrote and someone has
deleted since is not created again either (reported too). A field the importer never wrote keeps
the older rule: an empty value is filled; a value that differs, on a record last changed by a
person (its history names a user), is kept. Everything else is written through
common.services.save_record, as before.

Using it in an importer (the dossier importer, importers/dossier/writer.py, is the example):

    from importers.provenance import DELETED, ImportLedger

    ledger = ImportLedger("historian", overwrite=overwrite)   # one per run, inside its transaction
    record = ledger.find(Person, {"who": "kissinger-henry-a"})  # the record written for this key
    if record is DELETED:                  # written before, deleted since by an editor: skip it
        ...
    record = record or match_or_new(...)   # the importer's own matching (identifiers, names)
    outcome = ledger.save(record, {"name": "Henry A. Kissinger", "principal": person, ...},
                          key={"who": "kissinger-henry-a"}, reason="import_historian travels.xml")
    # outcome: "created", "updated" or "unchanged"; fields edited since are left as they are
    ...
    ledger.flush()                         # once, before the transaction ends: the ledger rows
    print("\\n".join(ledger.lines()))      # "kept 1 record edited since the last import: ..."

`values` are model field names (a foreign key by its name, with a record or None) and the values
the import gives; give every field the import sets, the key fields included, so that an editor's
change to any of them is seen. `key` is the importer's own natural key for the record (any
JSON-able mapping; records are given as their ids): `find()` looks it up, so a record is found
again even after an editor changed the fields the importer matches on (a stop renumbered, a
quote corrected). `save()` raises what save_record raises (ValidationError); nothing is recorded
for a record that failed. A dry run rolls the ledger back with everything else.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from common.services import save_record
from importers.models import ImportedRecord

# find(): the importer wrote this record before, and someone deleted it since.
DELETED = object()

_EMPTY = (None, "")


@dataclass
class _Rows:
    """The ledger rows of one importer and one kind of record, by record id and by key."""

    by_id: dict = field(default_factory=dict)
    by_key: dict = field(default_factory=dict)


class ImportLedger:
    def __init__(self, importer, *, overwrite=False):
        self.importer = importer
        self.overwrite = overwrite
        self.kept = []  # (record label, [field names]) edited since the last import
        self.deleted = []  # record labels deleted since the last import
        self._rows = {}  # content type id -> _Rows
        self._dirty = {}  # id(row) -> row, new or changed, written by flush()
        self._forgotten = []  # rows of records deleted since, re-created under --overwrite
        self._edited_by_person = {}  # (model, pk) -> bool

    # --- finding records -----------------------------------------------------------------------

    def find(self, model, key):
        """The record this importer wrote for `key` (None if it never did; DELETED if it did and
        the record has been deleted since, unless overwriting: then None, to create it again)."""
        rows = self._load(model)
        row = rows.by_key.get(_digest(key))
        if row is None:
            return None
        record = model._default_manager.filter(pk=row.object_id).first()
        if record is not None:
            return record
        if self.overwrite:
            del rows.by_key[row.key]
            rows.by_id.pop(row.object_id, None)
            self._dirty.pop(id(row), None)
            if row.pk is not None:
                self._forgotten.append(row.pk)
            return None
        self.deleted.append(f"{model._meta.label} {_key_text(key)}")
        return DELETED

    # --- writing -------------------------------------------------------------------------------

    def save(self, record, values, *, key=None, reason=None, user=None, exclude=None, validate=True):
        """Write `values` to `record` (new or existing) through save_record, but for the fields
        someone changed since this importer last wrote them (kept and reported, unless
        overwriting); remember what was written. Return "created", "updated" or "unchanged"."""
        opts = record._meta
        created = record.pk is None
        row = None if created else self._load(type(record)).by_id.get(record.pk)
        stored = row.values if row is not None else {}
        to_write, kept = {}, []
        for name, value in values.items():
            model_field = opts.get_field(name)
            new = _python(model_field, value)
            if created:
                to_write[name] = value
                continue
            current = getattr(record, model_field.attname)
            if _same(model_field, current, new):
                continue
            if not self.overwrite and self._edited(record, model_field, current, stored):
                kept.append(name)
                continue
            to_write[name] = value
        if created or to_write:
            save_record(
                record=record, user=user, reason=reason, fields=to_write, validate=validate, exclude=exclude
            )
        self._remember(record, row, key, values, kept)
        if kept:
            self.kept.append((_record_label(record), kept))
        return "created" if created else "updated" if to_write else "unchanged"

    def knows(self, model, key):
        """Whether this importer has written a record for `key` (existing or not), no query."""
        return _digest(key) in self._load(model).by_key

    def remember(self, record, values, *, key=None):
        """Note that this importer wrote `values` to the new `record` other than through save():
        in bulk, with the record's history rows (the Historian importer). The next import
        compares with them as with what save() wrote."""
        self._remember(record, None, key, values, [])

    def flush(self):
        """Write the ledger rows changed since the last flush. Call it before the import's
        transaction ends."""
        if self._forgotten:
            ImportedRecord.objects.filter(pk__in=self._forgotten).delete()
            self._forgotten = []
        rows = list(self._dirty.values())
        self._dirty = {}
        now = timezone.now()
        for row in rows:
            row.updated_at = now
        # Split before creating: bulk_create gives the new rows ids, and updating them again
        # straight after (a CASE per row) took most of a large import's time.
        new = [row for row in rows if row.pk is None]
        changed = [row for row in rows if row.pk is not None]
        ImportedRecord.objects.bulk_create(new, batch_size=500)
        ImportedRecord.objects.bulk_update(changed, ["key", "values", "updated_at"], batch_size=500)

    # --- reporting -----------------------------------------------------------------------------

    def lines(self):
        """What the import left as it found it, for the command's output; [] when nothing."""
        lines = []
        if self.kept:
            described = "; ".join(f"{label} ({', '.join(names)})" for label, names in self.kept)
            lines.append(f"kept {_records(len(self.kept))} edited since the last import: {described}")
        if self.deleted:
            lines.append(
                f"kept {_records(len(self.deleted))} deleted since the last import: {'; '.join(self.deleted)}"
            )
        if lines:
            lines.append("  (run with --overwrite to write the import's values over them)")
        return lines

    # --- internals -----------------------------------------------------------------------------

    def _load(self, model):
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
        rows = self._rows.get(content_type.pk)
        if rows is None:
            rows = self._rows[content_type.pk] = _Rows()
            for row in ImportedRecord.objects.filter(importer=self.importer, content_type=content_type):
                rows.by_id[row.object_id] = row
                if row.key:
                    rows.by_key[row.key] = row
        return rows

    def _edited(self, record, model_field, current, stored):
        """Did someone other than this importer set this field's current value?"""
        if model_field.name in stored:
            return not _same(model_field, current, _python(model_field, stored[model_field.name]))
        if current in _EMPTY:
            return False  # a value the import fills in
        return self._last_changed_by_person(record)

    def _last_changed_by_person(self, record):
        """Whether the record's latest history entry names a user (an import names none)."""
        cache_key = (type(record), record.pk)
        if cache_key not in self._edited_by_person:
            history = getattr(record, "history", None)
            latest = history.order_by("-history_date", "-history_id").first() if history is not None else None
            self._edited_by_person[cache_key] = latest is not None and latest.history_user_id is not None
        return self._edited_by_person[cache_key]

    def _remember(self, record, row, key, values, kept):
        rows = self._load(type(record))
        if row is None:
            row = ImportedRecord(
                importer=self.importer,
                content_type_id=ContentType.objects.get_for_model(record, for_concrete_model=True).pk,
                object_id=record.pk,
                values={},
            )
            rows.by_id[record.pk] = row
        remembered = dict(row.values)
        for name, value in values.items():
            if name not in kept:  # a kept field keeps the value this importer wrote before
                remembered[name] = _json(value)
        digest = _digest(key) if key is not None else row.key
        if row.pk is None or remembered != row.values or digest != row.key:
            row.values, row.key = remembered, digest
            self._dirty[id(row)] = row
        if digest:
            rows.by_key[digest] = row


def _python(model_field, value):
    """The value as the record holds it in the field's attribute (a related record as its id)."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None:
        return None
    target = model_field.target_field if model_field.is_relation else model_field
    try:
        return target.to_python(value)
    except Exception:  # noqa: BLE001 - a value the field cannot read is compared as it is
        return value


def _same(model_field, current, new):
    if current in _EMPTY and new in _EMPTY:
        return True  # "" and None are both "no value" to an import
    return _python(model_field, current) == new


def _json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _digest(key):
    text = json.dumps({str(k): _json(v) for k, v in key.items()}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _key_text(key):
    text = ", ".join(f"{k}={_json(v)}" for k, v in key.items())
    return text if len(text) <= 80 else text[:77] + "..."


def _record_label(record):
    slug = getattr(record, "slug", None)
    return f"{record._meta.label} {slug}" if slug else f"{record._meta.label} {record.pk} “{record}”"


def _records(count):
    return f"{count} record" if count == 1 else f"{count} records"
