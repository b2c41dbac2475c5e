from django.apps import AppConfig


class UsersConfig(AppConfig):
    # The app's dotted path ("<project package>.users"), as INSTALLED_APPS names it.
    name = __package__
    label = "users"
    verbose_name = "Users"
