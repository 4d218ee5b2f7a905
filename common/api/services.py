"""The one write path of the API: model validation, the acting user in the history, clear errors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still referenced by other records."
    default_code = "protected"


def save_record(*, instance, user, fields):
    """Set `fields` on `instance`, run the model's full_clean() and save, recording `user` in its history."""
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None
    # Set explicitly: the history middleware runs before DRF authenticates a token.
    instance._history_user = user
    instance.save()
    return instance


def delete_record(*, instance, user):
    instance._history_user = user
    try:
        instance.delete()
    except ProtectedError as exc:
        blocking = sorted({f"{obj._meta.verbose_name} “{obj}”" for obj in exc.protected_objects})[:10]
        raise Conflict(
            f"{instance._meta.verbose_name} “{instance}” is still used by: {', '.join(blocking)}."
        ) from None
