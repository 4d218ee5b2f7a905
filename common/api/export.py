"""Full exports of any filtered list: `/api/v1/<resource>/export/?format=csv|jsonl&<filters>`.

A list page stops at 1,000 rows; an export is every matching row, streamed (Django's
StreamingHttpResponse) in constant memory whatever the count: the ordered ids are read through
a chunked cursor, and each chunk of EXPORT_CHUNK records is read in full, written and dropped.
bench/export_memory.py measures it (memory flat from 1,000 to 100,000 rows).

What the file says about itself, so a saved file is never silently partial:
- CSV: the first line is one cell, `# <count> <records>; filter: <query>; exported <when>`; then
  the header row and the rows, written by common.csv_export (no formula cells). Spreadsheets
  show the note in A1; pandas reads it with `pd.read_csv(..., skiprows=1)`.
- JSON Lines: the first line is `{"export": {"resource", "count", "filter", "exported_at"}}`; each
  further line is one record, as the list's JSON writes it.
- Both: the `X-Total-Count` and `X-Export-Filter` headers, and a file name in
  Content-Disposition. The count is taken as the export starts; rows written in the meantime by
  someone else may make the file differ from it by those rows.
"""

import datetime
import io
from urllib.parse import urlencode

import orjson
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

from common import csv_export
from common.api import compiled
from common.api.reads import cached_plan, read_by_id, release
from common.api.renderers import CSVRenderer, csv_columns, csv_row

EXPORT_CHUNK = 500


def _json_line(value):
    return orjson.dumps(value, default=JSONEncoder().default) + b"\n"


class JSONLinesRenderer(BaseRenderer):
    """One JSON document per line (an export's errors are one line too)."""

    media_type = "application/jsonl"
    format = "jsonl"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        return b"".join(_json_line(row) for row in rows)


def _chunks(ids, size):
    chunk = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _WithoutFormat:
    """The request as record links see it: links in an export carry no `?format=jsonl`."""

    def __init__(self, request):
        self._request = request
        self.GET = request.GET.copy()
        self.GET.pop("format", None)

    def __getattr__(self, name):
        return getattr(self._request, name)


class ExportMixin:
    """The `export` action of every record list (RecordViewSet)."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "export":
            context["request"] = _WithoutFormat(context["request"])
        return context

    @extend_schema(
        summary="Export every matching record (CSV or JSON Lines)",
        description="The whole filtered list, streamed: every row, not a page. Takes the list's filters, "
        "`ordering`, `fields` and `brief`. CSV (default, `?format=csv`): a first line "
        "`# <count> <records>; filter: <query>; exported <time>`, then a header row and one row per "
        "record. JSON Lines (`?format=jsonl`): a first line "
        '`{"export": {"resource", "count", "filter", "exported_at"}}`, then one record per line. '
        "`X-Total-Count` and `X-Export-Filter` headers say the same.",
        filters=True,
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file."),
            (200, "application/jsonl"): OpenApiResponse(OpenApiTypes.STR, description="JSON Lines."),
        },
    )
    @action(detail=False, pagination_class=None, renderer_classes=[CSVRenderer, JSONLinesRenderer])
    def export(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        queryset = self.filter_queryset(self.get_queryset())
        count = queryset.count()
        query = urlencode([(k, v) for k, values in request.GET.lists() if k != "format" for v in values])
        serializer = self.get_serializer(many=True)
        model = queryset.model._meta
        meta = {
            "resource": str(model.verbose_name if count == 1 else model.verbose_name_plural),
            "count": count,
            "filter": query,
            "exported_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
        # Ordered ids through a chunked cursor; the records themselves chunk by chunk.
        ids = queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)
        rows = self._export_rows(ids.iterator(chunk_size=EXPORT_CHUNK))
        lines = self._csv_lines(serializer, meta, rows) if fmt == "csv" else self._jsonl_lines(meta, rows)
        response = StreamingHttpResponse(lines, content_type=request.accepted_renderer.media_type)
        if fmt == "csv":
            response["Content-Type"] = "text/csv; charset=utf-8"
        response["X-Total-Count"] = str(count)
        response["X-Export-Filter"] = query
        response["Content-Disposition"] = f'attachment; filename="{self.basename}-export.{fmt}"'
        return response

    def _export_rows(self, ids):
        """Each record's JSON form, read EXPORT_CHUNK at a time and then let go."""
        for chunk in _chunks(ids, EXPORT_CHUNK):
            yield from self._chunk_rows(chunk)

    def _chunk_rows(self, chunk):
        # A generator of its own, so that a chunk's records are let go (its frame ends) before
        # the next chunk is read; each record's JSON is made as it is written, not the chunk's
        # at once (serializer.data). Then release() breaks the cycles the read made (a stop
        # knows its visit, the visit its stops): left to the cycle collector, whose full runs
        # are rare in a big heap, the garbage of chunk after chunk piled up (a CSV export's
        # peak grew 26 -> 44 MiB over its first 4 chunks); a gc.collect() per chunk took ~10%
        # of the export's time. Measured in bench/export_memory.py, docs/performance.md.
        child = self.get_serializer(many=True).child
        if getattr(self, "read_lists_by_id", False):
            plan = cached_plan(child)
            records = read_by_id(plan, chunk)
        else:
            plan = None  # records read by the queryset (its prefetches), freed by the collector
            by_pk = {record.pk: record for record in self.get_queryset().filter(pk__in=chunk)}
            records = [by_pk[pk] for pk in chunk if pk in by_pk]
        write = compiled.writer(child) if getattr(self, "compile_lists", False) else child.to_representation
        for record in records:
            yield write(record)
        if plan is not None:
            release(plan, records)

    def _csv_lines(self, serializer, meta, rows):
        columns = csv_columns(serializer.child)
        buffer = io.StringIO()
        writer = csv_export.writer(buffer)
        filter_text = meta["filter"] or "(none)"
        writer.writerow(
            [f"# {meta['count']} {meta['resource']}; filter: {filter_text}; exported {meta['exported_at']}"]
        )
        writer.writerow(columns)
        for number, row in enumerate(rows, start=1):
            writer.writerow(csv_row(row, columns))
            if number % EXPORT_CHUNK == 0:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    def _jsonl_lines(self, meta, rows):
        yield _json_line({"export": meta})
        batch = []
        for row in rows:
            batch.append(_json_line(row))
            if len(batch) == EXPORT_CHUNK:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)
