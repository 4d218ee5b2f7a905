"""A backup restored gives back every row of every table, on SQLite and on PostgreSQL."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from people.models import Person
from tests import factories
from visits.models import Visit


def snapshot():
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_every_row_of_every_table(tmp_path):
    factories.CitationFactory(content_object=factories.ParticipantFactory())
    factories.MembershipFactory()
    before = snapshot()
    assert before["visits_visit"] and before["sources_citation"]

    call_command("backup", str(tmp_path / "db.backup"), verbosity=0)
    Visit.objects.all().delete()
    Person.objects.update(name="Overwritten")
    factories.PersonFactory()
    assert snapshot() != before

    call_command("restore", str(tmp_path / "db.backup"), "--no-input", verbosity=0)
    connection.close()
    assert snapshot() == before


@pytest.mark.django_db
def test_restore_refuses_a_missing_or_foreign_file(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing"), "--no-input")
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(garbage), "--no-input")
