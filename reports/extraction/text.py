"""A report's text: HTML turned into plain text, sentences and tokens with their offsets."""

import re
from dataclasses import dataclass

# Tags whose content is never report text.
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head", "nav", "footer")
_BLOCKS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
)


def html_to_text(html):
    """The readable text of an HTML page, one paragraph a line. BeautifulSoup with Python's own
    parser (no lxml build): scripts, styles and markup go, entities are decoded; nothing of the
    page's HTML survives to be rendered again."""
    from bs4 import BeautifulSoup  # only when an HTML report comes in

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROPPED):
        tag.decompose()
    for tag in soup(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    return "\n\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


# A sentence ends at . ! ? followed by space and a capital, a quote or a digit, or at a line break.
# Abbreviations ("Mr.", "St.", "U.S.") do not end one.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "prof",
    "gen",
    "col",
    "lt",
    "maj",
    "gov",
    "sen",
    "rep",
    "no",
    "vs",
    "jr",
    "sr",
    "u.s",
    "u.k",
    "h.e",
    "h.h",
    "a.m",
    "p.m",
    "approx",
    "ca",
}
# A full stop before a lower-case word ends a sentence too ("inhabitants. the infrastructure"): reports
# have typos, and the abbreviations below are kept whole.
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]?\s+(?=[A-Za-z0-9\"“‘(])|\n\s*")


def sentences(text):
    """The text's sentences as Spans (leading and trailing whitespace left out)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        last_word = before[-1].lower().rstrip(".") if before else ""
        if match.group().startswith(".") and (
            last_word in _ABBREVIATIONS
            or (len(before[-1]) == 1 and before[-1].isupper())
            or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", before[-1])
        ):
            continue  # "Mr.", "Dr.", and initials: "Dr. S. Jaishankar", "Shri P.S. Karthigeyan"
        end = match.start() + (0 if match.group().startswith(("\n", " ")) else len(match.group().rstrip()))
        _add(spans, text, start, end)
        start = match.end()
    _add(spans, text, start, len(text))
    return spans


def _add(spans, text, start, end):
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + (len(chunk) - len(chunk.lstrip()))
        spans.append(Span(offset, offset + len(stripped), stripped))


_TOKEN = re.compile(r"[^\W_][\w'’\-.]*[^\W_]|[^\W_]", re.UNICODE)


def tokens(text, start=0, end=None):
    """Word tokens in text[start:end] as Spans; a possessive ('s) and a final full stop are not part
    of the word."""
    result = []
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        word, word_start = match.group(), match.start()
        if word.endswith((".",)) and not re.fullmatch(r"(?:[A-Z]\.)+", word):
            word = word.rstrip(".")
        for suffix in ("'s", "’s"):
            if word.endswith(suffix) and len(word) > 2:
                word = word[: -len(suffix)]
        if word:
            result.append(Span(word_start, word_start + len(word), word))
    return result
