"""Reading the Office of the Historian's XML safely, with the position of every value.

A file is parsed twice over the same text: by defusedxml (which refuses DTDs, entities and
external references, so a hostile file cannot expand or fetch anything) for the values, and by
a scanner for where each record element and each of its fields lies in the text. A citation is
then pinned to the characters of its own record, never found by searching for its words. The two
readings must agree on every record (same number, same ids), or the file is refused.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from importers.historian.errors import HistorianError

# The root element of each kind of file, and the element of one record in it.
KINDS = {
    "trips": ("travels", "trip"),
    "visits": ("visits", "visit"),
    "presidents": ("presidents", "president"),
    "principal-position": ("pocom", "principal"),
}


@dataclass
class Value:
    """One field of a record: its text (entities resolved, whitespace collapsed), its attributes,
    and the offsets of its raw text in the file (`start` to `end`, what a citation quotes)."""

    text: str
    start: int
    end: int
    attrs: dict = field(default_factory=dict)


@dataclass
class Element:
    """One record element: where it lies in the file and its fields by path ("id", "country",
    "appointed/date")."""

    tag: str
    start: int
    end: int
    attrs: dict
    values: dict

    def text(self, path, default=""):
        value = self.values.get(path)
        return value.text if value is not None else default

    def value(self, path):
        return self.values.get(path)


@dataclass
class HistorianFile:
    path: Path
    kind: str  # travels, visits, presidents, pocom
    text: str
    root: object  # the parsed root element (defusedxml), for file-level fields
    elements: list


def detect_kind(path):
    """The kind of file at `path` by its root element, or None if it is not one of the Historian's
    schemas (e.g. travel-role-codes.xml). Reads only the start of the file."""
    with open(path, "rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="replace")
    match = re.search(r"<([A-Za-z][\w.-]*)[\s/>]", re.sub(r"<\?.*?\?>|<!--.*?-->", "", head, flags=re.S))
    if match is None:
        return None
    return KINDS.get(match.group(1), (None,))[0]


def read_file(path):
    """Parse one file; raise HistorianError naming the file (and the record) when it cannot be read."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HistorianError([f"{path.name}: cannot be read as UTF-8 text: {exc}"]) from None
    try:
        root = SafeET.fromstring(text.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise HistorianError([f"{path.name}: refused, not plain XML ({type(exc).__name__}: {exc})"]) from None
    except SafeET.ParseError as exc:
        raise HistorianError([f"{path.name}: not well-formed XML: {exc}"]) from None
    if root.tag not in KINDS:
        raise HistorianError([f"{path.name}: root element <{root.tag}> is none of the Historian's schemas"])
    kind, record_tag = KINDS[root.tag]
    parsed = list(root.iter(record_tag))
    spans = list(_element_spans(text, record_tag))
    if len(parsed) != len(spans):
        raise HistorianError(
            [f"{path.name}: {len(parsed)} <{record_tag}> elements parsed but {len(spans)} found in the text"]
        )
    elements = []
    for node, (start, end) in zip(parsed, spans, strict=True):
        values = {}
        _collect(node, text, start, end, "", values)
        element = Element(tag=record_tag, start=start, end=end, attrs=dict(node.attrib), values=values)
        own_id = node.findtext("id")
        if own_id is not None and element.text("id") != " ".join(own_id.split()):
            raise HistorianError(
                [f"{path.name}: record {own_id}: its position in the text could not be found"]
            )
        elements.append(element)
    return HistorianFile(path=path, kind=kind, text=text, root=root, elements=elements)


def _element_spans(text, tag):
    """(start, end) of each <tag ...>...</tag> in `text`, in order (record elements do not nest)."""
    pattern = re.compile(rf"<{tag}(?:\s[^>]*)?>.*?</{tag}\s*>|<{tag}(?:\s[^>]*)?/>", re.S)
    for match in pattern.finditer(text):
        yield match.start(), match.end()


def _collect(node, text, start, end, prefix, values):
    """Record each child of `node` (and their children) by path, with its raw text's offsets,
    scanning the element's text from `start` to `end` in document order."""
    position = start + text[start:end].index(">") + 1  # past the element's own start tag
    for child in node:
        path = f"{prefix}{child.tag}"
        opening = re.compile(rf"<{re.escape(child.tag)}(\s[^>]*?)?(/?)>", re.S).search(text, position, end)
        if opening is None:
            raise HistorianError([f"cannot locate <{child.tag}> at offset {position}"])
        if opening.group(2) == "/":
            inner_start = inner_end = opening.end()
            close_end = opening.end()
        else:
            inner_start = opening.end()
            closing = _closing_tag(text, child.tag, inner_start, end)
            inner_end, close_end = closing
        raw_text = "".join(child.itertext())
        values[path] = Value(
            text=" ".join(raw_text.split()),
            start=inner_start,
            end=inner_end,
            attrs=dict(child.attrib),
        )
        if len(child):
            _collect(child, text, opening.start(), close_end, f"{path}/", values)
        position = close_end


def _closing_tag(text, tag, position, end):
    """(start, end) of the tag that closes an element opened just before `position`, allowing
    for the same tag nested inside it."""
    depth = 1
    pattern = re.compile(rf"<(/?){re.escape(tag)}(\s[^>]*?)?(/?)>", re.S)
    for match in pattern.finditer(text, position, end):
        if match.group(3) == "/":
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start(), match.end()
    raise HistorianError([f"<{tag}> opened before offset {position} is never closed"])
