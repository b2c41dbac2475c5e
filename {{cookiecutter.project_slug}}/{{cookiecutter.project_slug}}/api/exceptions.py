from django.core.exceptions import RequestDataTooBig
from django.db.models import ProtectedError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler as drf_exception_handler


class StillReferenced(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other objects still refer to this one: delete them first."
    default_code = "still_referenced"


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "request_too_large"


def exception_handler(exc, context):
    """DRF's handler, also answering JSON 413 to bodies over DATA_UPLOAD_MAX_MEMORY_SIZE,
    and 409 to deleting a row that PROTECT foreign keys still point to.

    Django raises RequestDataTooBig when DRF reads such a body; left alone it
    becomes Django's HTML 400 page. ProtectedError would be a 500.
    """
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, ProtectedError):
        exc = StillReferenced()
    return drf_exception_handler(exc, context)
