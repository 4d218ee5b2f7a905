"""`import_dossier(path=...)`: check a whole dossier, then write it in one transaction."""

from pathlib import Path

from django.db import transaction

from importers.dossier.checker import Checker
from importers.dossier.errors import DossierError
from importers.dossier.reading import read_yaml
from importers.dossier.schema import DOSSIER
from importers.dossier.writer import ImportResult, Writer
from importers.provenance import ImportLedger


def import_dossier(*, path, dry_run=False, overwrite=False):
    """Check and import one dossier; raise DossierError listing every problem, writing nothing.

    With dry_run the whole import runs and is rolled back, so the counts say what it would do.
    A field an editor changed since the last import is kept and reported (importers.provenance),
    unless `overwrite`.
    """
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DossierError([f"{path.name}: the dossier must be a mapping with a 'source' entry"])
    checker = Checker(filename=path.name)
    dossier = checker.clean_entry(data, DOSSIER, "")
    text = None
    for source in dossier.children.get("source", []):
        if "text_file" in source.values:
            text = checker.read_file(source, "text_file", path.parent)
    checker.check_refs()
    if text is not None:
        checker.check_quotes(text)
    if checker.errors:
        raise DossierError(checker.errors)

    ledger = ImportLedger("dossier", overwrite=overwrite)
    writer = Writer(checker, reason=f"import_dossier {path.name}", ledger=ledger)
    with transaction.atomic():
        writer.write(dossier)
        if checker.errors:
            raise DossierError(checker.errors)  # leaving the block rolls everything back
        ledger.flush()
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(filename=path.name, dry_run=dry_run, counts=writer.counts, kept=ledger.lines())
