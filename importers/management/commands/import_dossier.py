from django.core.management.base import BaseCommand, CommandError

from importers.dossier import DossierError, import_dossier

OVERWRITE_HELP = (
    "Write the dossier's values even over fields edited (or records deleted) since the last import; "
    "without it they are kept and reported."
)


class Command(BaseCommand):
    help = "Check a dossier (YAML, see docs/dossier-format.md) and import it in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The dossier's YAML file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing.")
        parser.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)

    def handle(self, *args, path, dry_run, overwrite, **options):
        try:
            result = import_dossier(path=path, dry_run=dry_run, overwrite=overwrite)
        except DossierError as exc:
            raise CommandError(f"nothing was imported; fix these problems:\n{exc}") from None
        self.stdout.write("\n".join(result.lines()))
