"""Every app's routes under /api/. Paths are public: clients depend on them.

A new app adds its `urls` here (and its views' resource to the policy table).
"""

from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.project_slug }}.authentication.urls")),
    path("", include("{{ cookiecutter.project_slug }}.users.urls")),
    path("", include("{{ cookiecutter.project_slug }}.passwords.urls")),
    path("", include("{{ cookiecutter.project_slug }}.products.urls")),
    path("", include("{{ cookiecutter.project_slug }}.orders.urls")),
]
