"""Business rules of the roles that the policy table's walk (test_policy) does not
spell out: refusals before lookups, roles read live, Django's flags worth nothing."""

from decimal import Decimal

import pytest
from django.apps import apps

from .factories import AdminFactory, ProductFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

Product = apps.get_model("products", "Product")

ROLE_FACTORIES = {"client": UserFactory, "staff": StaffFactory, "admin": AdminFactory}
NEW_VALUES = {"name": "Renamed", "description": "New text", "price": "12.34"}


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_anonymous_requests_are_asked_for_a_bearer_token(api_client, method):
    product = ProductFactory()

    response = getattr(api_client, method)(f"/api/products/{product.pk}/", {}, format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert Product.objects.filter(pk=product.pk).exists()


@pytest.mark.parametrize(
    ("role", "method", "expected_status"),
    [
        # Rights are checked before the product is looked up: a refused user
        # learns nothing about which ids exist.
        ("anonymous", "get", 401),
        ("client", "get", 404),
        ("client", "patch", 403),
        ("staff", "put", 404),
        ("staff", "patch", 404),
        ("staff", "delete", 403),
        ("admin", "delete", 404),
    ],
)
def test_a_missing_product_is_404_to_whoever_may_act_on_it(
    api_client, role, method, expected_status
):
    if role != "anonymous":
        api_client.force_authenticate(ROLE_FACTORIES[role]())

    response = getattr(api_client, method)("/api/products/999999/", NEW_VALUES, format="json")

    assert response.status_code == expected_status
    assert Product.objects.count() == 0


def test_a_demoted_user_loses_their_rights_at_once_with_the_same_token(jwt_client):
    staffer = StaffFactory()
    product = ProductFactory(price=Decimal("5.00"))
    client = jwt_client(staffer)
    allowed = client.patch(f"/api/products/{product.pk}/", {"price": "6.00"}, format="json")
    assert allowed.status_code == 200

    staffer.role = "client"
    staffer.save(update_fields=["role"])
    response = client.patch(f"/api/products/{product.pk}/", {"price": "7.00"}, format="json")

    assert response.status_code == 403
    product.refresh_from_db()
    assert product.price == Decimal("6.00")


def test_a_promoted_user_gains_their_rights_at_once_with_the_same_token(jwt_client):
    user = UserFactory()
    product = ProductFactory()
    client = jwt_client(user)
    assert client.delete(f"/api/products/{product.pk}/").status_code == 403

    user.role = "admin"
    user.save(update_fields=["role"])
    response = client.delete(f"/api/products/{product.pk}/")

    assert response.status_code == 204
    assert not Product.objects.filter(pk=product.pk).exists()


def test_django_superuser_flags_grant_nothing_without_the_admin_role(api_client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    product = ProductFactory()
    api_client.force_authenticate(superuser)

    response = api_client.delete(f"/api/products/{product.pk}/")

    assert response.status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


def test_admins_delete_any_product_whoever_made_it(api_client):
    product = ProductFactory(created_by=AdminFactory())
    api_client.force_authenticate(AdminFactory())

    response = api_client.delete(f"/api/products/{product.pk}/")

    assert response.status_code == 204
    assert not Product.objects.filter(pk=product.pk).exists()
