from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importers.historian import import_historian


class Command(BaseCommand):
    help = (
        "Import Office of the Historian XML files (travels, visits, presidents.xml, pocom positions): "
        "files or directories, any subset, new files of the same schemas included. Each file is "
        "imported in one transaction; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            help="XML files or directories (searched for *.xml). Default: the bundled data/historian/.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Write the files' values over fields edited since the last import (kept otherwise).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check everything, write nothing."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--skip-unchanged",
            action="store_true",
            help="Skip files whose exact text was imported before (fast restarts; a changed mapping "
            "needs a run without it).",
        )

    def handle(self, *args, paths, overwrite, dry_run, no_progress, skip_unchanged, verbosity, **options):
        paths = paths or [settings.BASE_DIR / "data" / "historian"]
        result = import_historian(
            paths=paths,
            overwrite=overwrite,
            dry_run=dry_run,
            progress=False if no_progress else None,
            skip_unchanged=skip_unchanged,
        )
        if verbosity >= 2:
            for file_result in result.files:
                self.stdout.write("\n".join(file_result.lines()))
        else:
            for file_result in result.files:
                for line in file_result.kept_lines():
                    self.stdout.write(f"{file_result.filename}: {line}")
        unchanged = [path for path, why in result.skipped if why.startswith("already")]
        for path, why in result.skipped:
            if not why.startswith("already"):
                self.stdout.write(f"skipped {path.name}: {why}")
        if unchanged:
            self.stdout.write(f"{len(unchanged)} file(s) already imported and unchanged: skipped")
        head = "checked (dry run, nothing written)" if dry_run else "imported"
        self.stdout.write(f"{len(result.files)} file(s) {head} in {result.seconds:.1f} s")
        for label, totals in sorted(result.totals().items()):
            self.stdout.write(
                f"  {label}: {totals['created']} created, {totals['updated']} updated, "
                f"{totals['unchanged']} unchanged, {totals['kept']} kept-edited"
            )
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} file(s) not imported (each wrote nothing):\n"
                + "\n".join(result.errors)
            )
