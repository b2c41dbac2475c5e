"""The orders endpoints: clients place and see their own, staff handle all, admins delete."""

import logging

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from .factories import AdminFactory, OrderFactory, ProductFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

Order = apps.get_model("orders", "Order")
Product = apps.get_model("products", "Product")


@pytest.fixture(autouse=True)
def _quiet_client_errors(caplog):
    # Django logs every 4xx as a warning; these tests expect some.
    caplog.set_level(logging.ERROR, logger="django.request")


def test_a_client_places_an_order_as_themselves_pending_whatever_the_body_says(api_client):
    client, someone = UserFactory(), UserFactory()
    product = ProductFactory()
    api_client.force_authenticate(client)

    response = api_client.post(
        "/api/orders/",
        {"product": product.pk, "quantity": 3, "created_by": someone.pk},
        format="json",
    )

    assert response.status_code == 201
    order = Order.objects.get()
    assert (order.product, order.quantity, order.status) == (product, 3, "pending")
    assert order.created_by == client
    body = response.json()
    assert body == {
        "id": order.pk,
        "product": product.pk,
        "quantity": 3,
        "status": "pending",
        "created_by": client.pk,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"product": None, "quantity": 1}, {"product": ["This field may not be null."]}),
        (
            {"product": 999999, "quantity": 1},
            {"product": ['Invalid pk "999999" - object does not exist.']},
        ),
        ({"quantity": 0}, {"quantity": ["Ensure this value is greater than or equal to 1."]}),
        ({"status": "shipped", "quantity": 1}, {"status": ["A new order is pending."]}),
    ],
)
def test_a_new_order_needs_a_product_a_positive_quantity_and_no_status(api_client, body, errors):
    product = ProductFactory()
    api_client.force_authenticate(UserFactory())

    response = api_client.post("/api/orders/", {"product": product.pk, **body}, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Order.objects.exists()


def test_clients_list_only_their_own_orders_and_staff_list_all(api_client):
    client = UserFactory()
    own = OrderFactory.create_batch(2, created_by=client)
    others = OrderFactory.create_batch(2)
    api_client.force_authenticate(client)
    listed_by_client = api_client.get("/api/orders/").json()
    api_client.force_authenticate(StaffFactory())
    listed_by_staff = api_client.get("/api/orders/").json()

    assert [row["id"] for row in listed_by_client["results"]] == [o.pk for o in reversed(own)]
    assert listed_by_client["count"] == 2
    everything = [order.pk for order in reversed(own + others)]
    assert sorted(row["id"] for row in listed_by_staff["results"]) == sorted(everything)


def test_another_clients_order_is_404_like_a_missing_one(api_client):
    order = OrderFactory()
    api_client.force_authenticate(UserFactory())

    other = api_client.get(f"/api/orders/{order.pk}/")
    missing = api_client.get("/api/orders/999999/")

    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == {"detail": "No Order matches the given query."}


def test_staff_update_an_orders_status_and_keep_its_client(api_client):
    order = OrderFactory(quantity=2)
    api_client.force_authenticate(StaffFactory())

    response = api_client.patch(f"/api/orders/{order.pk}/", {"status": "shipped"}, format="json")

    assert response.status_code == 200
    order.refresh_from_db()
    assert (order.status, order.quantity) == ("shipped", 2)
    assert response.json()["created_by"] == order.created_by_id


def test_an_unknown_status_is_400(api_client):
    order = OrderFactory()
    api_client.force_authenticate(StaffFactory())

    response = api_client.patch(f"/api/orders/{order.pk}/", {"status": "lost"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"status": ['"lost" is not a valid choice.']}
    order.refresh_from_db()
    assert order.status == "pending"


def test_admins_delete_any_order(api_client):
    order = OrderFactory()
    api_client.force_authenticate(AdminFactory())

    response = api_client.delete(f"/api/orders/{order.pk}/")

    assert response.status_code == 204
    assert not Order.objects.exists()


def test_an_ordered_product_cannot_be_deleted_until_its_orders_are(api_client):
    order = OrderFactory()
    api_client.force_authenticate(AdminFactory())

    response = api_client.delete(f"/api/products/{order.product_id}/")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Other objects still refer to this one: delete them first."
    }
    assert Product.objects.filter(pk=order.product_id).exists()


def test_the_database_refuses_a_quantity_below_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderFactory(quantity=0)


def test_an_order_reads_as_its_quantity_product_and_client():
    order = OrderFactory(quantity=3)

    assert str(order) == f"3 of product {order.product_id} for user {order.created_by_id}"


def test_the_admin_lists_orders(client):
    OrderFactory(status="shipped")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/admin/orders/order/?status__exact=shipped")

    assert response.status_code == 200
    assert b"1 order" in response.content
