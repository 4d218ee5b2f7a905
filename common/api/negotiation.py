"""Content negotiation that names a format it does not know.

DRF answers `?format=` naming no renderer of the endpoint with a bare 404 ("Not found."), as if
the resource did not exist: an analyst asking a list for `format=jsonl` (a format of the exports
only) or mistyping `format=cvs` was told nothing useful. Here it is a 400 on the `format`
parameter listing the formats the endpoint writes, as every other bad parameter is.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class StrictFormatNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            valid = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise ValidationError({"format": [f"Unknown format {format!r}; use one of: {valid}."]})
        return matching
