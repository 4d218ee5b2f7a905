from django.core.management.base import BaseCommand, CommandError

from common.ops.backups import BackupError, pending_migrations, restore


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `backup`. The file must be a backup "
        "of this register (its migrations and tables, undamaged); the database it replaces is saved "
        "first, to backups/before-restore-<time>.<ext> unless --keep-previous-at says where."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by `manage.py backup`.")
        parser.add_argument("--no-input", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--keep-previous-at",
            metavar="FILE",
            help="Where to save the database being replaced (default backups/before-restore-<time>.<ext>).",
        )

    def handle(self, *args, path, no_input, keep_previous_at, **options):
        if not no_input:
            answer = input(f"This replaces every record with the contents of {path}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            previous = restore(path, keep_previous_at=keep_previous_at)
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}"))
        self.stdout.write(f"The database it replaced is saved in {previous}")
        pending = pending_migrations()
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(pending)} migration(s) of this code "
                    f"({', '.join(pending[:5])}); run `manage.py migrate`."
                )
            )
