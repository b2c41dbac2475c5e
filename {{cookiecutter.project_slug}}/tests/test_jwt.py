"""Bearer tokens on protected endpoints: claims, lifetimes and every way one is refused."""

import runpy
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from .factories import UserFactory

pytestmark = pytest.mark.django_db

BASE_SETTINGS = settings.BASE_DIR / "config" / "settings" / "base.py"


def not_valid(message):
    """SimpleJWT's body when it refuses a bearer token as an access token."""
    return {
        "detail": "Given token not valid for any token type",
        "code": "token_not_valid",
        "messages": [{"token_class": "AccessToken", "token_type": "access", "message": message}],
    }


def get_me(client, authorization):
    client.credentials(HTTP_AUTHORIZATION=authorization)
    return client.get("/api/me/")


def test_a_valid_access_token_authenticates(api_client, client_user):
    response = get_me(api_client, f"Bearer {AccessToken.for_user(client_user)}")

    assert response.status_code == 200
    assert response.json()["username"] == client_user.username


def test_tokens_keep_simplejwts_default_claims(client_user):
    token = RefreshToken.for_user(client_user)

    assert set(token.payload) == {"token_type", "exp", "iat", "jti", "user_id"}
    assert set(token.access_token.payload) == {"token_type", "exp", "iat", "jti", "user_id"}
    assert token["token_type"] == "refresh"
    assert token.access_token["token_type"] == "access"


def test_token_lifetimes_are_the_configured_ones(client_user):
    refresh = RefreshToken.for_user(client_user)
    access = refresh.access_token

    assert (
        access["exp"] - access["iat"]
        == settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
    )
    assert (
        refresh["exp"] - refresh["iat"]
        == settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()
    )


def test_an_expired_access_token_is_401_saying_it_is_expired(api_client, client_user):
    expired = AccessToken.for_user(client_user)
    expired.set_exp(lifetime=-timedelta(seconds=1))

    response = get_me(api_client, f"Bearer {expired}")

    assert response.status_code == 401
    assert response.json() == not_valid("Token is expired")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_refresh_token_used_as_a_bearer_token_is_401(api_client, client_user):
    response = get_me(api_client, f"Bearer {RefreshToken.for_user(client_user)}")

    assert response.status_code == 401
    assert response.json() == not_valid("Token has wrong type")


def test_an_inactive_users_token_is_401(api_client):
    user = UserFactory()
    token = AccessToken.for_user(user)
    user.is_active = False
    user.save()

    response = get_me(api_client, f"Bearer {token}")

    assert response.status_code == 401
    assert response.json() == {"detail": "User is inactive", "code": "user_inactive"}


def test_a_deleted_users_token_is_401(api_client):
    user = UserFactory()
    token = AccessToken.for_user(user)
    user.delete()

    response = get_me(api_client, f"Bearer {token}")

    assert response.status_code == 401
    assert response.json() == {"detail": "User not found", "code": "user_not_found"}


def test_a_token_signed_with_another_key_is_401(api_client, client_user):
    payload = AccessToken.for_user(client_user).payload
    forged = jwt.encode(payload, "another-key-that-is-long-enough-for-hs256!", algorithm="HS256")

    response = get_me(api_client, f"Bearer {forged}")

    assert response.status_code == 401
    assert response.json() == not_valid("Token is invalid")


def test_an_unsigned_token_is_401(api_client, client_user):
    payload = AccessToken.for_user(client_user).payload
    unsigned = jwt.encode(payload, None, algorithm="none")

    response = get_me(api_client, f"Bearer {unsigned}")

    assert response.status_code == 401
    assert response.json() == not_valid("Token is invalid")


def test_a_token_without_a_user_is_401(api_client, client_user):
    token = AccessToken.for_user(client_user)
    del token["user_id"]

    response = get_me(api_client, f"Bearer {token}")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Token contained no recognizable user identification",
        "code": "token_not_valid",
    }


def test_garbage_bearer_token_is_401(api_client):
    response = get_me(api_client, "Bearer garbage")

    assert response.status_code == 401
    assert response.json() == not_valid("Token is invalid")


def test_bearer_without_a_token_is_401(api_client):
    response = get_me(api_client, "Bearer")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authorization header must contain two space-delimited values",
        "code": "bad_authorization_header",
    }


def test_another_scheme_counts_as_no_credentials(api_client, client_user):
    response = get_me(api_client, f"Token {AccessToken.for_user(client_user)}")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_roles_are_read_from_the_database_on_each_request(jwt_client, admin_user):
    client = jwt_client(admin_user)
    assert client.get("/api/users/").status_code == 200

    admin_user.role = "client"
    admin_user.save()
    response = client.get("/api/users/")

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_lifetimes_default_to_what_env_example_documents(monkeypatch, documented_defaults):
    monkeypatch.delenv("JWT_ACCESS_TOKEN_LIFETIME_MINUTES", raising=False)
    monkeypatch.delenv("JWT_REFRESH_TOKEN_LIFETIME_DAYS", raising=False)

    simple_jwt = runpy.run_path(str(BASE_SETTINGS))["SIMPLE_JWT"]

    assert simple_jwt["ACCESS_TOKEN_LIFETIME"] == timedelta(
        minutes=int(documented_defaults["JWT_ACCESS_TOKEN_LIFETIME_MINUTES"]),
    )
    assert simple_jwt["REFRESH_TOKEN_LIFETIME"] == timedelta(
        days=int(documented_defaults["JWT_REFRESH_TOKEN_LIFETIME_DAYS"]),
    )
    assert simple_jwt["ROTATE_REFRESH_TOKENS"] is True
    assert simple_jwt["BLACKLIST_AFTER_ROTATION"] is True


def test_lifetimes_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("JWT_ACCESS_TOKEN_LIFETIME_MINUTES", "3")
    monkeypatch.setenv("JWT_REFRESH_TOKEN_LIFETIME_DAYS", "2")

    simple_jwt = runpy.run_path(str(BASE_SETTINGS))["SIMPLE_JWT"]

    assert simple_jwt["ACCESS_TOKEN_LIFETIME"] == timedelta(minutes=3)
    assert simple_jwt["REFRESH_TOKEN_LIFETIME"] == timedelta(days=2)
