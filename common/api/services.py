"""The API's side of the write path (common.services): its errors as API responses."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings

from common import services


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still referenced by other records."
    default_code = "protected"


def as_api_error(exc):
    """A model's ValidationError as the API's 400: each field's messages, and a rule across fields
    or rows (Django's `__all__`, e.g. a unique constraint) under DRF's `non_field_errors`."""
    errors = serializers.as_serializer_error(exc)
    if NON_FIELD_ERRORS in errors:
        errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(errors)


def save_record(*, instance, user, fields):
    """common.services.save_record, its validation errors as a 400 naming each field."""
    try:
        return services.save_record(record=instance, user=user, fields=fields)
    except DjangoValidationError as exc:
        raise as_api_error(exc) from None


def delete_record(*, instance, user):
    """common.services.delete_record, a protected record as a 409 naming what still uses it."""
    try:
        services.delete_record(record=instance, user=user)
    except ProtectedError as exc:
        blocking = sorted({f"{obj._meta.verbose_name} “{obj}”" for obj in exc.protected_objects})[:10]
        raise Conflict(
            f"{instance._meta.verbose_name} “{instance}” is still used by: {', '.join(blocking)}."
        ) from None
