from rest_framework import serializers

from common.api.services import save_record
from common.prefetch import prefetched


class RecordTextField(serializers.CharField):
    """str(record). Reading it as source="__str__" makes DRF inspect the method's signature for
    every row, a tenth of a 100-visit list's time."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return str(instance)


class PrefetchedList(serializers.ListSerializer):
    """A to-many relation read from its prefetched list (common.prefetch), else with a query."""

    def get_attribute(self, instance):
        rows = prefetched(instance, self.source)
        return super().get_attribute(instance) if rows is None else rows


class RecordSerializer(serializers.ModelSerializer):
    """Base of every record serializer: `display`, `?fields=` pruning, and writes through save_record().

    Subclasses declare `id`, `url` and, where the model has one, `slug` in Meta.fields.
    """

    display = RecordTextField(help_text="The record as text.")

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fields is not None:
            for name in set(self.fields) - set(fields):
                self.fields.pop(name)

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        return save_record(instance=self.Meta.model(), user=self._user(), fields=validated_data)

    def update(self, instance, validated_data):
        return save_record(instance=instance, user=self._user(), fields=validated_data)
