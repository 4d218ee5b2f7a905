from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import Signal

from common.http.links import slug_url
from common.models import PartialDateDisplayMixin, TimeStampedModel, wikidata_id_field
from common.partial_dates import normalised_constraint, precision_field, validate_record_date
from sources.models import CitedModel, IdentifiedModel

# Sent after a place has moved in the tree and its descendants have their new paths (`place`):
# what is stored about the places above others (visits.appearances) follows.
place_moved = Signal()


class PlaceKind(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    CITY = "city", "City"
    DISTRICT = "district", "District"
    VENUE = "venue", "Venue"
    # A place a source names without saying what it is ("Cornwall", "Camp David"): stated as
    # unknown rather than guessed; an editor sets the kind when it is known.
    UNKNOWN = "unknown", "Unknown kind"


# ISO 3166-1 leaves AA, QM-QZ, XA-XZ and ZZ for users to assign. The register assigns only these,
# each with its meaning (XK is the code the European Commission and most data sets use for Kosovo).
USER_ASSIGNED_CODES = {"XK": "Kosovo"}


def country_code_problem(code):
    """Why `code` is not a country code the register accepts, or None: an ISO 3166-1 alpha-2 code,
    an ISO 3166-3 code of a former country (four letters, e.g. SUHH for the USSR, YUCS for
    Yugoslavia), or one of the register's user-assigned codes (USER_ASSIGNED_CODES)."""
    if len(code) == 2:
        if pycountry.countries.get(alpha_2=code) is None and code not in USER_ASSIGNED_CODES:
            assigned = ", ".join(f"{key} {name}" for key, name in USER_ASSIGNED_CODES.items())
            return (
                f"{code!r} is not an ISO 3166-1 alpha-2 code nor one of the register's "
                f"user-assigned codes ({assigned})."
            )
        return None
    if len(code) == 4:
        if pycountry.historic_countries.get(alpha_4=code) is None:
            return f"{code!r} is not an ISO 3166-3 code of a former country (e.g. SUHH, YUCS)."
        return None
    return f"{code!r} is not a country code: two letters (ISO 3166-1) or four (ISO 3166-3)."


class Place(IdentifiedModel, CitedModel):
    """One node of a single tree: countries contain regions, cities and venues.

    `path` (the ids from the root down) and `country` are derived on save so that
    "this place and everything below it" and "in this country" are single index lookups.
    """

    name = models.CharField(max_length=300, help_text="The usual English name.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs.")
    kind = models.CharField(max_length=20, choices=PlaceKind.choices, help_text="What sort of place.")
    parent = models.ForeignKey(
        "self",
        # A place with places inside it must be emptied or moved before it goes.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The place this one lies in (a country has none).",
    )
    iso_code = models.CharField(
        "ISO 3166 code",
        max_length=4,
        blank=True,
        help_text="Countries only: the ISO 3166-1 alpha-2 code (RU), the ISO 3166-3 code of a former "
        "country (SUHH for the USSR, YUCS for Yugoslavia) or a user-assigned code (XK for Kosovo).",
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
        help_text="WGS 84 latitude in degrees.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
        help_text="WGS 84 longitude in degrees.",
    )
    wikidata_id = wikidata_id_field()
    description = models.TextField(blank=True, help_text="A short description.")
    country = models.ForeignKey(
        "self",
        # Derived from the tree; the tree's own PROTECT guards the country.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The country this place lies in (itself for a country); derived.",
    )
    path = models.CharField(
        max_length=500,
        editable=False,
        db_index=True,
        help_text="Ids from the root to this place, e.g. '/1/7/12/'; derived.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~Q(iso_code=""),
                name="place_unique_iso_code",
                violation_error_message="A country with this ISO 3166 code already exists.",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="place_unique_wikidata_id",
                violation_error_message="Another place already has this Wikidata id.",
            ),
            models.CheckConstraint(
                condition=Q(iso_code="") | Q(kind=PlaceKind.COUNTRY),
                name="place_iso_code_only_for_countries",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=False) | Q(kind=PlaceKind.COUNTRY),
                name="place_only_countries_at_root",
            ),
        ]

    def __str__(self):
        if self.kind == PlaceKind.COUNTRY:
            return self.name
        return f"{self.name} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        return slug_url("places:place-detail", self.slug)

    @property
    def pycountry(self):
        if len(self.iso_code) == 4:
            return pycountry.historic_countries.get(alpha_4=self.iso_code)
        return pycountry.countries.get(alpha_2=self.iso_code) if self.iso_code else None

    @property
    def is_former_country(self):
        """A country that no longer exists, by its ISO 3166-3 code."""
        return len(self.iso_code) == 4

    def clean(self):
        super().clean()
        errors = {}
        if self.iso_code:
            self.iso_code = self.iso_code.upper()
            if self.kind != PlaceKind.COUNTRY:
                errors["iso_code"] = "Only a country has an ISO 3166 code."
            elif problem := country_code_problem(self.iso_code):
                errors["iso_code"] = problem
        if self.kind == PlaceKind.COUNTRY and self.parent_id is not None:
            errors["parent"] = "A country is at the root of the tree; it has no parent."
        if self.kind != PlaceKind.COUNTRY and self.parent_id is None:
            errors["parent"] = f"A {self.get_kind_display().lower()} must lie in a country or below one."
        if self.pk and self.parent_id:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    errors["parent"] = "A place cannot lie inside itself."
                    break
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.pk is None:
            self._insert(*args, **kwargs)
            return
        old_path = self.path
        self._derive_tree_fields()
        super().save(*args, **kwargs)
        if old_path != self.path:
            self._rebase_descendants(old_path)
            place_moved.send(sender=Place, place=self)

    def _insert(self, *args, **kwargs):
        """Insert the row, then complete the derived fields that hold its own id.

        Both writes are kept out of the change history, which then records the finished
        row once, as a creation, through the usual post_save signal.
        """
        using = kwargs.get("using") or router.db_for_write(Place, instance=self)
        with transaction.atomic(using=using):
            self.skip_history_when_saving = True
            try:
                self.path = ""
                super().save(*args, **kwargs)
                self._derive_tree_fields()
                super().save(update_fields=["path", "country"], using=using)
            finally:
                del self.skip_history_when_saving
            post_save.send(
                sender=Place, instance=self, created=True, update_fields=None, raw=False, using=using
            )

    def _derive_tree_fields(self):
        parent = self.parent
        self.path = f"{parent.path if parent else '/'}{self.pk}/"
        if self.kind == PlaceKind.COUNTRY:
            self.country_id = self.pk
        else:
            self.country_id = parent.country_id if parent else None

    def _rebase_descendants(self, old_path):
        """After a move, give every place below the new path prefix and country."""
        for place in Place.objects.filter(path__startswith=old_path).exclude(pk=self.pk).order_by("path"):
            place._derive_tree_fields()
            Place.objects.filter(pk=place.pk).update(path=place.path, country_id=place.country_id)

    def ancestors(self):
        """From the root down to this place's parent, in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = Place.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def subtree(self):
        """This place and every place below it."""
        return Place.objects.filter(path__startswith=self.path)


class PlaceName(TimeStampedModel):
    """Another name of a place: in another language, a former name, an abbreviation."""

    place = models.ForeignKey(
        Place,
        # A name has no meaning without its place.
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text="The place so named.",
    )
    name = models.CharField(max_length=300, help_text="The name as written.")
    language = models.CharField(max_length=10, blank=True, help_text="Language code, e.g. ru, hy.")
    note = models.CharField(max_length=300, blank=True, help_text="E.g. 'former name', 'abbreviation'.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name", "language"],
                name="placename_unique",
                violation_error_message="This place already has this name in this language.",
            ),
        ]

    def __str__(self):
        return f"{self.name} [{self.language}]" if self.language else self.name


class PlaceFactKind(models.TextChoices):
    AREA = "area", "Area"
    POPULATION = "population", "Population"
    FOUNDED = "founded", "Founded / opened"
    REGISTERED_COMPANIES = "registered_companies", "Registered companies"
    ECONOMIC_ZONE = "economic_zone", "Economic zone"
    ECONOMY = "economy", "Economy"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    DISTINCTION = "distinction", "Distinction"
    OTHER = "other", "Other"


class ValueQualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    APPROXIMATE = "approximate", "about"
    MORE_THAN = "more_than", "more than"
    LESS_THAN = "less_than", "less than"


class PlaceFact(PartialDateDisplayMixin, CitedModel):
    """A dated, sourced fact about a place: its area, population, founding, ..."""

    place = models.ForeignKey(
        Place,
        # A fact about a place goes with it.
        on_delete=models.CASCADE,
        related_name="facts",
        help_text="The place the fact is about.",
    )
    kind = models.CharField(max_length=30, choices=PlaceFactKind.choices, help_text="What the fact measures.")
    value = models.DecimalField(
        max_digits=20, decimal_places=4, null=True, blank=True, help_text="The number, if the fact is one."
    )
    qualifier = models.CharField(
        max_length=20,
        choices=ValueQualifier.choices,
        default=ValueQualifier.EXACT,
        help_text="How the number is meant: exactly, about, more than, less than.",
    )
    unit = models.CharField(max_length=50, blank=True, help_text="Unit of the number, e.g. ha, inhabitants.")
    value_text = models.TextField(blank=True, help_text="The fact in words, when it is not a number.")
    as_of_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the fact held (first day of the period).",
        validators=[validate_record_date],
    )
    as_of_precision = precision_field(help_text="How precise 'as of' is.")

    class Meta:
        ordering = ["place", "kind", "as_of_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(value_text=""),
                name="placefact_has_value",
            ),
            normalised_constraint("placefact", "as_of"),
        ]

    def __str__(self):
        return f"{self.place.name}: {self.get_kind_display()} {self.value_display}".strip()

    @property
    def value_display(self):
        if self.value is None:
            return self.value_text
        number = self.value.normalize()
        text = f"{number:,f}" if number != number.to_integral() else f"{int(number):,}"
        qualifier = "" if self.qualifier == ValueQualifier.EXACT else f"{self.get_qualifier_display()} "
        return f"{qualifier}{text} {self.unit}".strip()

    @property
    def as_of_display(self):
        return self.partial_date_display("as_of")
