from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from common.api.fields import TEXT_ONLY_FIELD_MAPPING
from common.api.services import save_record
from common.db.prefetch import prefetched
from common.slugs import unique_slug


class RecordTextField(serializers.CharField):
    """str(record). Reading it as source="__str__" makes DRF inspect the method's signature for
    every row, a tenth of a 100-visit list's time."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return str(instance)


class PrefetchedList(serializers.ListSerializer):
    """A to-many relation read from its prefetched list (common.db.prefetch), else with a query."""

    def get_attribute(self, instance):
        rows = prefetched(instance, self.source)
        return super().get_attribute(instance) if rows is None else rows


class RecordSerializer(serializers.ModelSerializer):
    """Base of every record serializer: `display`, `?fields=` pruning, and writes through save_record().

    Subclasses declare `id`, `url` and, where the model has one, `slug` in Meta.fields.
    """

    display = RecordTextField(help_text="The record as text.")
    serializer_field_mapping = TEXT_ONLY_FIELD_MAPPING

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields asked for (`?fields=`; in any order, the declared order is kept), None for
        # all: with the class, what lists' read plans and compiled writers are kept by.
        self.requested_fields = None if fields is None else tuple(sorted(set(fields)))
        if fields is not None:
            for name in set(self.fields) - set(fields):
                self.fields.pop(name)

    def get_fields(self):
        fields = super().get_fields()
        # A slug left out of a create is made from the record (`slug_parts`): common.slugs.
        slug = fields.get("slug")
        if slug is not None and not slug.read_only and self._has_slug():
            slug.required = False
            slug.help_text = (
                f"{slug.help_text or ''} Made from the {self.slug_made_from} when left out on creation "
                "(unique: -2, -3, ... added when taken); it does not change afterwards."
            ).strip()
        return fields

    # What a made slug is built from, in words (docs) and as values (`slug_parts`).
    slug_made_from = "title or name"

    def slug_parts(self, data):
        """The texts a slug is made from, for a new record with these validated values."""
        return [data.get("title") or data.get("name")]

    def _has_slug(self):
        return any(field.name == "slug" for field in self.Meta.model._meta.fields)

    def fill_slug(self, validated_data):
        """Give a new record without a slug one made from its values."""
        if self._has_slug() and not validated_data.get("slug"):
            validated_data["slug"] = unique_slug(self.Meta.model, *self.slug_parts(validated_data))
        return validated_data

    @cached_property
    def _read_plan(self):
        """(field, column) for each field shown; `column` is the model attribute to read directly
        when the field shows one plain column, else None (DRF's general get_attribute)."""
        columns = {f.attname for f in self.Meta.model._meta.concrete_fields if not f.is_relation}
        plan = []
        for field in self.fields.values():
            if field.write_only:
                continue
            plain = (
                len(field.source_attrs) == 1
                and field.source_attrs[0] in columns
                and type(field).get_attribute is serializers.Field.get_attribute
            )
            plan.append((field, field.source_attrs[0] if plain else None))
        return plan

    def to_representation(self, instance):
        # DRF's Serializer.to_representation, with the fields listed once per serializer instead of
        # once per record, and plain columns read with getattr: DRF's general lookup (mappings,
        # callables, dotted sources) for each of ~130,000 values was a fifth of a 100-visit list's
        # time (docs/performance.md).
        data = {}
        for field, column in self._read_plan:
            if column is not None:
                value = getattr(instance, column)
            else:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
            is_none = (value.pk if isinstance(value, PKOnlyObject) else value) is None
            data[field.field_name] = None if is_none else field.to_representation(value)
        return data

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        self.fill_slug(validated_data)
        return save_record(instance=self.Meta.model(), user=self._user(), fields=validated_data)

    def update(self, instance, validated_data):
        return save_record(instance=instance, user=self._user(), fields=validated_data)
