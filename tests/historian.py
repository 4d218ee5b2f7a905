"""Slices of the bundled Office of the Historian data (data/historian/) for fast tests: files of
the same schema holding only some records, written as the publisher writes them, and what the
XML itself says about them (read here with ElementTree, independently of the importer)."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

DATA = Path(settings.BASE_DIR) / "data" / "historian"
RECORD_TAGS = {
    "trips": "trip",
    "visits": "visit",
    "presidents": "president",
    "principal-position": "principal",
}


def slice_file(directory, relpath, *, ids=None, first=None, name=None):
    """Write `name` (default: the original's name) in `directory`: the bundled file at `relpath`
    with only the records whose <id> is in `ids`, or its `first` records; header and footer as they
    are. Returns its path."""
    text = (DATA / relpath).read_text(encoding="utf-8")
    root = re.search(r"<(trips|visits|presidents|principal-position)[\s>]", text).group(1)
    tag = RECORD_TAGS[root]
    pattern = re.compile(rf"[ \t]*<{tag}[\s>].*?</{tag}>\n", re.S)
    records = list(pattern.finditer(text))
    if ids is not None:
        wanted = {str(i) for i in ids}
        chosen = [m for m in records if re.search(r"<id>([^<]*)</id>", m.group(0)).group(1) in wanted]
        assert len(chosen) == len(wanted), f"{relpath}: ids not found: {wanted}"
    else:
        chosen = records[:first]
    body = "".join(m.group(0) for m in chosen)
    sliced = text[: records[0].start()] + body + text[records[-1].end() :]
    path = Path(directory) / (name or Path(relpath).name)
    path.write_text(sliced, encoding="utf-8")
    return path


def records(path):
    """The record elements of an XML file (ElementTree), e.g. every <trip>."""
    root = ET.parse(path).getroot()
    return list(root.iter(RECORD_TAGS[root.tag]))


def import_files(*paths, **options):
    """Run `manage.py import_historian` on `paths`; returns its output."""
    import io

    out = io.StringIO()
    call_command("import_historian", *[str(p) for p in paths], "--no-progress", stdout=out, **options)
    return out.getvalue()
