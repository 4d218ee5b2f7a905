"""The baselines the product is measured against; bench-only, never routed by config.urls.

- `minimal_json`: the least a Django view can do (the load run's ceiling).
- `PlainVisitViewSet`: what a typical project ships: a ModelViewSet over `Visit.objects.all()`
  with default nested ModelSerializers and no prefetching.
- `visit_rows_sql`: the physical limit of the visit list: one hand-written query that builds
  the same rows and fields (nested principal, country, engagements, participants, citations)
  in PostgreSQL, whose rows are then dumped with json.dumps.
"""

import json

from django.db import connection
from django.http import JsonResponse
from rest_framework import serializers, viewsets
from rest_framework.pagination import LimitOffsetPagination

from visits.models import Engagement, Participant, Visit


def minimal_json(request):
    return JsonResponse({"ok": True})


class PlainParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = "__all__"


class PlainEngagementSerializer(serializers.ModelSerializer):
    participants = PlainParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Engagement
        fields = "__all__"


class PlainVisitSerializer(serializers.ModelSerializer):
    engagements = PlainEngagementSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = "__all__"


class PlainVisitViewSet(viewsets.ModelViewSet):
    queryset = Visit.objects.all()
    serializer_class = PlainVisitSerializer
    pagination_class = LimitOffsetPagination
    filter_backends = []


# A partial date as the API writes it (YYYY, YYYY-MM or YYYY-MM-DD) and in words.
ISO = (
    "CASE {p} WHEN 'year' THEN to_char({d}, 'YYYY') WHEN 'month' THEN to_char({d}, 'YYYY-MM') "
    "ELSE to_char({d}, 'YYYY-MM-DD') END"
)
WORDS = (
    "CASE {p} WHEN 'year' THEN to_char({d}, 'YYYY') WHEN 'month' THEN to_char({d}, 'FMMonth YYYY') "
    "ELSE to_char({d}, 'FMDD FMMonth YYYY') END"
)
DATES = (
    f"CASE WHEN v.end_date IS NULL THEN {WORDS.format(p='v.start_precision', d='v.start_date')} "
    f"ELSE {WORDS.format(p='v.start_precision', d='v.start_date')} || ' – ' || "
    f"{WORDS.format(p='v.end_precision', d='v.end_date')} END"
)


def _brief_person(alias):
    return (
        f"json_build_object('id', {alias}.id, 'url', %(base)s || 'people/' || {alias}.id || '/', "
        f"'display', {alias}.name, 'slug', {alias}.slug, 'name', {alias}.name)"
    )


def _brief_place(alias):
    return (
        f"json_build_object('id', {alias}.id, 'url', %(base)s || 'places/' || {alias}.id || '/', "
        f"'display', CASE WHEN {alias}.kind = 'country' THEN {alias}.name ELSE {alias}.name || ' (' || "
        f"{alias}.kind || ')' END, 'slug', {alias}.slug, 'name', {alias}.name, 'kind', {alias}.kind)"
    )


def _brief_organisation(alias):
    return (
        f"json_build_object('id', {alias}.id, 'url', %(base)s || 'organisations/' || {alias}.id || '/', "
        f"'display', {alias}.name, 'slug', {alias}.slug, 'name', {alias}.name)"
    )


def _citations(model, record):
    return f"""COALESCE((SELECT json_agg(json_build_object(
        'id', c.id, 'url', %(base)s || 'citations/' || c.id || '/',
        'display', '“' || c.quote || '” (' || s.title || ')',
        'source', json_build_object('id', s.id, 'url', %(base)s || 'sources/' || s.id || '/',
                                    'display', s.title, 'slug', s.slug, 'title', s.title),
        'field', c.field, 'quote', c.quote) ORDER BY s.id, c.start, c.id)
      FROM sources_citation c JOIN sources_source s ON s.id = c.source_id
      WHERE c.content_type_id = (SELECT id FROM django_content_type
                                 WHERE app_label = 'visits' AND model = '{model}')
        AND c.object_id = {record}.id), '[]'::json)"""


VISIT_ROWS_SQL = f"""
SELECT json_build_object(
  'id', v.id, 'url', %(base)s || 'visits/' || v.id || '/', 'display', v.title || ' (' || {DATES} || ')',
  'slug', v.slug, 'title', v.title, 'principal', {_brief_person("p")}, 'kind', v.kind,
  'host_country', {_brief_place("hc")},
  'start', {ISO.format(p="v.start_precision", d="v.start_date")},
  'end', CASE WHEN v.end_date IS NULL THEN NULL ELSE {ISO.format(p="v.end_precision", d="v.end_date")} END,
  'dates_display', {DATES}, 'purpose', v.purpose, 'summary', v.summary, 'status', v.status,
  'parent', CASE WHEN pv.id IS NULL THEN NULL ELSE json_build_object('id', pv.id, 'slug', pv.slug,
            'url', %(base)s || 'visits/' || pv.id || '/', 'title', pv.title) END,
  'engagements', COALESCE((SELECT json_agg(json_build_object(
      'id', e.id, 'url', %(base)s || 'engagements/' || e.id || '/', 'display', e.sequence || '. ' || e.title,
      'sequence', e.sequence, 'title', e.title, 'date', e.date, 'start_time', e.start_time,
      'end_time', e.end_time,
      'venue', CASE WHEN ve.id IS NULL THEN NULL ELSE {_brief_place("ve")} END,
      'host_organisation', CASE WHEN ho.id IS NULL THEN NULL ELSE {_brief_organisation("ho")} END,
      'description', e.description, 'outcome', e.outcome,
      'participants', COALESCE((SELECT json_agg(json_build_object(
          'id', pa.id, 'url', %(base)s || 'participants/' || pa.id || '/',
          'display', COALESCE(pp.name, pa.name_as_stated) || ' (' || replace(pa.role, '_', '-') || ')',
          'person', CASE WHEN pp.id IS NULL THEN NULL ELSE {_brief_person("pp")} END,
          'name_as_stated', pa.name_as_stated, 'role', pa.role, 'title_as_stated', pa.title_as_stated,
          'title_held', COALESCE((SELECT string_agg(m.title || ', ' || mo.name, '; ' ORDER BY m.start_date)
              FROM people_membership m JOIN people_organisation mo ON mo.id = m.organisation_id
              WHERE m.person_id = pp.id
                AND (m.start_date IS NULL OR m.start_date <= COALESCE(e.date, v.start_date))
                AND (m.end_date IS NULL OR m.end_date >= COALESCE(e.date, v.start_date))), ''),
          'organisation', CASE WHEN po.id IS NULL THEN NULL ELSE {_brief_organisation("po")} END,
          'citations', {_citations("participant", "pa")}) ORDER BY pa.id)
        FROM visits_participant pa
        LEFT JOIN people_person pp ON pp.id = pa.person_id
        LEFT JOIN people_organisation po ON po.id = pa.organisation_id
        WHERE pa.engagement_id = e.id), '[]'::json),
      'citations', {_citations("engagement", "e")}) ORDER BY e.sequence)
    FROM visits_engagement e
    LEFT JOIN places_place ve ON ve.id = e.venue_id
    LEFT JOIN people_organisation ho ON ho.id = e.host_organisation_id
    WHERE e.visit_id = v.id), '[]'::json),
  'citations', {_citations("visit", "v")},
  'created_at', v.created_at, 'updated_at', v.updated_at)
FROM (SELECT * FROM visits_visit ORDER BY start_date DESC, slug LIMIT %(limit)s) v
JOIN people_person p ON p.id = v.principal_id
JOIN places_place hc ON hc.id = v.host_country_id
LEFT JOIN visits_visit pv ON pv.id = v.parent_id
ORDER BY v.start_date DESC, v.slug
"""


def visit_rows_sql(*, limit=100, base="http://testserver/api/v1/"):
    """The first `limit` visits in the API's default order, full form, as a JSON document."""
    with connection.cursor() as cursor:
        cursor.execute(VISIT_ROWS_SQL, {"limit": limit, "base": base})
        rows = [row[0] for row in cursor.fetchall()]
    return json.dumps({"results": rows})
