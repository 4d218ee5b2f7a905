"""The API's side of the write path (common.services): its errors as API responses."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

from common import services


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still referenced by other records."
    default_code = "protected"


def save_record(*, instance, user, fields):
    """common.services.save_record, its validation errors as a 400 naming each field."""
    try:
        return services.save_record(record=instance, user=user, fields=fields)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None


def delete_record(*, instance, user):
    """common.services.delete_record, a protected record as a 409 naming what still uses it."""
    try:
        services.delete_record(record=instance, user=user)
    except ProtectedError as exc:
        blocking = sorted({f"{obj._meta.verbose_name} “{obj}”" for obj in exc.protected_objects})[:10]
        raise Conflict(
            f"{instance._meta.verbose_name} “{instance}” is still used by: {', '.join(blocking)}."
        ) from None
