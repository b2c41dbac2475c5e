"""A user's whole journey over HTTP: register, log in, act by role, refresh, log out."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "Tr0ub4dor&3-staple"


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_register_login_act_by_role_refresh_logout_and_be_refused(
    api_client, jwt_client, admin_user, django_capture_on_commit_callbacks
):
    product = {"name": "Lamp", "price": "19.90"}
    Product = apps.get_model("products", "Product")

    # Register: a client, welcomed by email.
    with django_capture_on_commit_callbacks(execute=True):
        registered = api_client.post(
            "/api/register/",
            {"username": "ada", "email": "ada@example.com", "password": PASSWORD},
            format="json",
        )
    assert registered.status_code == 201
    assert registered.json()["role"] == "client"
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]

    # Log in.
    logged_in = api_client.post(
        "/api/login/", {"username": "ada", "password": PASSWORD}, format="json"
    )
    assert logged_in.status_code == 200
    tokens = logged_in.json()
    ada = bearer(tokens["access"])

    # As a client: read products, but not create them.
    assert ada.get("/api/me/").json()["username"] == "ada"
    listing = ada.get("/api/products/")
    assert listing.status_code == 200
    assert listing.json()["count"] == 0
    refused = ada.post("/api/products/", product, format="json")
    assert refused.status_code == 403
    assert not Product.objects.exists()

    # An admin makes her staff: the same token now creates products.
    promoted = jwt_client(admin_user).patch(
        f"/api/users/{registered.json()['id']}/", {"role": "staff"}, format="json"
    )
    assert promoted.status_code == 200
    created = ada.post("/api/products/", product, format="json")
    assert created.status_code == 201
    assert created.json()["name"] == "Lamp"
    assert Product.objects.get().created_by.username == "ada"
    # ...but staff do not delete.
    deleted = ada.delete(f"/api/products/{created.json()['id']}/")
    assert deleted.status_code == 403
    assert Product.objects.count() == 1

    # Refresh: a new pair; the old refresh token is spent.
    refreshed = api_client.post("/api/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200
    new_tokens = refreshed.json()
    assert new_tokens["refresh"] != tokens["refresh"]

    # Log out with the new refresh token.
    ada = bearer(new_tokens["access"])
    logged_out = ada.post("/api/logout/", {"refresh": new_tokens["refresh"]}, format="json")
    assert logged_out.status_code == 204

    # Refused: neither refresh token refreshes any more.
    for spent in (tokens["refresh"], new_tokens["refresh"]):
        again = api_client.post("/api/refresh/", {"refresh": spent}, format="json")
        assert again.status_code == 401
        assert again.json() == {"detail": "Token is blacklisted", "code": "token_not_valid"}
    assert get_user_model().objects.get(username="ada").role == "staff"


def test_a_deactivated_user_is_locked_out_at_once(api_client, jwt_client, admin_user, client_user):
    user_client = jwt_client(client_user)
    assert user_client.get("/api/products/").status_code == 200

    jwt_client(admin_user).patch(
        f"/api/users/{client_user.pk}/", {"is_active": False}, format="json"
    )
    response = user_client.get("/api/products/")

    assert response.status_code == 401
    assert response.json() == {"detail": "User is inactive", "code": "user_inactive"}
