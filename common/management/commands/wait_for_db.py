import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Wait until the default database accepts connections (used when a container starts)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60, help="Seconds to wait before giving up.")

    def handle(self, *args, timeout, **options):
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.ensure_connection()
            except OperationalError as exc:
                if time.monotonic() >= deadline:
                    raise CommandError(f"Database not reachable after {timeout:g}s: {exc}") from exc
                time.sleep(1)
                connection.close()
            else:
                self.stdout.write("Database is ready.")
                return
