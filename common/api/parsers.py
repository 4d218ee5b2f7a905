"""The API's one body format: JSON. Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE are refused with a 413
(DRF reads JSON through request.body, where Django checks the size; see exceptions.py)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """JSON nested deeply enough to exhaust Python's recursion limit is a parse error, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
