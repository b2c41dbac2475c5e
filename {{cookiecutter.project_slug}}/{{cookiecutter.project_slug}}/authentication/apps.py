from django.apps import AppConfig


class AuthenticationConfig(AppConfig):
    # The app's dotted path ("<project package>.authentication"), as INSTALLED_APPS names it.
    name = __package__
    label = "authentication"
    verbose_name = "Authentication"
