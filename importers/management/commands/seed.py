from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from importers.dossier import DossierError, import_dossier
from importers.management.commands.import_dossier import OVERWRITE_HELP


class Command(BaseCommand):
    help = (
        "Import every bundled dossier (data/reports/*.yaml), all or nothing. Safe to run again: "
        "what editors changed since the last import is kept and reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)

    def handle(self, *args, overwrite, **options):
        paths = sorted((settings.BASE_DIR / "data" / "reports").glob("*.yaml"))
        if not paths:
            raise CommandError("no dossiers found in data/reports/")
        try:
            with transaction.atomic():
                results = [import_dossier(path=path, overwrite=overwrite) for path in paths]
        except DossierError as exc:
            raise CommandError(f"nothing was seeded; fix these problems:\n{exc}") from None
        for result in results:
            self.stdout.write("\n".join(result.lines()))
