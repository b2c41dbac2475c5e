"""factory-boy factories: valid objects by default, override what a test is about."""

import factory
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = "client"
    password = factory.django.Password(DEFAULT_PASSWORD)


class AdminFactory(UserFactory):
    role = "admin"


class StaffFactory(UserFactory):
    role = "staff"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "products.Product"

    name = factory.Faker("catch_phrase")
    description = factory.Faker("sentence")
    price = factory.Faker("pydecimal", right_digits=2, min_value=1, max_value=9999)
    created_by = factory.SubFactory(StaffFactory)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "orders.Order"

    product = factory.SubFactory(ProductFactory)
    quantity = 2
    created_by = factory.SubFactory(UserFactory)
