import hashlib

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from common.models import TimeStampedModel
from common.partial_dates import validate_record_date


class Source(TimeStampedModel):
    """A document that states facts: a press report, a communiqué, an article."""

    slug = models.SlugField(max_length=200, unique=True, help_text="Stable identifier used in URLs.")
    title = models.CharField(max_length=500, help_text="The document's title.")
    url = models.URLField(max_length=1000, blank=True, help_text="Where the document was published.")
    publisher = models.CharField(max_length=300, blank=True, help_text="Who published it.")
    published_on = models.DateField(
        null=True, blank=True, help_text="Publication date.", validators=[validate_record_date]
    )
    language = models.CharField(max_length=10, blank=True, help_text="Language code, e.g. en, ru, hy.")
    text = models.TextField(help_text="The full text, verbatim. Citations quote from it.")
    content_hash = models.CharField(
        max_length=64, editable=False, help_text="SHA-256 of the text, computed on save."
    )

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:sources_source_change", args=[self.pk])

    @staticmethod
    def hash_text(text):
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        self.content_hash = self.hash_text(self.text)
        super().save(*args, **kwargs)


class Citation(TimeStampedModel):
    """A verbatim quote from a source that supports one record (any model).

    The quote must be a substring of the source's text; its character offsets are
    computed from the text and checked on every save.
    """

    source = models.ForeignKey(
        Source,
        # A source that supports facts must not vanish from under them.
        on_delete=models.PROTECT,
        related_name="citations",
        help_text="The document quoted.",
    )
    content_type = models.ForeignKey(
        ContentType,
        # A citation without its record has nothing to support.
        on_delete=models.CASCADE,
        help_text="The kind of record this citation supports.",
    )
    object_id = models.PositiveBigIntegerField(help_text="The id of the record supported.")
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=100,
        blank=True,
        help_text="The field of the record the quote supports, if only one (e.g. 'outcome').",
    )
    quote = models.TextField(help_text="Verbatim text from the source, typos included.")
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset of the quote's first character in the source text."
    )
    end = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset just past the quote's last character."
    )
    note = models.TextField(blank=True, help_text="What the quote means where it is not plain.")

    class Meta:
        ordering = ["source", "start", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="citation_end_after_start"),
        ]

    def __str__(self):
        quote = self.quote if len(self.quote) <= 60 else self.quote[:57] + "..."
        return f"“{quote}” ({self.source})"

    def locate_quote(self):
        """Set `start`/`end` from the source text; raise ValidationError if the quote is absent.

        Offsets given by the writer are kept when they point at the quote, so a quote
        that occurs twice can be pinned to one occurrence.
        """
        if not self.quote:
            raise ValidationError({"quote": "A citation needs a quote."})
        text = self.source.text
        if self.start is not None and text[self.start : self.start + len(self.quote)] == self.quote:
            self.end = self.start + len(self.quote)
            return
        position = text.find(self.quote)
        if position < 0:
            raise ValidationError(
                {"quote": f"The quote is not in the text of “{self.source}”: {self.quote!r}"}
            )
        self.start, self.end = position, position + len(self.quote)

    def check_field(self):
        """`field`, when given, names a concrete field of the cited record's kind: the admin and
        the API both validate through this (an unknown name pointed at nothing)."""
        if not self.field or self.content_type_id is None:
            return
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        if model is None:
            return
        names = {field.name for field in model._meta.get_fields() if field.concrete}
        if self.field not in names:
            raise ValidationError(
                {
                    "field": f"“{self.field}” is not a field of {model._meta.verbose_name}; "
                    f"use one of: {', '.join(sorted(names))}, or leave it empty."
                }
            )

    def clean(self):
        super().clean()
        errors = {}
        checks = [self.check_field] + ([self.locate_quote] if self.source_id is not None else [])
        for check in checks:
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.locate_quote()
        super().save(*args, **kwargs)


class CitedModel(TimeStampedModel):
    """Base of every record that sources support: `record.citations.all()`.

    Deleting the record deletes its citations (a GenericRelation cascades).
    """

    citations = GenericRelation(Citation)

    class Meta:
        abstract = True


class Identifier(TimeStampedModel):
    """A record's id in another system (Popolo's identifiers): a data set's own stable id, such as
    the Office of the Historian's person id `kissinger-henry-a` or country id `united-kingdom`.

    Importers match records by identifier first (then by normalised name and country). One
    (scheme, value) names at most one record of a kind; a record may carry several identifiers,
    e.g. two ids of one data set for one country (`turkey` and `turkiye`).
    """

    content_type = models.ForeignKey(
        ContentType,
        # An identifier without its record identifies nothing.
        on_delete=models.CASCADE,
        help_text="The kind of record identified.",
    )
    object_id = models.PositiveBigIntegerField(help_text="The id of the record identified.")
    record = GenericForeignKey("content_type", "object_id")
    scheme = models.CharField(
        max_length=100,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9._-]*$", "Lower-case letters, digits, '.', '_', '-'.")],
        help_text="Who assigned the id, e.g. 'historian-person', 'historian-country', 'historian-trip'.",
    )
    value = models.CharField(max_length=200, help_text="The id as that system writes it.")

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "scheme", "value"],
                name="identifier_unique",
                violation_error_message="Another record of this kind already has this identifier.",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="identifier_record")]

    def __str__(self):
        return f"{self.scheme}:{self.value}"


class IdentifiedModel(models.Model):
    """Mixin of the records that other systems identify: `record.identifiers.all()`.

    Deleting the record deletes its identifiers (a GenericRelation cascades).
    """

    identifiers = GenericRelation(Identifier)

    class Meta:
        abstract = True
