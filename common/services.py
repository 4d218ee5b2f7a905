"""The one write path: every save and delete of a record, from the API, the admin (single edits,
inlines and bulk actions) and every importer, goes through these two functions.

They validate (the model's full_clean(), unless the caller's form already ran it), record who
made the change and why in the record's history (django-simple-history), and save or delete.
Errors are Django's own (ValidationError, ProtectedError); each surface words them for its users.
"""


def save_record(*, record, user=None, reason=None, fields=None, validate=True, exclude=None):
    """Set `fields` on `record`, validate it and save it, with `user` and `reason` in its history.

    `validate=False` only where a ModelForm has just run full_clean() on the same values (the
    admin); `exclude` names fields full_clean() skips (e.g. those an importer computes).
    """
    for name, value in (fields or {}).items():
        setattr(record, name, value)
    if validate:
        record.full_clean(exclude=exclude)
    # Set explicitly: the history middleware runs before DRF authenticates a token, and
    # importers run without a request.
    record._history_user = user
    record._change_reason = reason
    record.save()
    return record


def delete_record(*, record, user=None, reason=None):
    """Delete `record` (and what cascades from it), with `user` and `reason` in its history."""
    record._history_user = user
    record._change_reason = reason
    record.delete()
