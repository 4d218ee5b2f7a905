from rest_framework import serializers

from common.api.services import save_record


class RecordSerializer(serializers.ModelSerializer):
    """Base of every record serializer: `display`, `?fields=` pruning, and writes through save_record().

    Subclasses declare `id`, `url` and, where the model has one, `slug` in Meta.fields.
    """

    display = serializers.CharField(source="__str__", read_only=True, help_text="The record as text.")

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
