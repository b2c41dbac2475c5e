"""Every route under /api/. Paths are public: clients depend on them."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .views import not_found

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.authentication.urls")),
    path("", include("{{ cookiecutter.project_slug }}.users.urls")),
    path("", include("{{ cookiecutter.project_slug }}.products.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    # Last: whatever none of the above matched, newlines included (`.` stops at
    # one: such a path got Django's HTML 404 page).
    re_path(r"^[\s\S]*$", not_found),
]
