"""manage.py export_dossier VISIT [--out DIR]: a visit (slug or id) written as a dossier and its
source's text, which import_dossier takes back unchanged."""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from importers.dossier.exporter import NotExportable, export_visit
from visits.models import Visit


class Command(BaseCommand):
    help = "Write a visit as a dossier (YAML) with its source's text beside it."

    def add_arguments(self, parser):
        parser.add_argument("visit", help="The visit's slug or id.")
        parser.add_argument(
            "--out", default=".", help="The folder to write <source>.yaml and <source>.txt to."
        )

    def handle(self, *args, visit, out, **options):
        found = Visit.objects.filter(slug=visit).first()
        if found is None and visit.isdigit():
            found = Visit.objects.filter(pk=int(visit)).first()
        if found is None:
            raise CommandError(f"No visit {visit!r} (give its slug or id).")
        try:
            dossier, source = export_visit(found)
        except NotExportable as exc:
            raise CommandError(str(exc)) from None
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / dossier["source"]["text_file"]).write_text(source.text, encoding="utf-8")
        path = folder / f"{source.slug}.yaml"
        header = f"# The visit {found.slug}, exported from the register (manage.py export_dossier).\n"
        body = yaml.safe_dump(dossier, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(header + body, encoding="utf-8")
        self.stdout.write(str(path))
