from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_router")),
    # After the apps' routes: it ends with the API's catch-all JSON 404.
    path("api/", include("{{ cookiecutter.project_slug }}.api.urls")),
    path("health/", include("{{ cookiecutter.project_slug }}.health.urls")),
    # Outside /api/: the Ingress does not route it (see README.md, "Metrics").
    path("metrics", include("{{ cookiecutter.project_slug }}.metrics.urls")),
]
