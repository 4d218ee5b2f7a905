"""The Office of the Historian's data (data/historian/, public domain): trips abroad of the
Presidents and Secretaries of State, visits of foreign leaders to the U.S., the Presidents' and
the Secretaries' terms, imported as the register's own records.

`import_historian(paths=[...])` reads any subset of the published XML files (and new files of the
same schemas) safely, and writes each file in one transaction through common.services: a source
per file, each record found again by the data set's own ids (identifiers) or by normalised name
and country, each record's citation pinned by offsets to its own element in the file. A second
run changes nothing; a field an editor changed since the last import is kept and reported.

    reading.py   safe XML (defusedxml) and the offsets of every record and field
    mapping.py   what the files do not say, as data in mapping/ (countries, titles, kinds, ...)
    writer.py    records from one file: matching, kept-edited rule, bulk creation with history
    importer.py  files in order, one transaction each, progress and counts

docs/historian.md describes the mapping for those who maintain it.
"""

from importers.historian.errors import HistorianError
from importers.historian.importer import RunResult, import_historian

__all__ = ["HistorianError", "RunResult", "import_historian"]
