"""The fastest possible API bodies: the baseline the API is measured against (issue 17).

Plain SQL through the database connection, rows assembled in Python, orjson; no ORM, no DRF,
no middleware, no authentication. It writes the bodies the API writes for an editor (drafts
included), byte for byte (`bench/raw_check.py` and tests/test_bench_raw.py compare them):

- `/raw/visits/?limit=100`: the visit list, full rows (stops, participants with the posts they
  held, citations at every level);
- `/raw/visits/?limit=100&country=FR&date_after=2020-01-01&date_before=2020-12-31`: filtered;
- `/raw/visits/?limit=100&q=Nadia%20Weber`: the text search;
- `/raw/visits/stats/by-country/`: visits per host country.

Served by gunicorn as `bench.raw:application` (bench/run.py's load run), or called in-process
(`visit_list_body`, `by_country_body`). PostgreSQL only: the in-process figures and the load run
are taken there. What a value looks like (a date in words, a post's label, whether a post covers
a day) is computed by the models' own plain functions on plain row objects (`Visit.dates_in_words`,
`Membership.covers_period`, ...): no query and no model instance, so the bytes match by construction
of the same rule, not by a copy of it.
"""

import os
from collections import defaultdict
from urllib.parse import parse_qs, urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

import orjson  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402

from common.partial_dates import DatePrecision, iso_partial_date, parse_partial_date, truncate  # noqa: E402
from common.partial_dates import last_day as period_last_day  # noqa: E402
from people.models import Membership  # noqa: E402
from places.models import PlaceKind  # noqa: E402
from visits.models import Engagement, Participant, ParticipantRole, Visit  # noqa: E402

EXACT_UP_TO = 10_000
PLACE_KINDS = {code: label.lower() for code, label in PlaceKind.choices}
ROLES = {code: label.lower() for code, label in ParticipantRole.choices}


class Row:
    """A row as attributes; the subclasses borrow the models' plain functions."""

    def __init__(self, **values):
        self.__dict__.update(values)


class VisitRow(Row):
    dates_in_words = Visit.dates_in_words
    partial_date_display = Visit.partial_date_display
    dates_display = Visit.dates_display
    last_day = Visit.last_day


class StopRow(Row):
    day = Engagement.day
    period = Engagement.period
    period_display = Engagement.period_display


class PostRow(Row):
    WHOLE, PART = Membership.WHOLE, Membership.PART
    covers = Membership.covers
    covers_period = Membership.covers_period


class PersonRow(Row):
    def posts_on(self, day):
        return [post for post in self.posts if post.covers(day)]

    def posts_over(self, first, last):
        held = ((post, post.covers_period(first, last)) for post in self.posts)
        return [(post, cover == Membership.WHOLE) for post, cover in held if cover]


class ParticipantRow(Row):
    posts_held = Participant.posts_held
    title_held = Participant.title_held


def _iso_datetime(value):
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _url(base, kind, pk):
    return f"{base}{kind}/{pk}/"


def _query(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _content_types():
    rows = _query("SELECT model, id FROM django_content_type WHERE app_label = 'visits'")
    return dict(rows)


VISIT_COLUMNS = (
    "id, slug, title, principal_id, principal_country_id, kind, host_country_id, start_date, "
    "start_precision, start_about, end_date, end_precision, end_about, purpose, summary, status, "
    "parent_id, created_at, updated_at"
)


def _visit_row(values):
    names = [name.strip() for name in VISIT_COLUMNS.split(",")]
    return VisitRow(**dict(zip(names, values, strict=True)))


def _filters(*, country=None, date_after=None, date_before=None, q=None):
    """(WHERE clause, params) for the API's filters used by the figures."""
    where, params = [], []
    if country:
        where.append(
            "host_country_id = (SELECT id FROM places_place WHERE kind = 'country' AND iso_code = %s)"
        )
        params.append(country)
    if date_after:
        day, _precision = parse_partial_date(date_after)
        # A period ends on or after `day` when its first day is on or after `day` truncated to the
        # period's precision (common.partial_dates.period_ends_on_or_after); the end's, or the start's.
        ends = "(CASE {p} WHEN 'year' THEN {d} >= %s WHEN 'month' THEN {d} >= %s ELSE {d} >= %s END)"
        where.append(
            f"CASE WHEN end_date IS NULL THEN {ends.format(p='start_precision', d='start_date')} "
            f"ELSE {ends.format(p='end_precision', d='end_date')} END"
        )
        bounds = [truncate(day, DatePrecision.YEAR), truncate(day, DatePrecision.MONTH), day]
        params += bounds + bounds
    if date_before:
        day, precision = parse_partial_date(date_before)
        where.append("start_date <= %s")
        params.append(period_last_day(day, precision))
    if q:
        like = "%" + connection.ops.prep_for_like_query(q) + "%"
        match = "UPPER({}::text) LIKE UPPER(%s)"
        parts = (
            "SELECT e.visit_id FROM visits_participant pa "
            "JOIN visits_engagement e ON e.id = pa.engagement_id "
        )
        visits_texts = " OR ".join(match.format(c) for c in ("title", "purpose", "summary"))
        stop_texts = " OR ".join(match.format(c) for c in ("title", "description", "outcome"))
        sql = [
            f"SELECT id FROM visits_visit WHERE {visits_texts}",
            "SELECT v.id FROM visits_visit v JOIN people_person p ON p.id = v.principal_id "
            f"WHERE {match.format('p.name')}",
            "SELECT v.id FROM visits_visit v JOIN people_personname n ON n.person_id = v.principal_id "
            f"WHERE {match.format('n.name')}",
            f"SELECT visit_id FROM visits_engagement WHERE {stop_texts}",
            f"{parts}JOIN people_person p ON p.id = pa.person_id WHERE {match.format('p.name')}",
            f"{parts}JOIN people_personname n ON n.person_id = pa.person_id WHERE {match.format('n.name')}",
            f"{parts}WHERE {match.format('pa.name_as_stated')}",
        ]
        where.append("id IN (" + " UNION ".join(sql) + ")")
        params += [like] * 3 + [like, like] + [like] * 3 + [like, like, like]
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _count(where, params, page_length, offset, limit):
    """The API's count: exact up to EXACT_UP_TO rows, else PostgreSQL's estimate, set right by the page."""
    exact = _query(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM visits_visit{where} LIMIT {EXACT_UP_TO + 1}) t", params
    )
    count = exact[0][0]
    if count <= EXACT_UP_TO:
        return count
    plan = _query(f"EXPLAIN (FORMAT JSON) SELECT id FROM visits_visit{where}", params)[0][0]
    count = max(int(plan[0]["Plan"]["Plan Rows"]), EXACT_UP_TO + 1)
    if page_length < limit:
        return offset + page_length
    return max(count, offset + limit + 1)


def _link(base_url, query, **changes):
    """As DRF's replace_query_param: the query's parameters, changed, sorted by name."""
    values = parse_qs(query, keep_blank_values=True)
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = [str(value)]
    return f"{base_url}?{urlencode(sorted(values.items()), doseq=True)}"


def _brief_person(base, person):
    return {"id": person[0], "url": _url(base, "people", person[0]), "display": person[2],
            "slug": person[1], "name": person[2]}  # fmt: skip


def _brief_place(base, place):
    pk, slug, name, kind = place
    display = name if kind == PlaceKind.COUNTRY else f"{name} ({PLACE_KINDS.get(kind, kind)})"
    return {
        "id": pk,
        "url": _url(base, "places", pk),
        "display": display,
        "slug": slug,
        "name": name,
        "kind": kind,
    }


def _brief_organisation(base, organisation):
    pk, slug, name = organisation
    return {"id": pk, "url": _url(base, "organisations", pk), "display": name, "slug": slug, "name": name}


def _by_id(table, columns, ids):
    if not ids:
        return {}
    rows = _query(f"SELECT {columns} FROM {table} WHERE id = ANY(%s)", [list(ids)])
    return {row[0]: row for row in rows}


def visit_rows(visits, *, base):
    """The API's full form of each visit (VisitRow), in order."""
    types = _content_types()
    visit_ids = [visit.id for visit in visits]
    stops = _query(
        "SELECT id, visit_id, sequence, title, date, date_about, start_time, end_time, venue_id, "
        "host_organisation_id, description, outcome FROM visits_engagement WHERE visit_id = ANY(%s) "
        "ORDER BY visit_id, sequence",
        [visit_ids],
    )
    stop_ids = [stop[0] for stop in stops]
    participants = _query(
        "SELECT id, engagement_id, person_id, name_as_stated, role, title_as_stated, organisation_id "
        "FROM visits_participant WHERE engagement_id = ANY(%s) ORDER BY id",
        [stop_ids],
    )
    participant_ids = [row[0] for row in participants]
    citations = _query(
        "SELECT c.content_type_id, c.object_id, c.id, c.field, c.quote, s.id, s.slug, s.title "
        "FROM sources_citation c JOIN sources_source s ON s.id = c.source_id "
        "WHERE (c.content_type_id = %s AND c.object_id = ANY(%s)) "
        "OR (c.content_type_id = %s AND c.object_id = ANY(%s)) "
        "OR (c.content_type_id = %s AND c.object_id = ANY(%s)) "
        "ORDER BY s.published_on DESC, s.title, c.start, c.id",
        [types["visit"], visit_ids, types["engagement"], stop_ids, types["participant"], participant_ids],
    )
    cited = defaultdict(list)
    for type_id, object_id, pk, field, quote, source_id, source_slug, source_title in citations:
        short = quote if len(quote) <= 60 else quote[:57] + "..."
        cited[type_id, object_id].append(
            {
                "id": pk,
                "url": _url(base, "citations", pk),
                "display": f"“{short}” ({source_title})",
                "source": {
                    "id": source_id,
                    "url": _url(base, "sources", source_id),
                    "display": source_title,
                    "slug": source_slug,
                    "title": source_title,
                },  # fmt: skip
                "field": field,
                "quote": quote,
            }
        )
    people_ids = {visit.principal_id for visit in visits} | {row[2] for row in participants if row[2]}
    people = _by_id("people_person", "id, slug, name", people_ids)
    posts = defaultdict(list)
    for row in _query(
        "SELECT m.person_id, m.id, m.title, m.title_as_stated, m.acting, m.attested, m.start_date, "
        "m.start_precision, m.end_date, m.end_precision, o.name FROM people_membership m "
        "JOIN people_organisation o ON o.id = m.organisation_id WHERE m.person_id = ANY(%s) "
        "ORDER BY m.person_id, m.start_date, m.id",
        [list(people_ids)],
    ):
        person_id, pk, title, as_stated, acting, attested, start, start_p, end, end_p, organisation = row
        label = f"{as_stated or (f'Acting {title}' if acting else title)}, {organisation}"
        posts[person_id].append(
            PostRow(
                pk=pk,
                post_label=label,
                attested=attested,
                start_date=start,
                start_precision=start_p,
                end_date=end,
                end_precision=end_p,
            )  # fmt: skip
        )
    place_ids = {visit.host_country_id for visit in visits} | {visit.principal_country_id for visit in visits}
    place_ids |= {stop[8] for stop in stops}
    places = _by_id("places_place", "id, slug, name, kind", place_ids - {None})
    organisation_ids = {stop[9] for stop in stops} | {row[6] for row in participants}
    organisations = _by_id("people_organisation", "id, slug, name", organisation_ids - {None})
    parents = {
        row[0]: _visit_row(row)
        for row in _query(
            f"SELECT {VISIT_COLUMNS} FROM visits_visit WHERE id = ANY(%s)",
            [[visit.parent_id for visit in visits if visit.parent_id]],
        )
    }

    person_rows = {pk: PersonRow(name=row[2], posts=posts.get(pk, [])) for pk, row in people.items()}
    by_stop = defaultdict(list)
    for pk, stop_id, person_id, as_stated, role, title_as_stated, organisation_id in participants:
        by_stop[stop_id].append((pk, person_id, as_stated, role, title_as_stated, organisation_id))
    by_visit = defaultdict(list)
    for stop in stops:
        by_visit[stop[1]].append(stop)

    results = []
    for visit in visits:
        engagements = []
        for (
            pk,
            _visit_id,
            sequence,
            title,
            date,
            date_about,
            start,
            end,
            venue,
            host,
            description,
            outcome,
        ) in by_visit[visit.id]:
            stop = StopRow(date=date, date_about=date_about, visit=visit)
            written = []
            for part_id, person_id, as_stated, role, title_as_stated, organisation_id in by_stop[pk]:
                participant = ParticipantRow(
                    person_id=person_id, person=person_rows.get(person_id), engagement=stop
                )
                held = participant.posts_held()
                name = people[person_id][2] if person_id else as_stated
                written.append(
                    {
                        "id": part_id,
                        "url": _url(base, "participants", part_id),
                        "display": f"{name} ({ROLES.get(role, role)})",
                        "person": _brief_person(base, people[person_id]) if person_id else None,
                        "name_as_stated": as_stated,
                        "role": role,
                        "title_as_stated": title_as_stated,
                        "title_held": participant.title_held(),
                        "posts_held": [
                            {"membership": post.pk, "display": post.post_label, "candidate": not whole}
                            for post, whole in held
                        ],
                        "organisation": _brief_organisation(base, organisations[organisation_id])
                        if organisation_id
                        else None,
                        "citations": cited[types["participant"], part_id],
                    }
                )
            engagements.append(
                {
                    "id": pk,
                    "url": _url(base, "engagements", pk),
                    "display": f"{sequence}. {title}",
                    "sequence": sequence,
                    "title": title,
                    "date": date.isoformat() if date else None,
                    "date_about": date_about,
                    "start_time": start.isoformat() if start else None,
                    "end_time": end.isoformat() if end else None,
                    "venue": _brief_place(base, places[venue]) if venue else None,
                    "host_organisation": _brief_organisation(base, organisations[host]) if host else None,
                    "description": description,
                    "outcome": outcome,
                    "participants": written,
                    "citations": cited[types["engagement"], pk],
                }
            )
        parent = parents.get(visit.parent_id)
        dates = visit.dates_display
        results.append(
            {
                "id": visit.id,
                "url": _url(base, "visits", visit.id),
                "display": f"{visit.title} ({dates})",
                "slug": visit.slug,
                "title": visit.title,
                "principal": _brief_person(base, people[visit.principal_id]),
                "principal_country": _brief_place(base, places[visit.principal_country_id])
                if visit.principal_country_id
                else None,
                "kind": visit.kind,
                "host_country": _brief_place(base, places[visit.host_country_id]),
                "start": iso_partial_date(visit.start_date, visit.start_precision) or None,
                "start_about": visit.start_about,
                "end": iso_partial_date(visit.end_date, visit.end_precision) or None,
                "end_about": visit.end_about,
                "dates_display": dates,
                "purpose": visit.purpose,
                "summary": visit.summary,
                "status": visit.status,
                "parent": None
                if parent is None
                else {
                    "id": parent.id,
                    "url": _url(base, "visits", parent.id),
                    "display": f"{parent.title} ({parent.dates_display})",
                    "slug": parent.slug,
                    "title": parent.title,
                    "start": iso_partial_date(parent.start_date, parent.start_precision) or None,
                },
                "engagements": engagements,
                "citations": cited[types["visit"], visit.id],
                "created_at": _iso_datetime(visit.created_at),
                "updated_at": _iso_datetime(visit.updated_at),
            }
        )
    return results


def visit_list_body(query="limit=100", *, base="http://testserver/api/v1/"):
    """The body of GET /api/v1/visits/?<query> for an editor (limit, offset, country,
    date_after, date_before, q)."""
    params = {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}
    limit = min(int(params.get("limit") or 50), 1000)
    offset = int(params.get("offset") or 0)
    where, values = _filters(
        country=params.get("country"),
        date_after=params.get("date_after"),
        date_before=params.get("date_before"),
        q=params.get("q"),
    )
    visits = [
        _visit_row(row)
        for row in _query(
            f"SELECT {VISIT_COLUMNS} FROM visits_visit{where} ORDER BY start_date DESC, slug "
            f"LIMIT {limit} OFFSET {offset}",
            values,
        )
    ]
    count = _count(where, values, len(visits), offset, limit)
    list_url = f"{base}visits/"
    following = _link(list_url, query, limit=limit, offset=offset + limit) if offset + limit < count else None
    previous = None
    if offset > 0:
        previous = _link(list_url, query, limit=limit, offset=offset - limit if offset - limit > 0 else None)
    body = {"count": count, "next": following, "previous": previous, "results": visit_rows(visits, base=base)}
    return orjson.dumps(body)


def by_country_body():
    """The body of GET /api/v1/visits/stats/by-country/ for an editor: counted by id, then named."""
    rows = _query(
        "SELECT p.id, p.slug, p.name, p.iso_code, c.visits FROM "
        "(SELECT host_country_id, COUNT(*) AS visits FROM visits_visit GROUP BY host_country_id) c "
        "JOIN places_place p ON p.id = c.host_country_id ORDER BY c.visits DESC, p.name, p.id"
    )
    return orjson.dumps(
        [
            {"country_id": pk, "country_slug": slug, "country_name": name, "iso_code": iso, "visits": visits}
            for pk, slug, name, iso, visits in rows
        ]
    )


def application(environ, start_response):
    """A bare WSGI app: /raw/visits/ and /raw/visits/stats/by-country/ (see the module's docstring)."""
    close_old_connections()
    path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
    base = f"http://{environ.get('HTTP_HOST', 'testserver')}/api/v1/"
    try:
        if path == "/raw/visits/":
            body, status = visit_list_body(query, base=base), "200 OK"
        elif path == "/raw/visits/stats/by-country/":
            body, status = by_country_body(), "200 OK"
        else:
            body, status = b'{"detail":"Not found."}', "404 Not Found"
    finally:
        close_old_connections()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
