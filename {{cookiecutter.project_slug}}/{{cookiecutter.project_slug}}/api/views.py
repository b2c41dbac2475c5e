from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer DRF's JSON 404, whatever the method.

    Without it Django would answer an HTML page, or with DEBUG on a 500 for a POST
    to a path missing its trailing slash (APPEND_SLASH cannot redirect a POST).
    """
    return JsonResponse({"detail": NotFound.default_detail}, status=NotFound.status_code)
