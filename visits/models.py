from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from common.http.links import slug_url
from common.models import PartialDateDisplayMixin
from common.partial_dates import DatePrecision, last_day, precision_field, validate_record_date
from people.models import Organisation, Person
from places.models import Place, PlaceKind
from sources.models import CitedModel


class VisitKind(models.TextChoices):
    STATE = "state", "State visit"
    OFFICIAL = "official", "Official visit"
    WORKING = "working", "Working visit"
    PRIVATE = "private", "Private visit"
    DOMESTIC = "domestic", "Domestic visit"
    MULTILATERAL = "multilateral", "Multilateral meeting"
    OTHER = "other", "Other"


class VisitStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not published)"
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Visit(PartialDateDisplayMixin, CitedModel):
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
    kind = models.CharField(max_length=20, choices=VisitKind.choices, help_text="Protocol kind of visit.")
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
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the end period; empty for a one-period visit.",
        validators=[validate_record_date],
    )
    end_precision = precision_field(help_text="How precise the end is.")
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
        ]
        # Each index matches a hot read (proved by tests/test_explain.py on PostgreSQL): the
        # default order (newest first, then slug), cursor pages (start_date, id), and a
        # principal's or a country's visits in the default order.
        indexes = [
            models.Index(fields=["principal", "-start_date", "slug"], name="visit_principal_order"),
            models.Index(fields=["host_country", "-start_date", "slug"], name="visit_country_order"),
            models.Index(fields=["-start_date", "slug"], name="visit_default_order"),
            models.Index(fields=["start_date", "id"], name="visit_cursor_order"),
        ]

    def __str__(self):
        return f"{self.title} ({self.dates_display})"

    def get_absolute_url(self):
        return slug_url("visits:visit-detail", self.slug)

    @property
    def dates_display(self):
        start = self.partial_date_display("start")
        end = self.partial_date_display("end")
        return f"{start} – {end}" if end and end != start else start

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
        if self.host_country_id and self.host_country.kind != PlaceKind.COUNTRY:
            errors["host_country"] = f"“{self.host_country}” is not a country."
        if self.pk and self.parent_id:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    errors["parent"] = "A visit cannot be part of itself."
                    break
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


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
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="engagement_end_time_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.sequence}. {self.title}"

    def get_absolute_url(self):
        return f"{self.visit.get_absolute_url()}#engagement-{self.sequence}"

    @property
    def day(self):
        """The day this stop happened, or the visit's first day when not recorded."""
        if self.date:
            return self.date
        return self.visit.start_date if self.visit.start_precision == DatePrecision.DAY else None

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": "The stop cannot end before it starts."})
        if self.date and self.visit_id:
            visit = self.visit
            if self.date < visit.start_date or self.date > visit.last_day:
                raise ValidationError(
                    {"date": f"{self.date:%d %B %Y} is outside the visit's dates ({visit.dates_display})."}
                )


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
