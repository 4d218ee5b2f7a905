import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Output file; default backups/<timestamp>.<ext>.")

    def handle(self, *args, path, **options):
        from django.db import connection

        if not path:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            extension = "dump" if connection.vendor == "postgresql" else "sqlite3"
            path = settings.BASE_DIR / "backups" / f"{stamp}.{extension}"
        try:
            written = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
