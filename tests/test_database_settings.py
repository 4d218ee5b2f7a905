"""Database connection settings that the product's speed depends on."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_postgresql_connections_do_not_jit_compile_queries(db):
    # JIT compiled the admin's date probes for longer than they ran (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_system_checks_of_the_database_raise_no_warning(db):
    # `make run` starts with `migrate`, which runs the checks against the database: on SQLite the
    # appearance indexes' INCLUDE columns (a PostgreSQL covering index; SQLite ignores them)
    # printed "System check identified some issues: WARNINGS ... models.W040" to every new user.
    call_command("check", databases=["default"], fail_level="WARNING")
