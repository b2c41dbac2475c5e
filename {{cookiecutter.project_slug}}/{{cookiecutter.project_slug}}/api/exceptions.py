from django.core.exceptions import RequestDataTooBig
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler as drf_exception_handler


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "request_too_large"


def exception_handler(exc, context):
    """DRF's handler, also answering JSON 413 to bodies over DATA_UPLOAD_MAX_MEMORY_SIZE.

    Django raises RequestDataTooBig when DRF reads such a body; left alone it
    becomes Django's HTML 400 page.
    """
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    return drf_exception_handler(exc, context)
