from django.apps import AppConfig


class ProductsConfig(AppConfig):
    # The app's dotted path ("<project package>.products"), as INSTALLED_APPS names it.
    name = __package__
    label = "products"
    verbose_name = "Products"
