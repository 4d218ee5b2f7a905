"""The API's one body format: JSON. Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE are refused with a 413
(DRF reads JSON through request.body, where Django checks the size; see exceptions.py)."""

import re

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

# No text the register stores may hold these: PostgreSQL refuses NUL in a string, and an unpaired
# surrogate (JSON's "\udc00") cannot be encoded for any database.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable_text(data):
    """(top-level field, path) of the first text holding an unstorable character, e.g.
    ("other_names", "other_names[0].name"), or None. Iterative: the parser has bounded the depth.
    A bad key has no field of its own: ("detail", its repr)."""
    stack = [(None, "", data)]
    while stack:
        field, path, value = stack.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                return field or "detail", path or "the body"
        elif isinstance(value, dict):
            for key, item in value.items():
                if _UNSTORABLE.search(key):
                    return "detail", f"{path}.{key!r}" if path else f"the key {key!r}"
                stack.append((field or key, f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((field, f"{path}[{index}]", item) for index, item in enumerate(value))
    return None


class SafeJSONParser(JSONParser):
    """JSON nested deeply enough to exhaust Python's recursion limit is a parse error, not a 500;
    text with a NUL character or an unpaired surrogate, wherever it is in the body, is a 400 naming
    the field (every field, those that look records up by slug too, would hand it to the database)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        found = _unstorable_text(data)
        if found is not None:
            field, path = found
            message = f"{path} contains a NUL character or an unpaired surrogate, which no text may hold."
            raise ValidationError({field: [message]})
        return data
