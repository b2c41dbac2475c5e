"""The project's URLs, plus the ceiling the benchmark measures the API against."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def ceiling(request):
    """A bare Django view: the same server, settings and middleware, no DRF, no queries."""
    return JsonResponse({"status": "ok"})


urlpatterns = [path("benchmark/ceiling/", ceiling), *project_urlpatterns]
