"""Who may do what to products: every role against every action, and roles read live."""

from decimal import Decimal

import pytest
from django.apps import apps

from .factories import AdminFactory, ProductFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

Product = apps.get_model("products", "Product")

ROLE_FACTORIES = {"client": UserFactory, "staff": StaffFactory, "admin": AdminFactory}
NEW_VALUES = {"name": "Renamed", "description": "New text", "price": "12.34"}

# (method, acts on one product, body) for each action of the viewset.
ACTIONS = {
    "list": ("get", False, None),
    "retrieve": ("get", True, None),
    "create": ("post", False, NEW_VALUES),
    "update": ("put", True, NEW_VALUES),
    "partial_update": ("patch", True, {"price": "12.34"}),
    "destroy": ("delete", True, None),
}
# Status per role, in the order of ACTIONS: list, retrieve, create, update,
# partial_update, destroy.
EXPECTED = {
    "anonymous": (401, 401, 401, 401, 401, 401),
    "client": (200, 200, 403, 403, 403, 403),
    "staff": (200, 200, 201, 200, 200, 403),
    "admin": (200, 200, 201, 200, 200, 204),
}
MATRIX = [
    pytest.param(role, action, statuses[index], id=f"{role}-{action}")
    for role, statuses in EXPECTED.items()
    for index, action in enumerate(ACTIONS)
]


def table():
    """The products table as plain values, to compare before and after a request."""
    rows = Product.objects.order_by("pk")
    return list(rows.values_list("pk", "name", "description", "price", "created_by"))


def listed(product, user, response, before):
    assert [row["id"] for row in response.json()["results"]] == [product.pk]
    assert table() == before


def retrieved(product, user, response, before):
    assert response.json()["name"] == "Original"
    assert table() == before


def created(product, user, response, before):
    new = Product.objects.get(pk=response.json()["id"])
    assert (new.name, new.description, new.price) == ("Renamed", "New text", Decimal("12.34"))
    assert new.created_by == user
    assert table() == [*before, (new.pk, "Renamed", "New text", Decimal("12.34"), user.pk)]


def updated(product, user, response, before):
    author = product.created_by_id
    assert table() == [(product.pk, "Renamed", "New text", Decimal("12.34"), author)]
    assert response.json()["created_by"]["id"] == author


def partially_updated(product, user, response, before):
    author = product.created_by_id
    assert table() == [(product.pk, "Original", "Old text", Decimal("12.34"), author)]


def destroyed(product, user, response, before):
    assert response.content == b""
    assert table() == []


EFFECTS = {
    "list": listed,
    "retrieve": retrieved,
    "create": created,
    "update": updated,
    "partial_update": partially_updated,
    "destroy": destroyed,
}
REFUSALS = {
    401: {"detail": "Authentication credentials were not provided."},
    403: {"detail": "You do not have permission to perform this action."},
}


@pytest.mark.parametrize(("role", "action", "expected_status"), MATRIX)
def test_role_matrix(api_client, role, action, expected_status):
    product = ProductFactory(name="Original", description="Old text", price=Decimal("5.00"))
    user = None
    if role != "anonymous":
        user = ROLE_FACTORIES[role]()
        api_client.force_authenticate(user)
    method, on_one, body = ACTIONS[action]
    url = f"/api/products/{product.pk}/" if on_one else "/api/products/"
    before = table()

    response = getattr(api_client, method)(url, body, format="json")

    assert response.status_code == expected_status
    if expected_status in REFUSALS:
        assert response.json() == REFUSALS[expected_status]
        assert table() == before
    else:
        EFFECTS[action](product, user, response, before)


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
