from django.apps import AppConfig


class OrdersConfig(AppConfig):
    # The app's dotted path ("<project package>.orders"), as INSTALLED_APPS names it.
    name = __package__
    label = "orders"
    verbose_name = "Orders"
