"""Every route under /api/. Paths are public: clients depend on them."""

from django.urls import include, path, re_path

from .views import not_found

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.authentication.urls")),
    path("", include("{{ cookiecutter.project_slug }}.users.urls")),
    path("", include("{{ cookiecutter.project_slug }}.products.urls")),
    # Last: whatever none of the above matched.
    re_path(r"^.*$", not_found),
]
