from django.apps import AppConfig
from django.core import checks


class ApiConfig(AppConfig):
    """The API's shared machinery, installed for its system checks."""

    # The app's dotted path ("<project package>.api"), as INSTALLED_APPS names it.
    name = __package__
    label = "api"
    verbose_name = "API"

    def ready(self):
        # Imported once the apps are loaded: DRF's views load the authentication
        # classes, which need the user model.
        from .checks import check_policy  # noqa: PLC0415

        checks.register(check_policy, checks.Tags.urls)
