"""The API's own routes under /api/: its schema and docs, and JSON 404s.

The apps' routes are gathered in config/api_router.py, mounted before these.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .views import not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    # Last: whatever no route matched, newlines included (`.` stops at one: such
    # a path got Django's HTML 404 page).
    re_path(r"^[\s\S]*$", not_found),
]
