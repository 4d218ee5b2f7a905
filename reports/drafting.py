"""A report as submitted (pasted text, or an uploaded .txt or .html) turned into a proposal."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from reports.extraction.extract import extract
from reports.extraction.gazetteer import Gazetteer
from reports.extraction.text import html_to_text

# A press release is a few thousand characters; a megabyte is a book, refused with a clear error.
MAX_TEXT_CHARS = 200_000


@dataclass
class Report:
    text: str
    title: str = ""
    url: str = ""
    publisher: str = ""
    published_on: object = None  # datetime.date
    language: str = "en"


def report_text(*, text="", html="", filename=""):
    """The report's plain text: HTML (given as `html`, or a file named .html/.htm) becomes text."""
    if html or filename.lower().endswith((".html", ".htm")):
        text = html_to_text(html or text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValidationError({"text": "The report has no text."})
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            {"text": f"The report has {len(text)} characters; at most {MAX_TEXT_CHARS} are read."}
        )
    return text


def propose(report, gazetteer=None):
    """The proposal for a report, matched against the register (or the gazetteer given)."""
    return extract(
        report.text, published_on=report.published_on, gazetteer=gazetteer or Gazetteer.from_database()
    )
