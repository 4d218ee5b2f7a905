import datetime
import functools

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from simple_history.models import HistoricalRecords

from common.partial_dates import date_pairs, format_partial_date, iso_partial_date, last_day, truncate

wikidata_id_validator = RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id is a Q followed by digits, e.g. Q1234.")


class TimeStampedModel(models.Model):
    """Base of every domain model: timestamps and a change history.

    `updated_at` also serves as the record's version for ETags and stale-edit checks.
    """

    created_at = models.DateTimeField(auto_now_add=True, help_text="When the record was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the record last changed.")
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        # Django's get_<field>_display(), with the field's choices as a dict built once rather than
        # on every call: str() of each place and participant on a 100-visit API page called it
        # 1,400 times, a twentieth of the page's time (docs/performance.md).
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


@functools.cache
def _choice_labels(field):
    return dict(make_hashable(field.flatchoices))


def wikidata_id_field():
    return models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
        help_text="Wikidata item id, e.g. Q1234.",
    )


class PartialDateDisplayMixin:
    """`<prefix>_date` + `<prefix>_precision` pairs (and their `<prefix>_about` flags): kept
    normalised and shown in words.

    Normalised here, for every way a record is written (admin, API, importers, code): validation
    and save store a date known to the month as the month's first day and one known to the year
    as 1 January, whatever day was typed. The database refuses any other row
    (`common.partial_dates.normalised_constraint`, one per pair), for writes that bypass save().
    """

    def normalise_partial_dates(self):
        for _prefix, date_name, precision_name, _about in date_pairs(type(self)):
            day = getattr(self, date_name)
            if precision_name is None or day is None:
                continue
            if isinstance(day, str):  # assigned as text: read as the field reads it, if it can
                try:
                    day = self._meta.get_field(date_name).to_python(day)
                except ValidationError:
                    continue  # clean_fields() says what is wrong with it
            if isinstance(day, datetime.date):
                setattr(self, date_name, truncate(day, getattr(self, precision_name)))

    def clean_fields(self, exclude=None):
        self.normalise_partial_dates()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self.normalise_partial_dates()
        super().save(*args, **kwargs)

    def partial_date_display(self, prefix):
        """The date in words, "about" included when the record marks it uncertain."""
        return format_partial_date(
            getattr(self, f"{prefix}_date"),
            getattr(self, f"{prefix}_precision"),
            about=getattr(self, f"{prefix}_about", False),
        )

    def partial_date_iso(self, prefix):
        return iso_partial_date(getattr(self, f"{prefix}_date"), getattr(self, f"{prefix}_precision"))

    def partial_date_last_day(self, prefix):
        date = getattr(self, f"{prefix}_date")
        return None if date is None else last_day(date, getattr(self, f"{prefix}_precision"))
