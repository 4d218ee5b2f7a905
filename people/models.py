from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from common.db.prefetch import prefetched
from common.http.links import slug_url
from common.models import PartialDateDisplayMixin, TimeStampedModel, wikidata_id_field
from common.partial_dates import (
    last_day,
    normalised_constraint,
    period_ends_on_or_after,
    precision_field,
    validate_record_date,
)
from places.models import Place, PlaceKind
from sources.models import CitedModel, IdentifiedModel


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", "Government"
    MINISTRY = "ministry", "Ministry or agency"
    LEGISLATURE = "legislature", "Legislature"
    MUNICIPALITY = "municipality", "Municipality"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
    COMPANY = "company", "Company"
    UNIVERSITY = "university", "University or school"
    TECHNOPARK = "technopark", "Technopark"
    PARTY = "party", "Political party"
    OTHER = "other", "Other"


class Organisation(IdentifiedModel, CitedModel):
    """A government, ministry, municipality, company, university or international body."""

    name = models.CharField(max_length=300, help_text="The usual English name.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs.")
    abbreviation = models.CharField(max_length=50, blank=True, help_text="E.g. EEU.")
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices, help_text="What sort of body.")
    parent = models.ForeignKey(
        "self",
        # A body with sub-bodies must be emptied or re-parented before it goes.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this one belongs to.",
    )
    country = models.ForeignKey(
        Place,
        # Places that organisations belong to are not deleted from under them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        limit_choices_to={"kind": PlaceKind.COUNTRY},
        help_text="The country it belongs to; empty for an international body.",
    )
    seat = models.ForeignKey(
        Place,
        # Places that organisations sit in are not deleted from under them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seated_organisations",
        help_text="Where it sits (a city or a venue).",
    )
    wikidata_id = wikidata_id_field()
    description = models.TextField(blank=True, help_text="A short description.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="organisation_unique_wikidata_id",
                violation_error_message="Another organisation already has this Wikidata id.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("people:organisation-detail", self.slug)

    def clean(self):
        super().clean()
        if self.country_id and self.country.kind != PlaceKind.COUNTRY:
            raise ValidationError({"country": f"“{self.country}” is not a country."})
        if self.pk and self.parent_id:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": "An organisation cannot belong to itself."})
                ancestor = ancestor.parent


class Person(IdentifiedModel, CitedModel):
    """A person: an official, a host, a counterpart."""

    name = models.CharField(max_length=300, help_text="Full name as usually written in English.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs.")
    given_name = models.CharField(max_length=150, blank=True, help_text="E.g. Nikol.")
    family_name = models.CharField(max_length=150, blank=True, help_text="E.g. Pashinyan.")
    sort_name = models.CharField(
        max_length=300, blank=True, help_text="How to sort the name, e.g. 'Pashinyan, Nikol'."
    )
    wikidata_id = wikidata_id_field()
    summary = models.TextField(blank=True, help_text="A line about who the person is.")

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="person_unique_wikidata_id",
                violation_error_message="Another person already has this Wikidata id.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("people:person-detail", self.slug)

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = f"{self.family_name}, {self.given_name}" if self.family_name else self.name
        super().save(*args, **kwargs)

    def title_on(self, day):
        """The post(s) held on `day`, e.g. "Acting Prime Minister, Government of Armenia".

        Uses the memberships prefetched as a list (people.selectors.prefetch_posts) when the
        caller has them, so a page listing many participants does not query once per person.
        """
        return "; ".join(m.post_label for m in self.posts_on(day))

    def posts_on(self, day):
        """The memberships in force on `day` (prefetched lists used as in title_on())."""
        memberships = prefetched(self, "memberships")
        if memberships is None:
            memberships = self.memberships.held_on(day).select_related("organisation")
        return [m for m in memberships if m.covers(day)]

    def posts_over(self, first, last):
        """The posts held over the days `first`..`last` (a visit known to the month or year):
        [(membership, whole)], whole when the post covers every day of it, not when only part
        (a candidate: who held it on the day is not known). Prefetched lists are used as in
        title_on()."""
        memberships = prefetched(self, "memberships")
        if memberships is None:
            memberships = self.memberships.select_related("organisation")
        held = ((m, m.covers_period(first, last)) for m in memberships)
        return [(m, cover == Membership.WHOLE) for m, cover in held if cover]


class PersonName(TimeStampedModel):
    """Another name of a person: in another language or script, a transliteration, a former name."""

    person = models.ForeignKey(
        Person,
        # A name has no meaning without its person.
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text="The person so named.",
    )
    name = models.CharField(max_length=300, help_text="The name as written.")
    language = models.CharField(max_length=10, blank=True, help_text="Language code, e.g. hy, ru.")
    script = models.CharField(max_length=4, blank=True, help_text="ISO 15924 script code, e.g. Armn, Cyrl.")
    note = models.CharField(max_length=300, blank=True, help_text="E.g. 'transliteration', 'birth name'.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name", "language"],
                name="personname_unique",
                violation_error_message="This person already has this name in this language.",
            ),
        ]

    def __str__(self):
        return f"{self.name} [{self.language}]" if self.language else self.name


class MembershipQuerySet(models.QuerySet):
    def held_on(self, day):
        """Memberships in force on `day`.

        A term (start to end): an unknown start or end does not exclude it. A post only attested
        by a source holds on the attested dates alone (its start to its end, or its start's
        period), never beyond them: a visitor called Prime Minister in 2003 and President in
        2024 is not both on either day.
        """
        starts_by = Q(start_date__isnull=True) | Q(start_date__lte=day)
        ends_after = Q(end_date__isnull=True) | period_ends_on_or_after("end", day)
        attested_end = (Q(end_date__isnull=False) & period_ends_on_or_after("end", day)) | (
            Q(end_date__isnull=True) & period_ends_on_or_after("start", day)
        )
        term = Q(attested=False) & starts_by & ends_after
        return self.filter(term | (Q(attested=True, start_date__lte=day) & attested_end))


class Membership(PartialDateDisplayMixin, CitedModel):
    """A post a person held in an organisation: a term from a start to an end (either may be
    unknown; one person may hold the same post for several terms), or a post only attested on
    some dates by a source (`attested`), which says nothing of when the term began or ended.

    `title` is the normalised post ("President"); `title_as_stated` keeps the source's words
    ("Interim President", "Secretary of State ad interim") beside it and the acting flag.
    """

    person = models.ForeignKey(
        Person,
        # A person's posts go with the person.
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="Who held the post.",
    )
    organisation = models.ForeignKey(
        Organisation,
        # An organisation with posts recorded in it is not deleted from under them.
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="Where the post is.",
    )
    title = models.CharField(max_length=300, help_text="The post, e.g. 'Prime Minister', 'Mayor'.")
    title_as_stated = models.CharField(
        max_length=300,
        blank=True,
        help_text="The title in the source's words when they differ, e.g. 'Interim President', "
        "'Secretary of State ad interim'; shown instead of the normalised one.",
    )
    acting = models.BooleanField(default=False, help_text="Held in an acting (interim, ad interim) capacity.")
    attested = models.BooleanField(
        default=False,
        help_text="Only attested by a source on the dates given (start, and end if several days), "
        "not a term known to start and end then: titles are derived for those dates alone.",
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the start period; empty if unknown.",
        validators=[validate_record_date],
    )
    start_precision = precision_field(help_text="How precise the start is.")
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the end period; empty if ongoing or unknown.",
        validators=[validate_record_date],
    )
    end_precision = precision_field(help_text="How precise the end is.")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["person", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_end_not_before_start",
            ),
            normalised_constraint("membership", "start"),
            normalised_constraint("membership", "end"),
            models.CheckConstraint(
                condition=Q(attested=False) | Q(start_date__isnull=False),
                name="membership_attested_has_date",
                violation_error_message="An attested post needs the date the source attests it on.",
            ),
        ]
        indexes = [models.Index(fields=["person", "start_date"])]

    def __str__(self):
        return f"{self.person}: {self.post_label}"

    @property
    def post_label(self):
        title = self.title_as_stated or (f"Acting {self.title}" if self.acting else self.title)
        return f"{title}, {self.organisation}"

    @property
    def period_display(self):
        start = self.partial_date_display("start") or "?"
        end = self.partial_date_display("end") or ("?" if self.start_date is None else "")
        return f"{start} – {end}".strip()

    WHOLE, PART = "whole", "part"

    def covers_period(self, first, last):
        """WHOLE if the post was held on every day of `first`..`last`, PART if on some, else None.

        A post is held over one run of days, so covering both ends means covering all between,
        and any day covered means the first day of the post within the period is.
        """
        if self.covers(first) and self.covers(last):
            return self.WHOLE
        start = self.start_date
        probe = first if start is None or start <= first else start
        return self.PART if probe <= last and self.covers(probe) else None

    def covers(self, day):
        """True if the post was held on `day`; the in-memory twin of `held_on()`."""
        if self.attested:
            if self.start_date is None or self.start_date > day:
                return False
            if self.end_date is None:
                return last_day(self.start_date, self.start_precision) >= day
            return last_day(self.end_date, self.end_precision) >= day
        if self.start_date is not None and self.start_date > day:
            return False
        return self.end_date is None or last_day(self.end_date, self.end_precision) >= day

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The post cannot end before it starts."})
        if self.attested and self.start_date is None:
            raise ValidationError({"start_date": "An attested post needs the date the source attests it on."})
