"""Rows written in bulk by the Historian importer, with the history rows simple-history would write.

The records themselves are created by Django's `bulk_create` (which returns their ids). Their
history rows are written here rather than by simple-history's `bulk_history_create`, which on the
whole bundled set (bench/historian_import.py) took a third of the import's CPU time building a
historical model instance per row and compiling each of its values into SQL (some 45,000 rows):
one parameterised INSERT per table, run with `executemany`, carrying exactly what
`bulk_history_create` puts in a row: every tracked field's value, the history date, type "+"
(created), no user, and the import's reason.
"""

import datetime

from django.db import connections, router
from django.utils import timezone

CHUNK = 1000


def insert_history(model, records, *, reason, user=None):
    """The creation history row of each of `records` (saved), as simple-history's
    bulk_history_create would write it (history type "+")."""
    if not records:
        return
    history = model.history.model
    now = timezone.now()
    fixed = {
        "history_date": now,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if field.attname not in fixed and not hasattr(records[0], field.attname):
            raise ValueError(f"{history.__name__}.{field.attname} has no value on {model.__name__}")
    rows = [
        [fixed[f.attname] if f.attname in fixed else getattr(record, f.attname) for f in fields]
        for record in records
    ]
    _insert(history, fields, rows)


def _insert(model, fields, rows):
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    # A value that repeats down a column (the history date, the reason, a source) is prepared once.
    cache = {}

    def prepare(field, value):
        if not isinstance(value, int | str | datetime.datetime):
            return field.get_db_prep_save(value, connection)
        key = (field.attname, value)
        if key not in cache:
            cache[key] = field.get_db_prep_save(value, connection)
        return cache[key]

    prepared = [[prepare(f, value) for f, value in zip(fields, row, strict=True)] for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), CHUNK):
            cursor.executemany(sql, prepared[start : start + CHUNK])
