from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedRecord(models.Model):
    """What one importer last wrote to one record: the importer's own key for it and, per field,
    the value it wrote (importers/provenance.py reads and writes these rows).

    Bookkeeping of the importers, not a record of the register: it has no history and is written
    by the ledger directly, in the same transaction as the records it describes.
    """

    importer = models.CharField(max_length=50, help_text="Which importer, e.g. 'dossier', 'historian'.")
    content_type = models.ForeignKey(
        ContentType,
        # The ledger of a kind of record goes with the kind.
        on_delete=models.CASCADE,
        help_text="The kind of record written.",
    )
    object_id = models.PositiveBigIntegerField(help_text="The id of the record written.")
    record = GenericForeignKey("content_type", "object_id")
    key = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the importer's own key for the record (its natural key), if it gave one.",
    )
    values = models.JSONField(default=dict, help_text="Field name -> the value the importer last wrote.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the importer last wrote the record.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["importer", "content_type", "object_id"], name="imported_record_unique_record"
            ),
            models.UniqueConstraint(
                fields=["importer", "content_type", "key"],
                condition=~models.Q(key=""),
                name="imported_record_unique_key",
            ),
        ]

    def __str__(self):
        return f"{self.importer}: {self.content_type.app_label}.{self.content_type.model} {self.object_id}"
