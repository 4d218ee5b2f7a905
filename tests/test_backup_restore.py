"""A backup restored gives back every row of every table, on SQLite and on PostgreSQL; a file that
is not a whole, undamaged backup of this register is refused and the database is left as it was."""

import io
import sqlite3
import subprocess

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from common.ops import backups
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


def restore(path, tmp_path):
    out = io.StringIO()
    call_command(
        "restore", str(path), "--no-input", f"--keep-previous-at={tmp_path / 'previous.backup'}", stdout=out
    )
    return out.getvalue()


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


@pytest.mark.django_db(transaction=True)
def test_restore_keeps_the_database_it_replaces_and_says_where(tmp_path):
    factories.VisitFactory(title="Kept before the restore")
    call_command("backup", str(tmp_path / "old.backup"), verbosity=0)
    factories.VisitFactory(title="Made after the backup")
    replaced = snapshot()

    output = restore(tmp_path / "old.backup", tmp_path)
    connection.close()
    assert f"saved in {tmp_path / 'previous.backup'}" in output
    assert not Visit.objects.filter(title="Made after the backup").exists()

    # The saved copy is itself a backup that brings the replaced database back.
    call_command("restore", str(tmp_path / "previous.backup"), "--no-input", verbosity=0)
    connection.close()
    assert snapshot() == replaced


@pytest.mark.django_db
def test_restore_refuses_a_missing_or_foreign_file(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing"), "--no-input")
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(garbage), "--no-input")


def empty_sqlite_file(tmp_path):
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()  # a valid SQLite database of zero bytes
    return path


def another_apps_sqlite_file(tmp_path):
    """Another Django application's database: its own migrations and tables, none of ours."""
    path = tmp_path / "blog.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)"
        )
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('blog', '0001_initial', '')")
        db.execute("CREATE TABLE blog_post (id INTEGER PRIMARY KEY, title TEXT)")
    db.close()
    return path


def our_sqlite_backup(tmp_path, name="ours.sqlite3"):
    path = tmp_path / name
    backups.backup(path)
    return path


def corrupt_sqlite_file(tmp_path):
    """A real backup with pages in the middle overwritten."""
    path = our_sqlite_backup(tmp_path, "corrupt.sqlite3")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, 7 * page):
        data[offset + 8 : offset + 400] = b"\xa5" * 392
    path.write_bytes(bytes(data))
    return path


def sqlite_backup_without_a_table(tmp_path):
    path = our_sqlite_backup(tmp_path, "partial.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DROP TABLE visits_engagement")
    db.close()
    return path


def sqlite_backup_of_a_newer_version(tmp_path):
    path = our_sqlite_backup(tmp_path, "newer.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('visits', '9999_from_the_future', '')"
        )
    db.close()
    return path


def pg_dump(tmp_path, name, *options):
    path = tmp_path / name
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", *options],
        env=backups._pg_environment(),
        check=True,
    )
    return path


def pg_dump_of_another_app(tmp_path):
    return pg_dump(tmp_path, "one-table.dump", "--table=auth_group")


def pg_dump_without_migrations(tmp_path):
    return pg_dump(tmp_path, "no-migrations.dump", "--exclude-table=django_migrations")


def pg_dump_without_a_table(tmp_path):
    return pg_dump(tmp_path, "partial.dump", "--exclude-table=visits_engagement")


def cut_off_pg_dump(tmp_path):
    path = pg_dump(tmp_path, "cut.dump")
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    return path


SQLITE_FILES = {
    "an empty SQLite file": (empty_sqlite_file, "no django_migrations table"),
    "another application's SQLite file": (another_apps_sqlite_file, "no migrations of"),
    "a corrupt backup": (corrupt_sqlite_file, "damaged|not a SQLite backup"),
    "a backup missing a table": (sqlite_backup_without_a_table, "visits_engagement"),
    "a backup of a newer version": (sqlite_backup_of_a_newer_version, "9999_from_the_future"),
}
PG_FILES = {
    "an empty SQLite file": (empty_sqlite_file, "not a PostgreSQL backup"),
    "another application's SQLite file": (another_apps_sqlite_file, "not a PostgreSQL backup"),
    "a dump of another table set": (pg_dump_of_another_app, "no django_migrations table"),
    "a dump without django_migrations": (pg_dump_without_migrations, "no django_migrations table"),
    "a dump missing a table": (pg_dump_without_a_table, "visits_engagement"),
    "a cut-off dump": (cut_off_pg_dump, "not a PostgreSQL backup"),
}


ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", sorted(PG_FILES if ON_POSTGRESQL else SQLITE_FILES))
def test_a_file_that_is_not_a_backup_of_this_register_is_refused_and_nothing_changes(case, tmp_path):
    factories.CitationFactory(content_object=factories.ParticipantFactory())
    make, message = (PG_FILES if ON_POSTGRESQL else SQLITE_FILES)[case]
    path = make(tmp_path)
    before = snapshot()

    with pytest.raises(CommandError, match=message) as refused:
        restore(path, tmp_path)
    assert "Nothing was changed" in str(refused.value)
    connection.close()
    assert snapshot() == before
    assert not (tmp_path / "previous.backup").exists()
