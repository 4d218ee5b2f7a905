"""The one CSV writer of the project: every CSV the register produces is written by `writer()`.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (CSV injection:
`=HYPERLINK(...)`, `=cmd|...`), also when a tab or carriage return comes first. Record texts are
typed by editors and imported from reports, so any of them may start that way. Following
OWASP's rule, such a cell is written with a single quote before it (`'=1+1`), which spreadsheets
show as text; the value is otherwise unchanged. Plain numbers (`-12.5`, `+3`, `1e-3`) are left
as they are: they are not formulas, and coordinates and counts must stay numbers.
"""

import csv
import re

# What a spreadsheet may take as the start of a formula: =, +, -, @ and their full-width forms
# (some spreadsheets convert those on input), after any leading whitespace.
_FORMULA_START = re.compile(r"^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value):
    """`value` as a cell no spreadsheet runs as a formula (OWASP: prefix with a single quote)."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "\t\r" or (_FORMULA_START.match(value) and not _NUMBER.match(value)):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer's interface; every cell passes through `safe_cell`."""

    def __init__(self, buffer, **options):
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(buffer, **options):
    """A CSV writer (RFC 4180 line ends by default) whose cells are safe to open in a spreadsheet."""
    return _SafeWriter(buffer, **{"lineterminator": "\r\n", **options})
