"""Trigram indexes for the visit `q` search (VisitFilterSet.search), on PostgreSQL only.

On PostgreSQL `field__icontains=x` compiles to UPPER("field"::text) LIKE UPPER('%x%'), which
no B-tree can serve. A GIN index with pg_trgm's gin_trgm_ops on that same expression can: the
planner only uses an expression index for the identical expression, hence UPPER(col::text).
SQLite has neither the extension nor GIN, and its registers are small: there the migration
does nothing, both ways. The person's name is indexed here because the visit search is what
needs it (the people lists' `q` benefits too).
"""

from django.db import migrations

# (index, table, column): every column the visit search matches with icontains.
INDEXES = [
    ("visit_title_trgm", "visits_visit", "title"),
    ("visit_purpose_trgm", "visits_visit", "purpose"),
    ("visit_summary_trgm", "visits_visit", "summary"),
    ("engagement_title_trgm", "visits_engagement", "title"),
    ("engagement_description_trgm", "visits_engagement", "description"),
    ("engagement_outcome_trgm", "visits_engagement", "outcome"),
    ("participant_name_as_stated_trgm", "visits_participant", "name_as_stated"),
    ("person_name_trgm", "people_person", "name"),
]


def on_postgresql(*statements):
    """A RunPython function executing `statements` on PostgreSQL, and nothing on other databases."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


# pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
create = on_postgresql(
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        for name, table, column in INDEXES
    ),
    # ANALYZE gathers statistics on the indexed expressions, so the planner knows at once how
    # common a searched word is (autovacuum would analyze only after many rows change).
    "ANALYZE visits_visit, visits_engagement, visits_participant, people_person",
)
drop = on_postgresql(
    *(f"DROP INDEX IF EXISTS {name}" for name, _table, _column in INDEXES),
    "DROP EXTENSION IF EXISTS pg_trgm",
)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_constraint_messages"),
        ("visits", "0005_scale_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
