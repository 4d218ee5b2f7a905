"""Names as compared by importers and duplicate checks: accents, case, punctuation and spacing
ignored, so "Erdoğan" and "Erdogan", "Kyiv" and "KYIV" are the same name."""

import re
import unicodedata


def normalise_name(name):
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())
