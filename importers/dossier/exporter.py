"""A visit as a dossier: the inverse of the writer, driven by the same declarations (schema.py).

`export_visit(visit)` returns (dossier, source): the dossier as a dict ready for YAML and the
source whose text its quotes cite (the visit's most cited one). Every record the visit refers to
(its principal and country, stops, venues and the places they lie in, participants, their posts
and organisations, the places' facts) is described with the quotes that source gives it; a record
the source does not quote is referred to by its slug, as a dossier refers to a record the database
already holds. Imported again into the same database, the dossier changes nothing.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType

from common.partial_dates import iso_partial_date
from importers.dossier.schema import DOSSIER, NESTED_TYPES, ORGANISATION, PERSON, PLACE, VISIT
from sources.models import Citation, Source


class NotExportable(ValueError):
    """A visit that no source quotes cannot be written as a dossier (every entry needs a quote)."""


def _value(record, name, spec):
    if spec.type == "date":
        day = getattr(record, f"{name}_date")
        return iso_partial_date(day, getattr(record, f"{name}_precision")) if day else None
    if spec.type == "day":
        day = getattr(record, name)
        return day.isoformat() if day else None
    if spec.type == "ref":
        related = getattr(record, name)
        return related.slug if related is not None else None
    value = getattr(record, spec.column or name)
    if spec.type == "decimal" and value is not None:
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


class _Exporter:
    def __init__(self, source):
        self.source = source
        self.citations = {}  # (content type id, object id) -> [Citation]
        for citation in Citation.objects.filter(source=source).order_by("start", "pk"):
            self.citations.setdefault((citation.content_type_id, citation.object_id), []).append(citation)
        self.types = {}

    def quotes(self, record):
        content_type = self.types.setdefault(type(record), ContentType.objects.get_for_model(type(record)))
        result = []
        for citation in self.citations.get((content_type.pk, record.pk), []):
            quote = {"quote": citation.quote, "start": citation.start}
            if citation.field:
                quote["field"] = citation.field
            if citation.note:
                quote["note"] = citation.note
            result.append(quote)
        return result

    def entry(self, record, kind):
        """The record as an entry of `kind`, with its nested entries; None when the source does not
        quote it (then it is referred to by slug only)."""
        quotes = self.quotes(record)
        if not quotes:
            return None
        data = {}
        for name, spec in kind.fields.items():
            if name == "quotes":
                data["quotes"] = quotes
            elif spec.type in NESTED_TYPES:
                owner = spec.entry.owner
                children = spec.entry.model.objects.filter(**{owner: record}).order_by("pk")
                entries = [child for child in (self.entry(c, spec.entry) for c in children) if child]
                if entries:
                    data[name] = entries
            elif spec.type != "file":
                value = _value(record, name, spec)
                if value is not None and value != "" and not (spec.type == "bool" and value is False):
                    data[name] = value
        return data


def main_source(visit):
    """The source that quotes the visit and its stops most."""
    counts = Counter()
    visit_type = ContentType.objects.get_for_model(type(visit))
    counts.update(
        Citation.objects.filter(content_type=visit_type, object_id=visit.pk).values_list(
            "source_id", flat=True
        )
    )
    stop_type = ContentType.objects.get_for_model(visit.engagements.model)
    stops = list(visit.engagements.values_list("pk", flat=True))
    counts.update(
        Citation.objects.filter(content_type=stop_type, object_id__in=stops).values_list(
            "source_id", flat=True
        )
    )
    if not counts:
        raise NotExportable(
            f"No source quotes the visit {visit.slug!r}: a dossier cites a source for everything."
        )
    return Source.objects.get(pk=counts.most_common(1)[0][0])


def _with_ancestors(places):
    seen, ordered = set(), []

    def add(place):
        if place is None or place.pk in seen:
            return
        add(place.parent)
        seen.add(place.pk)
        ordered.append(place)

    for place in places:
        add(place)
    return ordered


def export_visit(visit, *, text_file=None):
    """(dossier dict, source) for one visit; `text_file` names the file its text is written to."""
    source = main_source(visit)
    exporter = _Exporter(source)
    stops = list(visit.engagements.order_by("sequence").select_related("venue", "host_organisation"))
    participants = [p for stop in stops for p in stop.participants.select_related("person", "organisation")]
    people = {visit.principal_id: visit.principal}
    people.update({p.person_id: p.person for p in participants if p.person_id})
    organisations = {p.organisation_id: p.organisation for p in participants if p.organisation_id}
    organisations.update(
        {s.host_organisation_id: s.host_organisation for s in stops if s.host_organisation_id}
    )
    for person in people.values():
        for membership in person.memberships.select_related("organisation"):
            if exporter.quotes(membership):
                organisations[membership.organisation_id] = membership.organisation
    organisation_list = _organisations_in_order(organisations.values())
    places = [visit.host_country, visit.principal_country, *[s.venue for s in stops if s.venue_id]]
    for organisation in organisation_list:
        places += [organisation.country, organisation.seat]
    dossier = {
        "source": {
            "slug": source.slug,
            "title": source.title,
            "text_file": text_file or f"{source.slug}.txt",
            "url": source.url or None,
            "publisher": source.publisher or None,
            "published_on": source.published_on.isoformat() if source.published_on else None,
            "language": source.language or None,
        },
        "places": [
            e for e in (exporter.entry(p, PLACE) for p in _with_ancestors([p for p in places if p])) if e
        ],
        "organisations": [e for e in (exporter.entry(o, ORGANISATION) for o in organisation_list) if e],
        "people": [e for e in (exporter.entry(p, PERSON) for p in people.values()) if e],
        "visits": [exporter.entry(visit, VISIT)],
    }
    if dossier["visits"] == [None]:
        raise NotExportable(f"{source.slug} does not quote the visit {visit.slug!r} itself.")
    dossier["source"] = {k: v for k, v in dossier["source"].items() if v is not None}
    assert set(dossier) <= set(DOSSIER.fields)
    return {k: v for k, v in dossier.items() if v}, source


def _organisations_in_order(organisations):
    """Parents first (a parent described in the dossier must come before its children)."""
    seen, ordered = set(), []

    def add(organisation):
        if organisation is None or organisation.pk in seen:
            return
        add(organisation.parent)
        seen.add(organisation.pk)
        ordered.append(organisation)

    for organisation in sorted(organisations, key=lambda o: o.pk):
        add(organisation)
    return ordered
