"""Backups of the default database: pg_dump/pg_restore on PostgreSQL, SQLite's online backup API.

A restore replaces every record, so it first proves the file is a backup of this register:
its `django_migrations` table holds this project's apps' migrations, none unknown to this
code, every table those migrations create is there, and the file reads back whole (SQLite's
`PRAGMA integrity_check`; on PostgreSQL `pg_restore` reads the whole archive). Only then is
the current database saved to a file (`restore()` returns where) and replaced, in one step:
SQLite copies the checked temporary copy in with the backup API (one write transaction),
PostgreSQL runs `pg_restore --single-transaction`. A refused or failed restore changes nothing.
"""

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader


class BackupError(Exception):
    pass


def _vendor():
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _pg_environment():
    """libpq settings for pg_dump/pg_restore from Django's connection settings (no password on argv)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(command):
    """Run a PostgreSQL client tool; its standard output, or BackupError with its error."""
    try:
        result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (it comes with the PostgreSQL client).") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def backup(path):
    """Write a consistent copy of the whole database to `path` while the site keeps running."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _vendor() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"])
        return path
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return path


def default_previous_path():
    """Where restore keeps the database it replaces: backups/before-restore-<UTC time>.<ext>."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    extension = "dump" if _vendor() == "postgresql" else "sqlite3"
    return Path(settings.BASE_DIR) / "backups" / f"before-restore-{stamp}.{extension}"


def restore(path, *, keep_previous_at=None):
    """Replace the database's contents with the backup at `path`, once it is proved to be one.

    The database it replaces is first saved to `keep_previous_at` (default: see
    `default_previous_path`). Returns that path. Raises BackupError, having changed nothing,
    when the file is missing, unreadable, damaged or not a backup of this register.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    previous = Path(keep_previous_at) if keep_previous_at else default_previous_path()
    if _vendor() == "postgresql":
        _check_pg_archive(path)
        backup(previous)
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(path),
            ]
        )
        return previous
    with tempfile.TemporaryDirectory(prefix="restore-") as folder:
        # Checked and restored from one private copy: what was checked is what goes in.
        copy = Path(folder) / "backup.sqlite3"
        shutil.copyfile(path, copy)
        source = None
        try:
            # (Not PRAGMA trusted_schema=OFF: this SQLite then refuses our own JSON_VALID checks.)
            source = sqlite3.connect(copy)
            _check_sqlite_file(source, path)
            backup(previous)
            connection.ensure_connection()
            # One step (pages=-1): the whole copy is written in one transaction of the live database.
            source.backup(connection.connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite backup of this register: {exc}") from exc
        finally:
            if source is not None:
                source.close()
    return previous


def _check_sqlite_file(source, path):
    result = [row[0] for row in source.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise BackupError(f"{path} is damaged (integrity check: {'; '.join(result[:5])}).")
    tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is not a backup of this register: it has no django_migrations table.")
    applied = set(source.execute("SELECT app, name FROM django_migrations"))
    check_schema(path, applied=applied, tables=tables)


_PG_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?P<schema>\S+) (?P<name>\S+) ")


def _check_pg_archive(path):
    """The archive's tables (its table of contents) and its django_migrations rows, read by pg_restore."""
    try:
        listing = _run(["pg_restore", "--list", str(path)])
        # Reading the whole archive (to /dev/null) finds a damaged or cut-off file before the
        # database is touched.
        _run(["pg_restore", "--file", os.devnull, str(path)])
    except BackupError as exc:
        raise BackupError(f"{path} is not a PostgreSQL backup (pg_restore cannot read it): {exc}") from exc
    tables = {m["name"] for m in map(_PG_TOC_TABLE.match, listing.splitlines()) if m}
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is not a backup of this register: it has no django_migrations table.")
    script = _run(
        ["pg_restore", "--data-only", "--table=django_migrations", "--file", "-", str(path)]
    ).splitlines()
    applied = set()
    for number, line in enumerate(script):
        if line.startswith("COPY ") and "django_migrations" in line:
            columns = [c.strip() for c in line[line.index("(") + 1 : line.index(")")].split(",")]
            app, name = columns.index("app"), columns.index("name")
            for row in script[number + 1 :]:
                if row == "\\.":
                    break
                values = row.split("\t")
                applied.add((values[app], values[name]))
            break
    check_schema(path, applied=applied, tables=tables)


def project_apps():
    """Labels of this project's own apps that have migrations (not Django's, not libraries')."""
    base = Path(settings.BASE_DIR).resolve()
    migrated = {app for app, _ in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and config.label in migrated
    }


def check_schema(path, *, applied, tables):
    """Raise BackupError unless `applied` migrations and `tables` make a database of this register.

    Every project app has migrations applied, none is unknown to this code (a newer version's
    backup), and every table the applied migrations create exists.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = project_apps()
    missing = sorted(label for label in ours if not any(app == label for app, _ in applied))
    if missing:
        raise BackupError(
            f"{path} is not a backup of this register: no migrations of {', '.join(missing)} applied."
        )
    unknown = sorted(
        f"{app}.{name}"
        for app, name in applied
        if app in loader.migrated_apps and (app, name) not in loader.graph.nodes
    )
    if unknown:
        raise BackupError(
            f"{path} was made by another version of this register: migrations {', '.join(unknown)} "
            "are unknown here."
        )
    known = [node for node in applied if node in loader.graph.nodes]
    state = loader.project_state(nodes=known, at_end=True)
    expected = {
        model.options.get("db_table") or f"{app_label}_{name}"
        for (app_label, name), model in state.models.items()
        if model.options.get("managed", True) and not model.options.get("proxy")
    }
    absent = sorted(expected - set(tables))
    if absent:
        raise BackupError(
            f"{path} is not a whole backup of this register: tables {', '.join(absent[:10])} are missing."
        )


def pending_migrations():
    """Migrations of this code not applied in the database (after restoring an older backup)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(
        f"{app}.{name}" for app, name in loader.graph.nodes if (app, name) not in loader.applied_migrations
    )
