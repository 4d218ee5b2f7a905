"""The search indexes (search/indexes.py): FTS5 tables and their triggers on SQLite; pg_trgm, GIN
indexes and the sources' stored tsvector on PostgreSQL. Each database gets only its own."""

from django.db import migrations


def create(apps, schema_editor):
    from search.indexes import ensure_indexes

    ensure_indexes(schema_editor.connection.alias)


def drop(apps, schema_editor):
    from search.indexes import drop_indexes

    drop_indexes(schema_editor.connection.alias)


class Migration(migrations.Migration):
    # CREATE INDEX on a million visits: not in one transaction with the rest.
    atomic = False

    dependencies = [
        ("people", "0005_partial_dates_first_day"),
        ("places", "0005_partial_dates_first_day"),
        ("visits", "0009_partial_dates_first_day"),
        ("sources", "0003_identifier"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
