"""DRF's exception handler, plus JSON answers for the request limits Django enforces itself."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def api_exception_handler(exc, context):
    # Without this, Django answers these with its HTML 400 page.
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
        )
    elif isinstance(exc, TooManyFieldsSent):
        exc = ValidationError(
            {"detail": [f"More than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} query parameters or fields."]}
        )
    return exception_handler(exc, context)
