"""A small iCalendar (RFC 5545) writer for visit feeds: all-day events over each visit's period."""

import datetime

from django.http import HttpResponse
from django.utils import timezone

from common.partial_dates import day_after
from places.models import Place, PlaceKind
from visits.models import Engagement, VisitStatus

PRODID = "-//govvisits//Official visits register//EN"
EVENT_STATUS = {VisitStatus.PLANNED: "TENTATIVE", VisitStatus.CANCELLED: "CANCELLED"}


def escape_text(value):
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Fold a content line into chunks of at most 75 octets (RFC 5545 3.1), never inside a character."""
    chunks, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75 octets.
        limit = 75 if not chunks else 74
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _date(day):
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _end(visit):
    """DTEND, exclusive: the day after the visit's last day; after 9999-12-31, which Python cannot
    hold, the same span as DURATION (RFC 5545 3.8.2.5)."""
    following = day_after(visit.last_day)
    if following is not None:
        return f"DTEND;VALUE=DATE:{_date(following)}"
    return f"DURATION:P{(visit.last_day - visit.start_date).days + 1}D"


def locations(visits):
    """Each visit's LOCATION text by id: its first stop's place named down the tree, "venue, city,
    country" (regions and districts left out, as in a postal address), or its host country's name
    when no stop names a place. Two queries for any number of visits: the stops' places, then
    every place above them."""
    visits = list(visits)
    first_place = {}
    stops = (
        Engagement.objects.filter(visit__in=[visit.pk for visit in visits], venue__isnull=False)
        .order_by("visit_id", "sequence")
        .values_list("visit_id", "venue__path")
    )
    for visit_id, path in stops:
        first_place.setdefault(visit_id, path)

    def ids(path):
        return [int(part) for part in path.strip("/").split("/") if part]

    names = Place.objects.filter(pk__in={pk for path in first_place.values() for pk in ids(path)}).exclude(
        kind__in=[PlaceKind.REGION, PlaceKind.DISTRICT]
    )
    name_of = dict(names.values_list("pk", "name"))
    result = {}
    for visit in visits:
        path = first_place.get(visit.pk)
        parts = [name_of[pk] for pk in reversed(ids(path)) if pk in name_of] if path else []
        result[visit.pk] = ", ".join(parts) or visit.host_country.name
    return result


def visit_event(visit, *, base_url, location=None):
    """The lines of one VEVENT; DTEND is exclusive, so a partial date covers its whole period.
    `location` defaults to the host country's name."""
    stamp = (visit.updated_at or timezone.now()).astimezone(datetime.UTC)
    description = f"{visit.get_kind_display()} by {visit.principal.name} to {visit.host_country.name}"
    if visit.summary:
        description += f"\n\n{visit.summary}"
    return [
        "BEGIN:VEVENT",
        f"UID:visit-{visit.slug}@govvisits",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{_date(visit.start_date)}",
        _end(visit),
        f"SUMMARY:{escape_text(visit.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(location or visit.host_country.name)}",
        f"URL:{base_url}{visit.get_absolute_url()}",
        f"STATUS:{EVENT_STATUS.get(visit.status, 'CONFIRMED')}",
        "END:VEVENT",
    ]


def calendar(visits, *, name, base_url):
    """A whole VCALENDAR as text with CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    visits = list(visits)
    location_of = locations(visits)
    for visit in visits:
        lines.extend(visit_event(visit, base_url=base_url, location=location_of[visit.pk]))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_response(request, visits, *, name, filename):
    """The feed as a text/calendar download; links in it point back at this site."""
    body = calendar(visits, name=name, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
