from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from common.db.prefetch import prefetched
from common.http.links import slug_url
from common.models import PartialDateDisplayMixin, TimeStampedModel, wikidata_id_field
from common.partial_dates import last_day, period_ends_on_or_after, precision_field, validate_record_date
from places.models import Place, PlaceKind
from sources.models import CitedModel


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


class Organisation(CitedModel):
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


class Person(CitedModel):
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
        memberships = prefetched(self, "memberships")
        if memberships is None:
            memberships = self.memberships.held_on(day).select_related("organisation")
        return "; ".join(m.post_label for m in memberships if m.covers(day))


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
        """Memberships in force on `day`; an unknown start or end does not exclude it."""
        starts_by = Q(start_date__isnull=True) | Q(start_date__lte=day)
        ends_after = Q(end_date__isnull=True) | period_ends_on_or_after("end", day)
        return self.filter(starts_by, ends_after)


class Membership(PartialDateDisplayMixin, CitedModel):
    """A post a person held in an organisation, from a start to an end (either may be unknown)."""

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
    acting = models.BooleanField(default=False, help_text="Held in an acting capacity.")
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
        ]
        indexes = [models.Index(fields=["person", "start_date"])]

    def __str__(self):
        return f"{self.person}: {self.post_label}"

    @property
    def post_label(self):
        title = f"Acting {self.title}" if self.acting else self.title
        return f"{title}, {self.organisation}"

    @property
    def period_display(self):
        start = self.partial_date_display("start") or "?"
        end = self.partial_date_display("end") or ("?" if self.start_date is None else "")
        return f"{start} – {end}".strip()

    def covers(self, day):
        """True if the post was held on `day`; the in-memory twin of `held_on()`."""
        if self.start_date is not None and self.start_date > day:
            return False
        return self.end_date is None or last_day(self.end_date, self.end_precision) >= day

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The post cannot end before it starts."})
