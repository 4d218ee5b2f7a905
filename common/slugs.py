"""Slugs made for records created without one (the API's writes).

A slug is the record's title or name (and its date, where it has one) in lower-case ASCII words
joined by hyphens, e.g. `working-visit-to-russia-2021-04-30`; when a record of the kind already
has it, `-2`, `-3`, ... is added. It is made once, when the record is created, and then stays as
it is (it is the record's address): editing the title does not change it.
"""

from django.utils.text import slugify


def unique_slug(model, *parts, field="slug"):
    """A slug for a new `model` record from `parts` (texts, dates: empty ones are skipped) that no
    record of the model has yet."""
    max_length = model._meta.get_field(field).max_length or 50
    text = " ".join(str(part) for part in parts if part not in (None, ""))
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    existing = model._default_manager.filter(**{f"{field}__startswith": base[: max_length - 6]})
    taken = set(existing.values_list(field, flat=True))
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].strip("-") + suffix
        number += 1
    return candidate
