from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _restore_sqlite_triggers(using="default", **kwargs):
    """Django rebuilds a SQLite table to alter it, dropping its triggers: put them back (and
    refill that index) after every migrate."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from search.indexes import ensure_indexes

    connection = connections[using]
    if (
        connection.vendor == "sqlite"
        and MigrationRecorder(connection).migration_qs.filter(app="search").exists()
    ):
        ensure_indexes(using)


class SearchConfig(AppConfig):
    """Search across people, places, organisations, visits and sources: the search indexes (its
    migrations, search/indexes.py) and the one backend module that queries them (search/backend.py)."""

    name = "search"
    verbose_name = "Search"

    def ready(self):
        post_migrate.connect(_restore_sqlite_triggers, sender=self)
