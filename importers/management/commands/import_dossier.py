from django.core.management.base import BaseCommand, CommandError

from importers.dossier import DossierError, import_dossier


class Command(BaseCommand):
    help = "Check a dossier (YAML, see docs/dossier-format.md) and import it in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The dossier's YAML file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing.")

    def handle(self, *args, path, dry_run, **options):
        try:
            result = import_dossier(path=path, dry_run=dry_run)
        except DossierError as exc:
            raise CommandError(f"nothing was imported; fix these problems:\n{exc}") from None
        self.stdout.write("\n".join(result.lines()))
