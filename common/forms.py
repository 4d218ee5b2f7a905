"""Form parts shared by every app's admin: a partial date typed as words in one text input.

A model's partial dates (`common.partial_dates.date_pairs`: `<prefix>_date` + `<prefix>_precision`,
and an `<prefix>_about` flag where the model has one) are edited in a form as one text field named
`<prefix>` ("start", "end", "as_of"; a stop's "date"), in place of the date, precision and about
fields. The editor types "2021", "April 2021", "30 April 2021", "30/04/2021" or "2021-04-30"
(optionally "about ..."); the precision is the one typed, and the field shows the stored value back
in words ("about 30 April 2021").

Every ModelForm built on `PartialDatesModelForm` (the admin's `VersionedModelForm`, the inlines'
forms) gets these fields for its model without declaring them.
"""

from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelFormMetaclass

from common.partial_dates import (
    ABOUT_HINT,
    WRITTEN_FORMS_HINT,
    DatePrecision,
    date_pairs,
    format_partial_date,
    parse_written_date,
)


class PartialDateValue(NamedTuple):
    date: object
    precision: str
    about: bool


class PartialDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__(
            {"size": 22, "placeholder": "e.g. April 2021", "class": "partial-date", **(attrs or {})}
        )


class PartialDateFormField(forms.Field):
    """A date known to the year, month or day, typed as words; cleans to a PartialDateValue."""

    widget = PartialDateInput

    def __init__(self, *, allow_about=True, day_only=False, **kwargs):
        self.allow_about, self.day_only = allow_about, day_only
        kwargs.setdefault(
            "help_text",
            ('A day ("30 April 2021", "30/04/2021", "2021-04-30")' if day_only else WRITTEN_FORMS_HINT)
            + (ABOUT_HINT if allow_about else "")
            + ".",
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, PartialDateValue):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            day, precision, about = parse_written_date(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None
        if about and not self.allow_about:
            raise ValidationError("This date cannot be marked 'about'; write the date alone.", code="about")
        if self.day_only and precision != DatePrecision.DAY:
            raise ValidationError("Give the day, e.g. “30 April 2021”.", code="day")
        return PartialDateValue(day, precision, about)

    def prepare_value(self, value):
        if isinstance(value, PartialDateValue):
            return format_partial_date(*value)
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class DatePair(NamedTuple):
    """One partial date of a model and the form field that edits it."""

    name: str  # the form field: the prefix ("start") or, for a day without precision, the date field
    date: str
    precision: str | None
    about: str | None

    @property
    def raw(self):
        """The model fields the form field stands for, other than its own name."""
        return [n for n in (self.date, self.precision, self.about) if n and n != self.name]

    def words(self, instance):
        day = getattr(instance, self.date)
        precision = getattr(instance, self.precision) if self.precision else DatePrecision.DAY
        return format_partial_date(day, precision, bool(self.about and getattr(instance, self.about)))

    def write(self, instance, value):
        setattr(instance, self.date, value.date if value else None)
        if self.precision:
            setattr(instance, self.precision, value.precision if value else DatePrecision.DAY)
        if self.about:
            setattr(instance, self.about, bool(value and value.about))


def model_date_pairs(model):
    return [DatePair(*pair) for pair in date_pairs(model)]


def partial_date_form_field(model, pair):
    date_field = model._meta.get_field(pair.date)
    return PartialDateFormField(
        required=not date_field.blank,
        label=pair.name.replace("_", " ").capitalize(),
        allow_about=pair.about is not None,
        day_only=pair.precision is None,
    )


class PartialDatesFormMetaclass(ModelFormMetaclass):
    """Adds to a ModelForm of a model with partial dates one text field per date (unless the form
    declares it, or its Meta names fields without it or excludes it), in place of the date's
    own fields."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta") or next((b.Meta for b in bases if hasattr(b, "Meta")), None)
        model = getattr(meta, "model", None)
        pairs = model_date_pairs(model) if model is not None else []
        fields, exclude = getattr(meta, "fields", None), getattr(meta, "exclude", None) or ()
        for pair in pairs:
            wanted = fields is None or fields == forms.ALL_FIELDS or pair.name in fields
            inherited = any(pair.name in getattr(base, "declared_fields", {}) for base in bases)
            if wanted and pair.name not in exclude and pair.name not in attrs and not inherited:
                attrs[pair.name] = partial_date_form_field(model, pair)
        new_class = super().__new__(mcs, name, bases, attrs)
        shown = [p for p in pairs if isinstance(new_class.declared_fields.get(p.name), PartialDateFormField)]
        if shown:
            # The text field stands where the date stood; the fields it replaces are not shown.
            dates = {pair.date: pair.name for pair in shown}
            replaced = {raw for pair in shown for raw in pair.raw}
            order = []
            for field_name in new_class.base_fields:
                if field_name in dates:
                    order.append(dates[field_name])
                elif field_name not in replaced:
                    order.append(field_name)
            new_class.base_fields = {n: new_class.base_fields[n] for n in dict.fromkeys(order)}
        return new_class


class PartialDatesModelForm(forms.ModelForm, metaclass=PartialDatesFormMetaclass):
    """A ModelForm whose partial dates are each one text field (see the module's docstring)."""

    def _partial_date_pairs(self):
        if self._meta.model is None:
            return []
        return [
            pair
            for pair in model_date_pairs(self._meta.model)
            if isinstance(self.fields.get(pair.name), PartialDateFormField)
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for pair in self._partial_date_pairs():
            if not isinstance(self.initial.get(pair.name), str):
                self.initial[pair.name] = pair.words(self.instance)

    def _post_clean(self):
        for pair in self._partial_date_pairs():
            if pair.name in self.cleaned_data:
                value = self.cleaned_data[pair.name]
                pair.write(self.instance, value)
                if pair.name == pair.date:  # the model's own field: construct_instance() writes it
                    self.cleaned_data[pair.name] = value.date if value else None
        super()._post_clean()

    def _get_validation_exclusions(self):
        # The model's rules on a date's fields apply when the text field stands for them.
        excluded = super()._get_validation_exclusions()
        for pair in self._partial_date_pairs():
            if pair.name in self.cleaned_data:
                excluded.difference_update(pair.raw)
        return excluded

    def _update_errors(self, errors):
        # The model names a date's own fields ("end_date"); the form shows them on the text field.
        renamed = {raw: pair.name for pair in self._partial_date_pairs() for raw in pair.raw}
        if renamed and hasattr(errors, "error_dict"):
            merged = {}
            for field_name, messages in errors.error_dict.items():
                merged.setdefault(renamed.get(field_name, field_name), []).extend(messages)
            errors = ValidationError(merged)
        super()._update_errors(errors)
