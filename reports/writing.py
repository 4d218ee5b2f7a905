"""What the editor accepted, written as a draft visit: the proposal and the editor's decisions become
a dossier (the format of importers/dossier, held in memory), which the dossier importer checks
(types, choices, references, every quote found in the report at its offset) and writes in one
transaction through common.services, as every import does. Records the register already holds
are referred to by their slug; new ones are created with the report as their citation.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from importers.dossier.checker import Checker
from importers.dossier.errors import DossierError
from importers.dossier.schema import DOSSIER
from importers.dossier.writer import Writer
from importers.provenance import ImportLedger
from people.models import Organisation, Person
from places.models import Place
from sources.models import Source
from visits.models import Visit, VisitStatus

ACCEPT, REJECT = "accept", "reject"
PLACE_ORDER = {"country": 0, "region": 1, "city": 2, "district": 3, "unknown": 3, "venue": 4}
KIND_FIELDS = {"person": Person, "organisation": Organisation, "place": Place}


@dataclass
class Decisions:
    """The editor's word on each item, by key ("pe1", "st2", "st2-p0", "fa3", "visit"), and the
    values they edited, by item key and field name."""

    choices: dict = field(default_factory=dict)
    edits: dict = field(default_factory=dict)

    def accepted(self, key):
        return self.choices.get(key) == ACCEPT

    def value(self, key, name, default):
        edited = self.edits.get(key, {}).get(name)
        return default if edited is None or edited == "" else edited

    @classmethod
    def accept_all(cls, proposal):
        keys = [e.key for e in proposal.people + proposal.organisations + proposal.places]
        keys += [s.key for s in proposal.stops] + [f.key for f in proposal.facts] + ["visit"]
        keys += [f"{s.key}-p{i}" for s in proposal.stops for i in range(len(s.participants))]
        return cls(choices=dict.fromkeys(keys, ACCEPT))


class NotWritable(Exception):
    """What the accepted proposal lacks to be a visit, or what the checks refused; `messages`."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


def _quotes(*quotes, field_name=None):
    result = []
    for quote in quotes:
        if quote is None or not quote.quote:
            continue
        item = {"quote": quote.quote, "start": quote.start}
        if field_name:
            item["field"] = field_name
        if item not in result:
            result.append(item)
    return result


class _Builder:
    def __init__(self, proposal, decisions, report):
        self.proposal = proposal
        self.decisions = decisions
        self.report = report
        self.slugs = {}  # entity key -> slug
        self.taken = set()
        self.problems = []

    def entity(self, key):
        return self.proposal.entity(key) if key else None

    def slug(self, key):
        """The slug an accepted entity goes by: its record's, or a new free one; None if rejected."""
        if key is None or not self.decisions.accepted(key):
            return None
        if key in self.slugs:
            return self.slugs[key]
        entity = self.entity(key)
        if entity.match:
            self.slugs[key] = entity.match["slug"]
            return self.slugs[key]
        base = slugify(self.decisions.value(key, "name", entity.name))[:180] or entity.type
        model = KIND_FIELDS[entity.type]
        candidate, number = base, 1
        while candidate in self.taken or model.objects.filter(slug=candidate).exists():
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        self.slugs[key] = candidate
        return candidate

    def name(self, entity):
        return self.decisions.value(entity.key, "name", entity.match["name"] if entity.match else entity.name)

    def build(self, with_visit=True):
        """The dossier; without the visit when merging a second account (reports.merging), where
        the posts of known people and the facts of known places are compared, not written."""
        self.merging = not with_visit
        report = self.report
        source_slug = self.source_slug()
        data = {
            "source": {
                "slug": source_slug,
                "title": report.title or self.default_title(),
                "text_file": "(the report's text)",
                "url": report.url or None,
                "publisher": report.publisher or None,
                "published_on": report.published_on.isoformat() if report.published_on else None,
                "language": report.language or None,
            },
            "places": self.places(),
            "organisations": self.organisations(),
            "people": self.people(),
            "visits": [self.visit()] if with_visit else [],
        }
        if self.problems:
            raise NotWritable(self.problems)
        return _drop_empty(data)

    def default_title(self):
        return self.report.text.strip().split("\n")[0][:200]

    def source_slug(self):
        base = slugify(self.report.title or self.default_title())[:150] or "report"
        if self.report.published_on:
            base = f"{base}-{self.report.published_on.isoformat()}"
        candidate, number = base, 1
        while Source.objects.filter(slug=candidate).exclude(text=self.report.text).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def places(self):
        accepted = [p for p in self.proposal.places if self.decisions.accepted(p.key)]
        entries, written = [], set()

        def depth(place, seen=()):
            parent = self.entity(place.parent)
            if (
                parent is None
                or parent.key in seen
                or not self.decisions.accepted(parent.key)
                or parent.match
            ):
                return 0
            return 1 + depth(parent, (*seen, place.key))

        for place in sorted(accepted, key=lambda p: (depth(p), PLACE_ORDER.get(p.kind, 3))):
            entry = {
                "slug": self.slug(place.key),
                "name": self.name(place),
                "kind": place.match
                and self.matched_kind(place)
                or self.decisions.value(place.key, "kind", place.kind),
                "quotes": _quotes(place.quote),
                "facts": self.facts(place),
            }
            if not place.match:
                parent = self.slug(place.parent) if place.parent else None
                if entry["kind"] != "country":
                    parent = parent or self.slug(self.proposal.visit.host_country)
                    if parent is None or parent == entry["slug"]:
                        self.problems.append(
                            f"The place “{entry['name']}” needs the place it lies in: accept it."
                        )
                        continue
                entry["parent"] = parent
                if entry["kind"] == "country":
                    entry["iso_code"] = place.iso_code or None
            entries.append(entry)
            written.add(place.key)
        return entries

    def matched_kind(self, place):
        return Place.objects.filter(pk=place.match["id"]).values_list("kind", flat=True).first()

    def facts(self, place):
        facts = []
        if place.match and getattr(self, "merging", False):
            return facts
        for fact in self.proposal.facts:
            if fact.place != place.key or not self.decisions.accepted(fact.key):
                continue
            value = self.decisions.value(fact.key, "value", fact.value)
            facts.append(
                {
                    "kind": fact.kind,
                    "value": value,
                    "qualifier": fact.qualifier if value is not None else None,
                    "unit": self.decisions.value(fact.key, "unit", fact.unit) or None,
                    "value_text": self.decisions.value(fact.key, "value_text", fact.value_text) or None,
                    "as_of": fact.as_of,
                    "quotes": _quotes(*fact.quotes),
                }
            )
        return facts

    def organisations(self):
        accepted = [o for o in self.proposal.organisations if self.decisions.accepted(o.key)]
        accepted.sort(key=lambda o: 1 if o.parent and self.decisions.accepted(o.parent) else 0)
        entries = []
        for org in accepted:
            entry = {"slug": self.slug(org.key), "name": self.name(org), "quotes": _quotes(org.quote)}
            if org.match:
                entry["kind"] = (
                    Organisation.objects.filter(pk=org.match["id"]).values_list("kind", flat=True).first()
                )
            else:
                entry.update(
                    kind=self.decisions.value(org.key, "kind", org.kind or "other"),
                    abbreviation=org.abbreviation or None,
                    parent=self.slug(org.parent),
                    country=self.slug(org.country),
                    seat=self.slug(org.seat),
                )
            entries.append(entry)
        return entries

    def people(self):
        entries = []
        for person in self.proposal.people:
            if not self.decisions.accepted(person.key):
                continue
            name = self.name(person)
            entry = {"slug": self.slug(person.key), "name": name, "quotes": _quotes(person.quote)}
            if not person.match:
                words = name.split()
                entry.update(
                    given_name=words[0] if len(words) > 1 else None,
                    family_name=words[-1] if len(words) > 1 else None,
                )
            organisation = self.slug(person.organisation)
            title = self.decisions.value(person.key, "title", person.title)
            if organisation and title and not (person.match and getattr(self, "merging", False)):
                entry["memberships"] = [
                    {
                        "organisation": organisation,
                        "title": title,
                        "acting": person.acting,
                        "quotes": _quotes(person.title_quote),
                    }
                ]
            entries.append(entry)
        return entries

    def visit(self):
        visit, decisions = self.proposal.visit, self.decisions
        if not decisions.accepted("visit"):
            self.problems.append(
                "Accept the visit (its principal, host country, kind and dates) to create it."
            )
        principal = self.slug(visit.principal)
        host = self.slug(visit.host_country)
        start = decisions.value("visit", "start", visit.start)
        if principal is None:
            self.problems.append("The visit needs its principal: accept the person who made it.")
        if host is None:
            self.problems.append("The visit needs its host country: accept that country.")
        if not start:
            self.problems.append("The visit needs its start date: give it under Visit.")
        slug = self.visit_slug(decisions.value("visit", "slug", visit.slug))
        entry = {
            "slug": slug,
            "title": decisions.value("visit", "title", visit.title) or "Visit",
            "principal": principal,
            "kind": decisions.value("visit", "kind", visit.kind),
            "host_country": host,
            # Whose official the principal is, when the report says and the editor accepted that
            # country: analysts filter by it (principal_country).
            "principal_country": self.slug(visit.principal_country),
            "start": start,
            "end": decisions.value("visit", "end", visit.end),
            "status": VisitStatus.DRAFT,
            "quotes": _quotes(visit.quote)
            + _quotes(visit.kind_quote, field_name="kind")
            + _quotes(*visit.date_quotes[:1], field_name="start_date"),
            "engagements": self.stops(),
        }
        return entry

    def visit_slug(self, base):
        base = slugify(base)[:180] or "visit"
        candidate, number = base, 1
        while Visit.objects.filter(slug=candidate).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def stops(self):
        entries = []
        accepted = [s for s in self.proposal.stops if self.decisions.accepted(s.key)]
        for sequence, stop in enumerate(accepted, start=1):
            description = " ".join(q.quote for q in stop.quotes)
            entry = {
                "sequence": sequence,
                "title": self.decisions.value(stop.key, "title", stop.title),
                "date": self.decisions.value(stop.key, "date", stop.date),
                "venue": self.slug(stop.venue),
                "host_organisation": self.slug(stop.host_organisation),
                "description": description or None,
                "quotes": _quotes(*stop.quotes, field_name="description")
                + _quotes(stop.order_cue, field_name="sequence"),
                "participants": self.participants(stop),
            }
            entries.append(entry)
        return entries

    def participants(self, stop):
        entries, seen = [], set()
        for index, participant in enumerate(stop.participants):
            key = f"{stop.key}-p{index}"
            if not self.decisions.accepted(key):
                continue
            person = self.slug(participant.person) if participant.person else None
            if participant.person and person is None:
                continue  # the person was rejected
            role = self.decisions.value(key, "role", participant.role)
            if (person or participant.name_as_stated, role) in seen:
                continue
            seen.add((person or participant.name_as_stated, role))
            entry = {
                "person": person,
                "name_as_stated": None if person else participant.name_as_stated,
                "role": role,
                "title_as_stated": participant.title_as_stated or None,
                "organisation": self.slug(participant.organisation),
                "quotes": _quotes(participant.quote),
            }
            entries.append(entry)
        return entries


def _drop_empty(value):
    """The dossier leaves out what is not known (None, empty lists) rather than writing blanks."""
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v is not None and v != [] and v != ""}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def dossier_for(proposal, decisions, report):
    """The accepted proposal as a dossier (a dict in the format of docs/dossier-format.md)."""
    return _Builder(proposal, decisions, report).build()


def create_draft_visit(*, proposal, decisions, report, user):
    """Write the accepted proposal as a draft visit in one transaction; return the visit.

    Raises NotWritable listing what is missing or what the checks refused; nothing is written then."""
    data = dossier_for(proposal, decisions, report)
    checker = Checker(filename="report")
    dossier = checker.clean_entry(data, DOSSIER, "")
    source = dossier.children["source"][0] if dossier and dossier.children.get("source") else None
    if source is not None:
        source.values["text_file"] = report.text  # the report's text, as the dossier's file would give it
    checker.check_refs()
    checker.check_quotes(report.text)
    if checker.errors:
        raise NotWritable([_plain(error) for error in checker.errors])
    ledger = ImportLedger("report-draft")
    writer = Writer(
        checker, reason=f"Drafted from the report “{data['source']['title'][:120]}”", ledger=ledger, user=user
    )
    try:
        with transaction.atomic():
            writer.write(dossier)
            if checker.errors:
                raise DossierError(checker.errors)
            ledger.flush()
    except DossierError as exc:
        raise NotWritable([_plain(error) for error in exc.errors]) from None
    return Visit.objects.get(slug=data["visits"][0]["slug"])


def _plain(error):
    return error.removeprefix("report: ")
