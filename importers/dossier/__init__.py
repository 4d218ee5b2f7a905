"""Dossiers: hand-written YAML files that describe what a report states, quote by quote.

`import_dossier(path=...)` loads a dossier, checks all of it (collecting every error, each
naming the file, the entry, the field and the problem), then writes it in one transaction
through common.services. Records are upserted by natural key, so a second import changes
nothing; a record whose values are unchanged is not saved again.

    schema.py    the format, declared once: each kind of entry, its model, key and fields
    reading.py   safe YAML
    checker.py   pass 1: types, values, references, keys and quotes; no writes
    writer.py    pass 2: one generic upsert per entry, driven by the schema
    importer.py  the two passes in one transaction

The format is documented for its writers in docs/dossier-format.md.
"""

from importers.dossier.errors import DossierError
from importers.dossier.importer import import_dossier
from importers.dossier.writer import ImportResult

__all__ = ["DossierError", "ImportResult", "import_dossier"]
