"""A second account of a visit the register holds: recognised, and merged into it.

Recognised by its principal (the same person), its dates (within three days of the visit's) and
its places (a stop's venue, or the host country, the same). Merged through common.services in one
transaction: records new to the register are written by the dossier writer as in a first account;
then each accepted fact is compared with the record. A fact that agrees gains a Citation from the
new source; a fact that differs is kept as that source's Statement (reports.models), flagged for
review, and the record keeps the value the editor chose. Nothing already cited loses its citation:
a merge only adds.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from common.names import normalise_name
from common.services import save_record
from importers.dossier.checker import Checker
from importers.dossier.errors import DossierError
from importers.dossier.schema import DOSSIER
from importers.dossier.writer import Writer
from importers.provenance import ImportLedger
from people.models import Membership, Organisation, Person
from places.models import Place, PlaceFact
from reports.models import Statement
from reports.writing import NotWritable, _Builder, _plain
from sources.models import Citation, Source
from visits.models import Engagement, Participant, Visit

# A second account may date a visit a day or two apart (time zones, "yesterday").
DATE_SLACK = datetime.timedelta(days=3)
MODELS = {"person": Person, "organisation": Organisation, "place": Place}


def same_visit(proposal):
    """The visit the register holds that this report is another account of, or None."""
    principal = proposal.entity(proposal.visit.principal)
    if principal is None or not principal.match or not proposal.visit.start:
        return None
    start = datetime.date.fromisoformat(proposal.visit.start)
    end = datetime.date.fromisoformat(proposal.visit.end) if proposal.visit.end else start
    places = set()
    for stop in proposal.stops:
        venue = proposal.entity(stop.venue)
        if venue is not None and venue.match:
            places.add(venue.match["id"])
    host = proposal.entity(proposal.visit.host_country)
    candidates = Visit.objects.filter(
        principal_id=principal.match["id"],
        start_date__lte=end + DATE_SLACK,
        start_date__gte=start - DATE_SLACK - datetime.timedelta(days=60),
    ).order_by("start_date", "pk")
    for visit in candidates:
        visit_end = visit.end_date or visit.start_date
        if visit_end < start - DATE_SLACK:
            continue
        venues = set(visit.engagements.exclude(venue=None).values_list("venue_id", flat=True))
        venues |= set(
            Place.objects.filter(pk__in=venues).exclude(parent=None).values_list("parent_id", flat=True)
        )
        if places & venues or (host is not None and host.match and host.match["id"] == visit.host_country_id):
            return visit
    return None


class _Merger:
    def __init__(self, visit, proposal, decisions, report, user):
        self.visit, self.proposal, self.decisions, self.report, self.user = (
            visit,
            proposal,
            decisions,
            report,
            user,
        )
        self.reason = f"Second account merged from the report “{(report.title or 'untitled')[:120]}”"
        self.counts = {"citations": 0, "statements": 0, "differs": 0, "created": 0}

    def record(self, key):
        """The record an accepted entity stands for (matched, or written just now), or None."""
        entity = self.proposal.entity(key) if key else None
        if entity is None or not self.decisions.accepted(key):
            return None
        if entity.match:
            return MODELS[entity.type].objects.get(pk=entity.match["id"])
        slug = self.builder.slugs.get(key)
        return MODELS[entity.type].objects.filter(slug=slug).first() if slug else None

    def cite(self, record, quote, field=""):
        if quote is None or record is None:
            return
        content_type = ContentType.objects.get_for_model(type(record))
        existing = Citation.objects.filter(
            source=self.source, content_type=content_type, object_id=record.pk, quote=quote.quote, field=field
        )
        if existing.exists():
            return
        citation = Citation(
            source=self.source, content_type=content_type, object_id=record.pk, quote=quote.quote,
            start=quote.start, field=field,
        )  # fmt: skip
        save_record(record=citation, user=self.user, reason=self.reason)
        self.counts["citations"] += 1

    def state(self, record, field, value, record_value, quote):
        """Keep what this source says of `field`: a citation when it agrees, a flagged statement when not."""
        if quote is None:
            return
        agrees = _same(value, record_value)
        if agrees:
            self.cite(record, quote, field)
            return
        statement = Statement(
            source=self.source,
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=record.pk,
            field=field,
            value=str(value),
            record_value=_text(record_value),
            agrees=False,
            needs_review=True,
            quote=quote.quote,
            start=quote.start,
            end=quote.end,
        )
        save_record(record=statement, user=self.user, reason=self.reason)
        self.counts["statements"] += 1
        self.counts["differs"] += 1

    def write_new_records(self):
        """The source and the records new to the register, written by the dossier writer."""
        self.builder = _Builder(self.proposal, self.decisions, self.report)
        data = self.builder.build(with_visit=False)
        checker = Checker(filename="report")
        dossier = checker.clean_entry(data, DOSSIER, "")
        dossier.children["source"][0].values["text_file"] = self.report.text
        checker.check_refs()
        checker.check_quotes(self.report.text)
        if checker.errors:
            raise NotWritable([_plain(error) for error in checker.errors])
        writer = Writer(checker, reason=self.reason, ledger=ImportLedger("report-draft"), user=self.user)
        writer.write(dossier)
        if checker.errors:
            raise DossierError(checker.errors)
        writer.ledger.flush()
        self.source = Source.objects.get(slug=data["source"]["slug"])

    def merge_visit(self):
        proposal, visit = self.proposal.visit, self.visit
        self.cite(visit, proposal.quote)
        if proposal.kind != "not_stated" and proposal.kind_quote is not None:
            self.state(visit, "kind", proposal.kind, visit.kind, proposal.kind_quote)
        if proposal.start and proposal.date_quotes:
            self.state(
                visit, "start_date", proposal.start, visit.start_date.isoformat(), proposal.date_quotes[0]
            )

    def merge_people(self):
        for person in self.proposal.people:
            record = self.record(person.key)
            if record is None or not person.match or not person.title:
                continue  # a new person came with their post from the dossier writer
            self.cite(record, person.quote)
            organisation = self.record(person.organisation)
            posts = Membership.objects.filter(person=record)
            same_place = posts.filter(organisation=organisation) if organisation else posts
            post = same_place.filter(title__iexact=person.title).first() or same_place.first()
            if post is None:
                if organisation is None:
                    continue
                # A post the report attests on the day of the visit (docs: Membership.attested).
                day = self.proposal.visit.start or (
                    self.report.published_on and self.report.published_on.isoformat()
                )
                if not day:
                    continue
                post = Membership(
                    person=record, organisation=organisation, title=person.title, acting=person.acting,
                    attested=True,
                    start_date=datetime.date.fromisoformat(day), start_precision="day",
                )  # fmt: skip
                save_record(record=post, user=self.user, reason=self.reason)
                self.counts["created"] += 1
            self.state(post, "title", person.title, post.title, person.title_quote)

    def merge_stops(self):
        stops = list(self.visit.engagements.order_by("sequence"))
        for stop in self.proposal.stops:
            if not self.decisions.accepted(stop.key):
                continue
            venue = self.record(stop.venue)
            engagement = next((e for e in stops if venue is not None and e.venue_id == venue.pk), None)
            if engagement is None and venue is not None and venue.parent_id:
                engagement = next((e for e in stops if e.venue_id == venue.parent_id), None)
            if engagement is None:
                engagement = Engagement(
                    visit=self.visit,
                    sequence=max([e.sequence for e in stops] or [0]) + 1,
                    title=self.decisions.value(stop.key, "title", stop.title),
                    date=stop.date,
                    venue=venue,
                )
                save_record(record=engagement, user=self.user, reason=self.reason)
                stops.append(engagement)
                self.counts["created"] += 1
            for quote in stop.quotes:
                self.cite(engagement, quote, "description")
            self.merge_participants(stop, engagement)

    def merge_participants(self, stop, engagement):
        for index, participant in enumerate(stop.participants):
            key = f"{stop.key}-p{index}"
            if not self.decisions.accepted(key) or participant.person is None:
                continue
            person = self.record(participant.person)
            if person is None:
                continue
            role = self.decisions.value(key, "role", participant.role)
            existing = Participant.objects.filter(engagement=engagement, person=person).first()
            if existing is None:
                existing = Participant(
                    engagement=engagement, person=person, role=role,
                    title_as_stated=participant.title_as_stated,
                    organisation=self.record(participant.organisation),
                )  # fmt: skip
                save_record(record=existing, user=self.user, reason=self.reason)
                self.counts["created"] += 1
                self.cite(existing, participant.quote)
            else:
                self.state(existing, "role", role, existing.role, participant.quote)

    def merge_facts(self):
        for fact in self.proposal.facts:
            place_entity = self.proposal.entity(fact.place)
            if not self.decisions.accepted(fact.key) or place_entity is None or not place_entity.match:
                continue  # facts of new places came with them from the dossier writer
            place = self.record(fact.place)
            if place is None:
                continue
            existing = PlaceFact.objects.filter(place=place, kind=fact.kind).order_by("-as_of_date").first()
            if existing is None:
                new = PlaceFact(
                    place=place,
                    kind=fact.kind,
                    unit=fact.unit,
                    qualifier=fact.qualifier,
                    value_text=fact.value_text,
                )
                new.value = Decimal(fact.value) if fact.value is not None else None
                if fact.as_of:
                    new.as_of_date = datetime.date.fromisoformat(
                        fact.as_of if len(fact.as_of) == 10 else f"{fact.as_of}-01-01"
                    )
                    new.as_of_precision = "day" if len(fact.as_of) == 10 else "year"
                save_record(record=new, user=self.user, reason=self.reason)
                self.counts["created"] += 1
                for quote in fact.quotes:
                    self.cite(new, quote)
            elif fact.value is not None and existing.value is not None:
                self.state(existing, "value", fact.value, existing.value, fact.quote)
            else:
                for quote in fact.quotes:
                    self.cite(existing, quote)

    def merge(self):
        self.write_new_records()
        self.merge_visit()
        self.merge_people()
        self.merge_stops()
        self.merge_facts()
        return self.counts


def _text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 3800, not 3800.0000
    return str(value)


def _same(value, record_value):
    if value is None or record_value is None:
        return value == record_value
    try:
        return Decimal(str(value)) == Decimal(str(record_value))
    except (InvalidOperation, ValueError):
        return normalise_name(str(value)) == normalise_name(str(record_value))


def merge_second_account(*, visit, proposal, decisions, report, user):
    """Merge an accepted second account into `visit` in one transaction; return what it did."""
    try:
        with transaction.atomic():
            return _Merger(visit, proposal, decisions, report, user).merge()
    except DossierError as exc:
        raise NotWritable([_plain(error) for error in exc.errors]) from None
    except ValidationError as exc:
        raise NotWritable(
            [f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()]
        ) from None
