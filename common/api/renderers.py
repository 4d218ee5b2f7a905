"""The API's renderers: JSON (encoded by orjson) and CSV.

CSV output (`?format=csv` or `Accept: text/csv`): one row per record, flat columns.

Columns follow the serializer: a plain field is one column; a related record (written as
its brief form in JSON) becomes `<field>.<brief field>` columns; a list (citations,
engagements, ...) is one column of the items' `display` texts joined by " | ".
Views without a serializer (the aggregates) write the keys of their rows.
Written by common.csv_export, the project's one CSV writer: no cell is a spreadsheet formula.
"""

import io

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer

from common import csv_export
from common.api.fields import RelatedRecordField

LIST_SEPARATOR = " | "


def csv_columns(serializer):
    columns = []
    for name, field in serializer.fields.items():
        if isinstance(field, RelatedRecordField):
            columns += [f"{name}.{sub}" for sub in field.brief_serializer().fields]
        else:
            columns.append(name)
    return columns


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return value.get("display", "")
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(_cell(item)) for item in value)
    return value


def _value(row, column):
    if column in row:
        return _cell(row[column])
    name, _, sub = column.partition(".")
    related = row.get(name)
    return _cell(related.get(sub)) if isinstance(related, dict) else ""


def csv_row(row, columns):
    """The cells of one record's JSON form (`row`) under `columns` (csv_columns())."""
    return [_value(row, column) for column in columns]


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        if isinstance(rows, dict):
            rows = [rows]
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        columns = None
        if (
            view is not None
            and hasattr(view, "csv_columns")
            and (response is None or response.status_code < 400)
        ):
            columns = view.csv_columns()
        if columns is None:
            columns = list(dict.fromkeys(key for row in rows for key in row))
        buffer = io.StringIO()
        writer = csv_export.writer(buffer)  # cells that start like a formula are neutralised
        writer.writerow(columns)
        for row in rows:
            writer.writerow(csv_row(row, columns))
        return buffer.getvalue().encode(self.charset)


class FastJSONRenderer(JSONRenderer):
    """DRF's JSONRenderer with orjson encoding: the same bytes, in a sixth of the time (a tenth of
    a 100-visit list's time went to json.dumps, docs/performance.md).

    Values orjson would write its own way (dates and times) go through DRF's encoder, like
    anything else it does not know; indented output (`Accept: ...; indent=2`) stays DRF's.
    """

    options = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        body = orjson.dumps(data, default=self.encoder_class().default, option=self.options)
        # As DRF does: these two are valid JSON but end a line in JavaScript.
        return body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
