"""Ending sessions: logout everywhere, stolen refresh tokens, admins' changes, account deletion."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from .factories import DEFAULT_PASSWORD, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def refresh(token, **headers):
    return APIClient().post("/api/refresh/", {"refresh": str(token)}, format="json", **headers)


def live_sessions(user):
    """Refresh tokens of the user that can still refresh."""
    return set(
        OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).values_list(
            "jti", flat=True
        )
    )


def rotated_seconds_ago(token, seconds):
    """Moves a rotation back in time, as if it had happened `seconds` ago."""
    rotation = OutstandingToken.objects.get(jti=token["jti"]).rotation
    rotation.rotated_at = timezone.now() - timedelta(seconds=seconds)
    rotation.save(update_fields=["rotated_at"])


# Logout everywhere


def test_logout_all_ends_every_session_of_the_requester(jwt_client, client_user):
    sessions = [RefreshToken.for_user(client_user) for _ in range(3)]
    other = RefreshToken.for_user(UserFactory())

    response = jwt_client(client_user).post("/api/logout/all/")

    assert response.status_code == 204
    assert response.content == b""
    assert live_sessions(client_user) == set()
    assert all(refresh(token).status_code == 401 for token in sessions)
    assert refresh(other).status_code == 200


def test_logout_all_skips_expired_and_blacklisted_tokens(jwt_client, client_user):
    ended = RefreshToken.for_user(client_user)
    ended.blacklist()
    OutstandingToken.objects.create(
        user=client_user, jti="expired", token="x", expires_at=timezone.now()
    )

    assert jwt_client(client_user).post("/api/logout/all/").status_code == 204

    assert BlacklistedToken.objects.filter(token__jti=ended["jti"]).count() == 1
    assert not BlacklistedToken.objects.filter(token__jti="expired").exists()


def test_logout_all_needs_authentication(api_client):
    assert api_client.post("/api/logout/all/").status_code == 401


# Refresh token reuse


@pytest.fixture
def grace(settings):
    settings.JWT_REFRESH_REUSE_GRACE_SECONDS = 10
    return 10


def test_a_rotated_token_presented_within_the_grace_window_is_only_refused(client_user, grace):
    first = RefreshToken.for_user(client_user)
    successor = refresh(first).json()["refresh"]
    rotated_seconds_ago(first, grace - 1)

    response = refresh(first)

    assert response.status_code == 401
    assert response.json()["detail"] == "Token is blacklisted"
    assert refresh(successor).status_code == 200
    rotation = OutstandingToken.objects.get(jti=first["jti"]).rotation
    rotated_at = f"{rotation.rotated_at:%Y-%m-%d %H:%M:%S}"
    assert str(rotation) == f"Token for {client_user} ({first['jti']}) rotated at {rotated_at}"


def test_a_rotated_token_presented_after_the_grace_window_ends_every_session(
    client_user, grace, caplog
):
    first = RefreshToken.for_user(client_user)
    successor = refresh(first).json()["refresh"]
    other_device = RefreshToken.for_user(client_user)
    rotated_seconds_ago(first, grace + 1)

    response = refresh(first, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 401
    assert response.json()["detail"] == "Token is blacklisted"
    assert live_sessions(client_user) == set()
    assert refresh(successor).status_code == 401
    assert refresh(other_device).status_code == 401
    (warning,) = [
        record
        for record in caplog.records
        if record.levelno == logging.WARNING and record.name.endswith("sessions")
    ]
    assert f"every session of user {client_user.pk} ended" in warning.getMessage()
    assert warning.getMessage().endswith("Client IP: 203.0.113.9")


def test_a_logged_out_token_presented_again_is_only_refused(jwt_client, client_user, grace):
    """Logout, logout everywhere and a new password blacklist without rotating: the
    sessions begun since must survive the old token coming back."""
    old = RefreshToken.for_user(client_user)
    jwt_client(client_user).post("/api/logout/all/")
    new_session = RefreshToken.for_user(client_user)

    assert refresh(old).status_code == 401
    assert live_sessions(client_user) == {new_session["jti"]}


@pytest.mark.parametrize("token", ["not-a-token", ""])
def test_garbage_is_refused_without_touching_any_session(client_user, grace, token):
    session = RefreshToken.for_user(client_user)

    assert refresh(token).status_code in {400, 401}

    assert live_sessions(client_user) == {session["jti"]}


def test_reuse_of_a_deleted_users_token_ends_nothing_and_answers_401(client_user, grace):
    first = RefreshToken.for_user(client_user)
    refresh(first)
    rotated_seconds_ago(first, grace + 1)
    OutstandingToken.objects.filter(user=client_user).update(user=None)

    assert refresh(first).status_code == 401


# Admins' changes


def admin_patch(jwt_client, admin_user, user, **fields):
    return jwt_client(admin_user).patch(f"/api/users/{user.pk}/", fields, format="json")


@pytest.mark.parametrize(
    ("role", "fields"),
    [
        ("client", {"is_active": False}),
        ("admin", {"role": "staff"}),
        ("staff", {"role": "client"}),
    ],
)
def test_deactivating_or_demoting_a_user_ends_their_sessions(jwt_client, admin_user, role, fields):
    user = UserFactory(role=role)
    session = RefreshToken.for_user(user)
    access = jwt_client(user)

    assert admin_patch(jwt_client, admin_user, user, **fields).status_code == 200

    assert live_sessions(user) == set()
    assert refresh(session).status_code == 401
    if "is_active" in fields:  # the access token stops at once too
        assert access.get("/api/me/").status_code == 401


@pytest.mark.parametrize(
    ("role", "fields"),
    [("client", {"role": "staff"}), ("staff", {"role": "staff"}), ("client", {"is_active": True})],
)
def test_promoting_or_keeping_a_user_keeps_their_sessions(jwt_client, admin_user, role, fields):
    user = UserFactory(role=role)
    session = RefreshToken.for_user(user)

    assert admin_patch(jwt_client, admin_user, user, **fields).status_code == 200

    assert live_sessions(user) == {session["jti"]}


# Deleting one's own account


def delete_me(client, password=DEFAULT_PASSWORD):
    return client.delete("/api/me/", {"password": password}, format="json")


def test_deleting_your_account_deactivates_it_clears_it_and_ends_every_session(
    api_client, jwt_client
):
    user = UserFactory(role="staff", email_verified=True)
    product = ProductFactory(created_by=user)
    session = RefreshToken.for_user(user)

    response = delete_me(jwt_client(user))

    assert response.status_code == 204
    user.refresh_from_db()
    assert (user.username, user.email, user.first_name, user.last_name) == (
        f"deleted-{user.pk}",
        "",
        "",
        "",
    )
    assert (user.is_active, user.email_verified, user.has_usable_password()) == (
        False,
        False,
        False,
    )
    assert refresh(session).status_code == 401
    assert jwt_client(user).get("/api/me/").status_code == 401
    product.refresh_from_db()
    assert product.created_by_id == user.pk
    credentials = {"username": user.username, "password": DEFAULT_PASSWORD}
    assert api_client.post("/api/login/", credentials, format="json").status_code == 401


def test_deleting_your_account_needs_your_password(jwt_client, client_user):
    wrong = delete_me(jwt_client(client_user), password="not-mine")
    missing = jwt_client(client_user).delete("/api/me/")

    assert wrong.status_code == 400
    assert wrong.json() == {"password": ["Wrong password."]}
    assert missing.json() == {"password": ["This field is required."]}
    assert User.objects.get(pk=client_user.pk).is_active


def test_deleting_an_account_needs_authentication(api_client):
    assert delete_me(api_client).status_code == 401
