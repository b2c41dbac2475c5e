"""Every route under /api/. Paths are public: clients depend on them."""

from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.authentication.urls")),
    path("", include("{{ cookiecutter.project_slug }}.users.urls")),
    path("", include("{{ cookiecutter.project_slug }}.products.urls")),
]
