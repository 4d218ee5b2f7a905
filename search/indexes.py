"""What is searched, and the database objects that index it: full-text indexes on PostgreSQL
(pg_trgm and unaccent for names, tsvector for texts) and FTS5 tables on SQLite, both created only on their
own database.

SQLite: each index is an external-content FTS5 table over the record's own table, kept in sync
by triggers on that table, so every write (the services, bulk imports, merges, raw SQL) updates
it. Django rebuilds a SQLite table to alter it, which drops its triggers: ensure_indexes() runs
after every migrate (search.apps) and recreates and refills what is missing.

PostgreSQL: trigram GIN indexes on names, a GIN index on the tsvector of a visit's words, and
for sources (texts of up to 400 KB, whose tsvector takes about a second to compute) a stored
generated tsvector column, so ranking reads it instead of recomputing it.
"""

from dataclasses import dataclass

from django.db import connections


@dataclass(frozen=True)
class Index:
    name: str  # the index's own name (FTS5 table search_fts_<name>)
    kind: str  # the kind of record found: person, place, organisation, visit, source
    table: str
    columns: tuple
    owner: str = "id"  # the column holding the found record's id (other names: their record's)
    names: bool = True  # names (trigram on PostgreSQL) rather than running text (tsvector)


INDEXES = (
    Index("person", "person", "people_person", ("name",)),
    Index("personname", "person", "people_personname", ("name",), owner="person_id"),
    Index("place", "place", "places_place", ("name",)),
    Index("placename", "place", "places_placename", ("name",), owner="place_id"),
    Index("organisation", "organisation", "people_organisation", ("name", "abbreviation")),
    Index("visit", "visit", "visits_visit", ("title", "purpose", "summary"), names=False),
    Index("source", "source", "sources_source", ("title", "text"), names=False),
)

# The text search configuration of every tsvector and tsquery (PostgreSQL).
TS_CONFIG = "english"


def visit_vector_sql(alias=""):
    """The tsvector of a visit's words: the expression its GIN index is built on (queries must
    repeat it exactly for PostgreSQL to use the index)."""
    prefix = f"{alias}." if alias else ""
    words = " || ' ' || ".join(
        f"coalesce({prefix}{column}, '')" for column in ("title", "purpose", "summary")
    )
    return f"to_tsvector('{TS_CONFIG}'::regconfig, {words})"


def _fts_table(index):
    return f"search_fts_{index.name}"


def _sqlite_statements(index):
    """The FTS5 table over `index.table` and the triggers that keep it in sync."""
    fts, table, columns = _fts_table(index), index.table, index.columns
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def _postgresql_statements(index):
    if index.names:
        return [
            f"CREATE INDEX IF NOT EXISTS search_{index.name}_{column}_trgm ON {index.table} "
            f"USING gin ({column} gin_trgm_ops)"
            for column in index.columns
        ]
    if index.name == "visit":
        return [
            f"CREATE INDEX IF NOT EXISTS search_visit_fts ON visits_visit USING gin ({visit_vector_sql()})"
        ]
    return [
        f"ALTER TABLE {index.table} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(text, '')), 'B')) STORED",
        f"CREATE INDEX IF NOT EXISTS search_{index.name}_fts ON {index.table} USING gin (search_vector)",
    ]


def _sqlite_triggers(cursor):
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_fts_%'")
    return {row[0] for row in cursor.fetchall()}


def ensure_indexes(using="default"):
    """Create the search indexes of this database where missing; on SQLite, refill an FTS5 table
    whose triggers were missing (its table was rebuilt since). Returns the names refilled."""
    connection = connections[using]
    refilled = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            present = _sqlite_triggers(cursor)
            for index in INDEXES:
                fts = _fts_table(index)
                complete = {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"} <= present
                for statement in _sqlite_statements(index):
                    cursor.execute(statement)
                if not complete:
                    cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
                    refilled.append(index.name)
        elif connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            for index in INDEXES:
                for statement in _postgresql_statements(index):
                    cursor.execute(statement)
    return refilled


def drop_indexes(using="default"):
    """Remove what ensure_indexes() creates (the migration's reverse)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for index in INDEXES:
            if connection.vendor == "sqlite":
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_fts_table(index)}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {_fts_table(index)}")
            elif connection.vendor == "postgresql":
                if index.names:
                    for column in index.columns:
                        cursor.execute(f"DROP INDEX IF EXISTS search_{index.name}_{column}_trgm")
                elif index.name == "visit":
                    cursor.execute("DROP INDEX IF EXISTS search_visit_fts")
                else:
                    cursor.execute(f"ALTER TABLE {index.table} DROP COLUMN IF EXISTS search_vector")
