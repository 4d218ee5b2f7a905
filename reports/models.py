"""What each source states, field by field, where sources give a record's facts (Popolo's sources on
every property, FollowTheMoney's statements): docs/reports.md, "Second accounts".

The record keeps one value, the editor's; a Citation says a source supports it. A Statement keeps
what one source says of one field when it differs from the record (or agrees, when a second source
confirms a value the first one gave), pinned to its sentence, so a disagreement is never lost and
an editor decides which value the record shows.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from common.models import TimeStampedModel
from sources.models import Source


class Statement(TimeStampedModel):
    """One source's value for one field of one record, as that source states it."""

    source = models.ForeignKey(
        Source,
        # A statement is only as good as its source: the source is not deleted from under it.
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The source that states the value.",
    )
    content_type = models.ForeignKey(
        ContentType,
        # A statement about a deleted record states nothing.
        on_delete=models.CASCADE,
        help_text="The kind of record the statement is about.",
    )
    object_id = models.PositiveBigIntegerField(help_text="The id of the record the statement is about.")
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=100, help_text="The record's field the source gives a value for, e.g. 'title'."
    )
    value = models.TextField(help_text="The value as this source states it, e.g. 'Executive Director'.")
    record_value = models.TextField(blank=True, help_text="The record's value when the statement was taken.")
    agrees = models.BooleanField(help_text="The source states the record's value.")
    needs_review = models.BooleanField(
        default=False,
        help_text="The source disagrees with the record: an editor chooses which value it shows.",
    )
    quote = models.TextField(help_text="The source's words that state the value, verbatim.")
    start = models.PositiveIntegerField(
        help_text="Offset of the quote's first character in the source's text."
    )
    end = models.PositiveIntegerField(help_text="Offset just past the quote's last character.")

    class Meta:
        ordering = ["-needs_review", "content_type", "object_id", "field", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "field", "value"],
                name="one_statement_per_source_value",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="statement_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.field} = {self.value!r}"

    def clean(self):
        super().clean()
        if self.source_id and self.source.text[self.start : self.end] != self.quote:
            raise ValidationError(
                {"quote": f"The source's text at {self.start}-{self.end} is not the quote."}
            )
