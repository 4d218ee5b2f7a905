"""How a quote reads on a page. A quote from prose is shown as written. A structured source (the
Office of the Historian's XML files) is quoted one record element at a time, and its markup shown
as is reads as code to a reader: such a quote is shown as its fields instead, label and value,
in the order the record gives them. The stored quote stays verbatim either way."""

import html
import re
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeET


def record_fields(quote):
    """[(label, value)] of a quote that is one whole XML element; [] for any other quote (prose,
    a fragment, markup that does not parse), which is then shown verbatim."""
    text = quote.strip()
    if not (text.startswith("<") and text.endswith(">")):
        return []
    try:
        root = SafeET.fromstring(text)
    except (ParseError, defusedxml.DefusedXmlException):
        return []
    fields = []
    for element in root.iter():
        value = " ".join((element.text or "").split())
        if value and len(element) == 0:
            label = element.tag.rpartition("}")[2].replace("-", " ").replace("_", " ")
            fields.append((label, value))
    return fields


def readable_quote(quote):
    """The quote as one line of text: a record's fields as 'label: value; ...', prose as written."""
    fields = record_fields(quote)
    return "; ".join(f"{label}: {value}" for label, value in fields) if fields else quote


CLOSING_TAG = re.compile(r"</[A-Za-z][\w.:-]*\s*>")
TAG = re.compile(r"<[^<>]*>|^[^<]*?>|<[^>]*$")  # a whole tag, or one cut off at either edge


def markup_as_text(text):
    """A passage of a structured source (a search result's window into an XML file) as the text
    of its elements, ' · ' between them; any other text as it is. A closing tag is what tells
    markup from prose, which may hold a lone '<'."""
    if not text or not CLOSING_TAG.search(text):
        return text
    pieces = (" ".join(html.unescape(piece).split()) for piece in TAG.split(text))
    return " · ".join(piece for piece in pieces if piece)
