"""Database connection settings that the product's speed depends on."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_postgresql_connections_do_not_jit_compile_queries(db):
    # JIT compiled the admin's date probes for longer than they ran (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
