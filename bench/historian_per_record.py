"""For bench/historian_import.py: the same trips written record by record through
common.services.save_record (validation, insert and history row for each), the path the
Historian importer's bulk writer replaces. Run on a database the import has filled."""

import time

from django.db import transaction

from common.services import save_record
from importers.historian.reading import read_file
from importers.historian.writer import _locale_parts
from places.models import Place, PlaceKind
from sources.models import Citation, Identifier, Source
from visits.models import Engagement, Visit, VisitStatus

TRAVELS = "data/historian/travels/secretary-travels/kissinger-henry-a.xml"


def write_trips_record_by_record(count):
    hfile = read_file(TRAVELS)
    source = Source.objects.get(slug="historian-travels-secretary-travels-kissinger-henry-a")
    principal = Visit.objects.filter(identifiers__scheme="historian-trip").first().principal
    home = Place.objects.get(iso_code="US")
    country = Place.objects.filter(kind=PlaceKind.COUNTRY).exclude(pk=home.pk).first()
    rows = trips = 0
    started = time.monotonic()
    with transaction.atomic():
        for element in hfile.elements[:count]:
            visit = save_record(
                record=Visit(
                    slug=f"bench-per-record-{element.text('id')}",
                    title=f"Trip to {element.text('country')}",
                    principal=principal,
                    principal_country=home,
                    kind="not_stated",
                    host_country=country,
                    start_date=element.text("start-date"),
                    summary=element.text("remarks"),
                    status=VisitStatus.HELD,
                ),
                reason="bench",
            )
            save_record(
                record=Identifier(record=visit, scheme="bench-trip", value=element.text("id")), reason="bench"
            )
            save_record(
                record=Citation(
                    source=source,
                    content_object=visit,
                    quote=hfile.text[element.start : element.end],
                    start=element.start,
                ),
                reason="bench",
            )
            rows += 3
            locale = element.value("locale")
            if locale is not None and locale.text:
                for sequence, (name, start, _end) in enumerate(_locale_parts(hfile.text, locale), start=1):
                    stop = save_record(
                        record=Engagement(visit=visit, sequence=sequence, title=name, venue=country),
                        reason="bench",
                    )
                    save_record(
                        record=Citation(source=source, content_object=stop, quote=name, start=start),
                        reason="bench",
                    )
                    rows += 2
            trips += 1
        elapsed = time.monotonic() - started
        transaction.set_rollback(True)
    return {"trips": trips, "rows": rows, "per_record_wall": elapsed}
