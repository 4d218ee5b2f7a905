import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import OperationalError, ProgrammingError, models
from django.db.models import F, Q

from common.http.links import slug_url
from common.models import PartialDateDisplayMixin, TimeStampedModel
from common.partial_dates import (
    DatePrecision,
    format_partial_date,
    last_day,
    normalised_constraint,
    precision_field,
    validate_record_date,
)
from people.models import Organisation, Person
from places.models import Place, PlaceKind
from sources.models import CitedModel, IdentifiedModel


class VisitKind(TimeStampedModel):
    """A protocol kind of visit (state, official, working, ...): data that editors extend in the
    admin, not a fixed list. A visit names its kind by code (`Visit.kind`, whose choices are this
    table), which is what the API shows and filters take.

    The kinds that the first version knew as fixed choices keep their codes (migration 0008); the
    class attributes below name the kinds the code itself refers to.
    """

    STATE = "state"
    OFFICIAL = "official"
    OFFICIAL_WORKING = "official_working"
    WORKING = "working"
    PRIVATE = "private"
    DOMESTIC = "domestic"
    MULTILATERAL = "multilateral"
    OTHER = "other"
    NOT_STATED = "not_stated"

    code = models.SlugField(
        max_length=20,
        unique=True,
        help_text="Short stable code used by the API, filters and importers, e.g. 'official_working'; "
        "fixed once visits use it.",
    )
    name = models.CharField(max_length=100, unique=True, help_text="E.g. 'Official working visit'.")
    description = models.TextField(blank=True, help_text="What the kind means, for editors.")
    position = models.PositiveSmallIntegerField(default=100, help_text="Order in lists: lowest first.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def choices(cls):
        """(code, name) of every kind, in list order: Visit.kind's choices, read when asked."""
        return list(cls.objects.order_by("position", "name").values_list("code", "name"))

    def clean(self):
        super().clean()
        if self.pk:
            before = VisitKind.objects.filter(pk=self.pk).values_list("code", flat=True).first()
            if before and before != self.code and Visit.objects.filter(kind=before).exists():
                raise ValidationError(
                    {"code": f"Visits are recorded as {before!r}: the code of a kind in use cannot change."}
                )

    def delete(self, *args, **kwargs):
        used = Visit.objects.filter(kind=self.code)
        if used.exists():
            raise models.ProtectedError(
                f"The kind “{self}” is the kind of {used.count()} visit(s); give them another kind first.",
                set(used[:10]),
            )
        return super().delete(*args, **kwargs)


def visit_kind_choices():
    """Visit.kind's choices: the VisitKind table, read each time (editors add kinds).

    Before the first migration has made the table (the checks `migrate` runs first), there is none.
    """
    try:
        return VisitKind.choices()
    except (OperationalError, ProgrammingError):
        return []


class VisitStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not published)"
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Visit(PartialDateDisplayMixin, IdentifiedModel, CitedModel):
    """A visit by one principal person to a host country, made of ordered engagements."""

    title = models.CharField(max_length=300, help_text="A short title, e.g. 'Working visit to Innopolis'.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs.")
    principal = models.ForeignKey(
        Person,
        # A person's visits are records in their own right: delete the visits first.
        on_delete=models.PROTECT,
        related_name="visits_as_principal",
        help_text="The person whose visit it is.",
    )
    principal_country = models.ForeignKey(
        Place,
        # Countries with visits recorded are not deleted from under them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits_made",
        limit_choices_to={"kind": PlaceKind.COUNTRY},
        help_text="The country the principal came from (whose official they were); empty if unknown.",
    )
    kind = models.CharField(
        max_length=20,
        choices=visit_kind_choices,
        help_text="Protocol kind of visit, by code: one of the kinds editors keep (State, Official, "
        "Official working, Working, Private, ...).",
    )
    host_country = models.ForeignKey(
        Place,
        # Countries with visits recorded are not deleted from under them.
        on_delete=models.PROTECT,
        related_name="visits_hosted",
        limit_choices_to={"kind": PlaceKind.COUNTRY},
        help_text="The country visited.",
    )
    start_date = models.DateField(
        help_text="First day of the start period.", validators=[validate_record_date]
    )
    start_precision = precision_field(help_text="How precise the start is.")
    start_about = models.BooleanField(
        default=False, help_text="The start is uncertain: shown as 'about 29 April 2021'."
    )
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the end period; empty for a one-period visit.",
        validators=[validate_record_date],
    )
    end_precision = precision_field(help_text="How precise the end is.")
    end_about = models.BooleanField(default=False, help_text="The end is uncertain (needs an end).")
    purpose = models.TextField(blank=True, help_text="Why the visit was made, as the sources say.")
    summary = models.TextField(blank=True, help_text="What happened, in a few sentences.")
    status = models.CharField(
        max_length=20,
        choices=VisitStatus.choices,
        default=VisitStatus.DRAFT,
        help_text="Drafts are seen only by staff.",
    )
    parent = models.ForeignKey(
        "self",
        # A trip's part visits stay when the trip record goes; they just stop being grouped.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        help_text="The trip this visit is part of, if any.",
    )

    class Meta:
        ordering = ["-start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="visit_end_not_before_start",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="visit_not_own_parent"),
            normalised_constraint("visit", "start"),
            normalised_constraint("visit", "end"),
            models.CheckConstraint(
                condition=Q(end_about=False) | Q(end_date__isnull=False),
                name="visit_end_about_needs_end",
                violation_error_message="Only an end that is given can be marked 'about'.",
            ),
        ]
        # Each index matches a hot read (proved by tests/test_explain.py on PostgreSQL): the
        # default order (newest first, then slug), cursor pages (start_date, id), and a
        # principal's or a country's visits in the default order.
        indexes = [
            # With the status, a person's or a country's visits are counted by status from the
            # index alone (visits.tallies counts them again on every write of one of their visits).
            models.Index(
                fields=["principal", "-start_date", "slug"], include=["status"], name="visit_principal_order"
            ),
            models.Index(
                fields=["host_country", "-start_date", "slug"], include=["status"], name="visit_country_order"
            ),
            models.Index(
                fields=["principal_country", "-start_date", "slug"], name="visit_principal_country_order"
            ),
            models.Index(fields=["-start_date", "slug"], name="visit_default_order"),
            models.Index(fields=["start_date", "id"], name="visit_cursor_order"),
            # The draft rule's set of draft ids (visits.visibility.draft_visits), read from the few
            # drafts rather than by scanning every visit.
            models.Index(fields=["id"], condition=Q(status=VisitStatus.DRAFT), name="visit_drafts"),
        ]

    def __str__(self):
        return f"{self.title} ({self.dates_display})"

    def get_absolute_url(self):
        return slug_url("visits:visit-detail", self.slug)

    def get_kind_display(self):
        """The kind's name ("Working visit"): annotated by visits.selectors on lists and pages
        (`kind_name`, no query per row), else read."""
        name = getattr(self, "kind_name", None)
        if name is None:
            name = VisitKind.objects.filter(code=self.kind).values_list("name", flat=True).first()
        return name or self.kind

    @property
    def dates_display(self):
        """The dates in words: "30 April 2021", "29 April 2021 – 2 May 2021", "about October 2025"."""
        return self.dates_in_words()

    def dates_in_words(self, about=True):
        """The dates in words, "about" left out when `about` is False ("October 2025")."""
        start = format_partial_date(self.start_date, self.start_precision)
        end = format_partial_date(self.end_date, self.end_precision)
        if not end or end == start:
            return format_partial_date(
                self.start_date, self.start_precision, about and (self.start_about or self.end_about)
            )
        if not about:
            return f"{start} – {end}"
        return f"{self.partial_date_display('start')} – {self.partial_date_display('end')}"

    @property
    def last_day(self):
        """The last day the visit may have lasted, given its precision."""
        if self.end_date:
            return last_day(self.end_date, self.end_precision)
        return last_day(self.start_date, self.start_precision)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The visit cannot end before it starts."
        if self.end_about and self.end_date is None:
            errors["end_date"] = "Only an end that is given can be marked 'about'."
        if self.host_country_id and self.host_country.kind != PlaceKind.COUNTRY:
            errors["host_country"] = f"“{self.host_country}” is not a country."
        if self.principal_country_id and self.principal_country.kind != PlaceKind.COUNTRY:
            errors["principal_country"] = f"“{self.principal_country}” is not a country."
        if self.pk and self.parent_id:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    errors["parent"] = "A visit cannot be part of itself."
                    break
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


# How far outside its visit's dates a stop whose date is uncertain ("about") may fall: a stop
# known to the day lies within them, and a visit's own "about" widens nothing (docs/dossier-format.md).
STOP_ABOUT_MARGIN = datetime.timedelta(days=3)

# The largest value of a PositiveSmallIntegerField column on every database.
SEQUENCE_MAX = 32767


class Engagement(CitedModel):
    """One stop or meeting of a visit, in the order it happened."""

    visit = models.ForeignKey(
        Visit,
        # Stops are parts of their visit.
        on_delete=models.CASCADE,
        related_name="engagements",
        help_text="The visit this is a stop of.",
    )
    sequence = models.PositiveSmallIntegerField(
        help_text="Order within the visit: 1 came first.",
        # The column's limit on PostgreSQL (smallint); SQLite would store any integer.
        validators=[MaxValueValidator(SEQUENCE_MAX)],
    )
    title = models.CharField(max_length=300, help_text="E.g. 'Tour of Innopolis'.")
    date = models.DateField(
        null=True, blank=True, help_text="The day, when known.", validators=[validate_record_date]
    )
    date_about = models.BooleanField(
        default=False,
        help_text="The day is uncertain: shown as 'about 29 April 2021'; it may fall up to 3 days "
        "outside the visit's dates.",
    )
    start_time = models.TimeField(null=True, blank=True, help_text="Local start time, when known.")
    end_time = models.TimeField(null=True, blank=True, help_text="Local end time, when known.")
    venue = models.ForeignKey(
        Place,
        # Places with engagements recorded are not deleted from under them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        help_text="Where it took place (a venue, or a city when no venue is known).",
    )
    host_organisation = models.ForeignKey(
        Organisation,
        # Organisations with engagements recorded are not deleted from under them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_engagements",
        help_text="The body that hosted it.",
    )
    description = models.TextField(blank=True, help_text="What happened.")
    outcome = models.TextField(blank=True, help_text="What was said, agreed or signed.")

    class Meta:
        ordering = ["visit", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "sequence"],
                name="engagement_unique_sequence",
                violation_error_message="This visit already has a stop with this sequence number.",
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="engagement_sequence_from_one"),
            models.CheckConstraint(
                condition=Q(date_about=False) | Q(date__isnull=False),
                name="engagement_date_about_needs_date",
                violation_error_message="Only a date that is given can be marked 'about'.",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="engagement_end_time_not_before_start",
            ),
        ]
        # The stops at a venue and their visits from the index alone: visits.tallies counts a
        # venue's stops, and those of drafts, again on every write of one of its visits.
        indexes = [models.Index(fields=["venue", "visit"], name="engagement_venue_visit")]

    def __str__(self):
        return f"{self.sequence}. {self.title}"

    def get_absolute_url(self):
        return f"{self.visit.get_absolute_url()}#engagement-{self.sequence}"

    @property
    def day(self):
        """The day this stop happened: its date, or the visit's day when the visit lasted one day.

        A stop with no date in a visit of several days is undated (None): it happened some day
        of the visit, not on its first day (a trip's stops named only by its locale).
        """
        if self.date:
            return self.date
        visit = self.visit
        one_day = visit.end_date is None or (
            visit.end_date == visit.start_date and visit.end_precision == DatePrecision.DAY
        )
        return visit.start_date if visit.start_precision == DatePrecision.DAY and one_day else None

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": "The stop cannot end before it starts."})
        if self.date_about and self.date is None:
            raise ValidationError({"date": "Only a date that is given can be marked 'about'."})
        if self.date and self.visit_id and self.visit.start_date:
            visit = self.visit
            # The rule for stops near a visit's edges: a day known for certain lies within the
            # visit's dates; an "about" day may fall up to STOP_ABOUT_MARGIN outside them.
            margin = STOP_ABOUT_MARGIN if self.date_about else datetime.timedelta(0)
            if not visit.start_date - margin <= self.date <= visit.last_day + margin:
                if self.date_about:
                    message = (
                        f"about {self.date:%d %B %Y} is more than {margin.days} days outside the "
                        f"visit's dates ({visit.dates_display})."
                    )
                else:
                    message = (
                        f"{self.date:%d %B %Y} is outside the visit's dates ({visit.dates_display}). "
                        f"If the day is uncertain, mark it 'about': it may then fall up to "
                        f"{STOP_ABOUT_MARGIN.days} days outside them."
                    )
                raise ValidationError({"date": message})

    @property
    def date_display(self):
        """The stop's day in words ("about 29 April 2021"), or ""."""
        return format_partial_date(self.date, DatePrecision.DAY, self.date_about)

    @property
    def period(self):
        """(first day, last day) the stop happened within: its day, or else its visit's dates."""
        if self.day is not None:
            return self.day, self.day
        visit = self.visit
        return (visit.start_date, visit.last_day) if visit.start_date else None

    @property
    def period_display(self):
        """The stop's day in words, or else its visit's dates ("October 2025")."""
        if self.day is not None:
            return format_partial_date(self.day, DatePrecision.DAY, self.date_about and self.date is not None)
        return self.visit.dates_in_words(about=False)


class ParticipantRole(models.TextChoices):
    PRINCIPAL = "principal", "Principal"
    HOST = "host", "Host"
    COUNTERPART = "counterpart", "Counterpart"
    PRESENTER = "presenter", "Presenter"
    CO_ATTENDEE = "co_attendee", "Co-attendee"
    DELEGATION = "delegation", "Delegation member"
    OTHER = "other", "Other"


class Participant(CitedModel):
    """Someone who took part in an engagement: a known person, or a name as the source states it."""

    engagement = models.ForeignKey(
        Engagement,
        # Participation is part of the engagement.
        on_delete=models.CASCADE,
        related_name="participants",
        help_text="The stop or meeting taken part in.",
    )
    person = models.ForeignKey(
        Person,
        # A person's participation is a record: remove it before the person.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The person, when identified.",
    )
    name_as_stated = models.CharField(
        max_length=300,
        blank=True,
        help_text="The name or description as the source gives it, e.g. 'heads of other governments'.",
    )
    role = models.CharField(max_length=20, choices=ParticipantRole.choices, help_text="Part played.")
    title_as_stated = models.CharField(
        max_length=300, blank=True, help_text="The title the source gives, verbatim."
    )
    organisation = models.ForeignKey(
        Organisation,
        # Organisations named in participation records are not deleted from under them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The body the participant represented, if stated.",
    )

    class Meta:
        ordering = ["engagement", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name_as_stated=""),
                name="participant_person_or_name",
                violation_error_message="A participant needs a person or a name as stated in the source.",
            ),
            models.UniqueConstraint(
                fields=["engagement", "person", "role"],
                condition=Q(person__isnull=False),
                name="participant_unique_person_role",
                violation_error_message="This person already takes part in this engagement in this role.",
            ),
        ]
        indexes = [models.Index(fields=["person", "engagement"])]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display().lower()})"

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name_as_stated

    def posts_held(self):
        """The person's posts at this stop, from their memberships: [(membership, whole)].

        On the stop's day when it is known (every post held that day, whole). Otherwise over its
        visit's period (a visit known to the month or year): a post held for the whole period is
        whole; one held for only part of it is a candidate (whole False), since who held it on
        the day of the stop is not known. Reads the memberships prefetched as lists
        (people.selectors.prefetch_posts), so no query per participant.
        """
        if self.person_id is None:
            return []
        engagement = self.engagement
        if engagement.day is not None:
            return [(membership, True) for membership in self.person.posts_on(engagement.day)]
        period = engagement.period
        return self.person.posts_over(*period) if period else []

    def title_held(self):
        """posts_held() in words: "Prime Minister, Government of X" for a post held throughout;
        "Prime Minister, Government of X (part of October 2025)" for a candidate."""
        posts = self.posts_held()
        if all(whole for _post, whole in posts):
            return "; ".join(post.post_label for post, _whole in posts)
        period = self.engagement.period_display
        return "; ".join(
            post.post_label if whole else f"{post.post_label} (part of {period})" for post, whole in posts
        )


class Appearance(models.Model):
    """Derived, not a record: one row per (person, visit) the person made or took part in, and one
    per (place, visit) the place received (its host country or a stop's venue, and every place
    above them), with the visit's sort keys and status copied beside it.

    A person's or a place's page reads a page of its visits as one range of an index in list
    order, and counts them from the same index, whatever the size of the history: before, the
    ids of all their visits were read and sorted through every participation (docs/performance.md).
    Kept by visits.appearances on every write of a visit, stop or participant and on every move
    of a place; no history, no admin, no API. The foreign keys are not editable so that merging
    two people or places (common.services.merge_records) leaves them to the rewrite that follows
    the moved visits, stops and participants.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, editable=False, db_index=False, related_name="+"
    )
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, editable=False, db_index=False, related_name="+"
    )
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, editable=False, related_name="+")
    start_date = models.DateField(editable=False)
    slug = models.SlugField(max_length=200, editable=False, db_index=False)
    visit_status = models.CharField(max_length=20, choices=VisitStatus.choices, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, place__isnull=True)
                | Q(person__isnull=True, place__isnull=False),
                name="appearance_person_or_place",
            )
        ]
        # "This person's (place's) visits in list order, page N" and their count: one index range
        # each, read without the table (tests/test_explain.py).
        indexes = [
            models.Index(
                fields=["person", "-start_date", "slug"],
                include=["visit", "visit_status"],
                condition=Q(person__isnull=False),
                name="appearance_person_order",
            ),
            models.Index(
                fields=["place", "-start_date", "slug"],
                include=["visit", "visit_status"],
                condition=Q(place__isnull=False),
                name="appearance_place_order",
            ),
        ]

    def __str__(self):
        return f"{self.person_id or self.place_id} in visit {self.visit_id}"


class PersonPair(models.Model):
    """Two identified people, the lower id first (visits.pairs); indexed by the tables below."""

    person_a = models.ForeignKey(
        Person, on_delete=models.CASCADE, editable=False, db_index=False, related_name="+"
    )
    person_b = models.ForeignKey(
        Person, on_delete=models.CASCADE, editable=False, db_index=False, related_name="+"
    )

    class Meta:
        abstract = True


class PairVisit(PersonPair):
    """Derived, not a record: two identified people (the lower id first) who took part in the same
    stop of one visit, with the number of its stops they shared, the first and last day (a stop
    without its own date counts from its visit's first day) and the visit's status.

    One visit's share of who met whom, rewritten with the visit's appearances (visits.pairs);
    `Pair` sums it over every visit, and a filtered who-met-whom sums it over the filter's visits
    instead of joining every participant of those visits to every other (docs/performance.md).
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, editable=False, related_name="+")
    engagements = models.PositiveIntegerField(editable=False)
    first_date = models.DateField(editable=False)
    last_date = models.DateField(editable=False)
    visit_status = models.CharField(max_length=20, choices=VisitStatus.choices, editable=False)

    class Meta:
        # A pair's visits, to sum them again when one of them changes.
        indexes = [models.Index(fields=["person_a", "person_b"], name="pairvisit_pair")]

    def __str__(self):
        return f"{self.person_a_id} and {self.person_b_id} in visit {self.visit_id}"


class Pair(PersonPair):
    """Derived, not a record: who met whom over every visit, one row per pair of people (the lower
    id first) and view: `drafts` False counts the published visits only (what analysts and
    readers see), True every visit (what editors see). The sums of `PairVisit`, kept by
    visits.pairs whenever a visit's share changes; read by /network/, the API's who-met-whom
    without a filter and a person's page, strongest first, as an index range."""

    drafts = models.BooleanField(editable=False)
    engagements = models.PositiveIntegerField(editable=False)
    visits = models.PositiveIntegerField(editable=False)
    first_date = models.DateField(editable=False)
    last_date = models.DateField(editable=False)

    class Meta:
        constraints = [
            # The pair first: rewriting a pair's rows probes it by (person_a, person_b).
            models.UniqueConstraint(fields=["person_a", "person_b", "drafts"], name="pair_key"),
        ]
        indexes = [
            # The strongest pairs first (/network/); a person's pairs, as the lower id or the higher.
            models.Index(fields=["drafts", "-engagements"], name="pair_strongest"),
            models.Index(fields=["drafts", "person_b"], name="pair_person_b"),
        ]

    def __str__(self):
        return f"{self.person_a_id} and {self.person_b_id}: {self.engagements}"


class PersonTally(models.Model):
    """Derived, not a record: how many visits a person made as principal, all of them (what editors
    see) and the published ones (analysts and readers). Kept by visits.tallies on every write that
    rewrites a visit's appearances; read by the people index and its sort by visits, which counted
    every person's visits per page (5.9 s sorted at 1,000,000 visits)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, editable=False, related_name="+"
    )
    visits = models.PositiveIntegerField(editable=False)
    published_visits = models.PositiveIntegerField(editable=False)

    def __str__(self):
        return f"{self.person_id}: {self.visits}"


class PlaceTally(models.Model):
    """Derived, not a record: how many visits a place received as host country and how many stops
    were held at it as their venue, all (editors) and published (analysts and readers). Kept by
    visits.tallies like PersonTally; read by the places index, its sort and the home page's map."""

    place = models.OneToOneField(
        Place, on_delete=models.CASCADE, primary_key=True, editable=False, related_name="+"
    )
    visits = models.PositiveIntegerField(editable=False)
    published_visits = models.PositiveIntegerField(editable=False)
    stops = models.PositiveIntegerField(editable=False)
    published_stops = models.PositiveIntegerField(editable=False)

    def __str__(self):
        return f"{self.place_id}: {self.visits}, {self.stops}"
