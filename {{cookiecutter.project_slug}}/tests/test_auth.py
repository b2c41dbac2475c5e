"""POST /api/login/, /api/refresh/ and /api/logout/: SimpleJWT's lifecycle, its messages."""

from datetime import timedelta

import pytest
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NO_ACCOUNT = {"detail": "No active account found with the given credentials"}
BLACKLISTED = {"detail": "Token is blacklisted", "code": "token_not_valid"}


def login(client, username, password=DEFAULT_PASSWORD):
    return client.post("/api/login/", {"username": username, "password": password}, format="json")


def refresh(client, token):
    return client.post("/api/refresh/", {"refresh": str(token)}, format="json")


def is_blacklisted(token):
    return BlacklistedToken.objects.filter(token__jti=token["jti"]).exists()


# Login


def test_login_returns_a_token_pair_for_the_user_and_updates_last_login(api_client, client_user):
    assert client_user.last_login is None

    response = login(api_client, client_user.username)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    access = AccessToken(response.json()["access"])
    assert access["user_id"] == str(client_user.pk)
    assert RefreshToken(response.json()["refresh"])["user_id"] == str(client_user.pk)
    client_user.refresh_from_db()
    assert client_user.last_login is not None


def test_login_with_a_wrong_password_is_401_and_changes_nothing(api_client, client_user):
    response = login(api_client, client_user.username, "not-the-password")

    assert response.status_code == 401
    assert response.json() == NO_ACCOUNT
    client_user.refresh_from_db()
    assert client_user.last_login is None
    assert not OutstandingToken.objects.exists()


def test_login_of_an_unknown_user_is_401_like_a_wrong_password(api_client):
    response = login(api_client, "nobody")

    assert response.status_code == 401
    assert response.json() == NO_ACCOUNT


def test_login_of_an_inactive_user_is_401(api_client):
    user = UserFactory(is_active=False)

    response = login(api_client, user.username)

    assert response.status_code == 401
    assert response.json() == NO_ACCOUNT
    assert not OutstandingToken.objects.exists()


def test_login_with_blank_fields_is_400_naming_them(api_client):
    response = login(api_client, "", "")

    assert response.status_code == 400
    assert response.json() == {
        "username": ["This field may not be blank."],
        "password": ["This field may not be blank."],
    }


def test_login_with_missing_fields_is_400_naming_them(api_client):
    response = api_client.post("/api/login/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "username": ["This field is required."],
        "password": ["This field is required."],
    }


def test_login_with_malformed_json_is_400(api_client):
    response = api_client.post(
        "/api/login/", '{"username": "ada", ', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_login_accepts_json_only(api_client, client_user):
    response = api_client.post(
        "/api/login/", {"username": client_user.username, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 415
    assert response.json()["detail"].startswith('Unsupported media type "multipart/form-data')


def test_login_ignores_a_broken_authorization_header(api_client, client_user):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = login(api_client, client_user.username)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_login_refuses_get(api_client):
    response = api_client.get("/api/login/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "GET" not allowed.'}


# Refresh


def test_refresh_rotates_the_token_and_blacklists_the_old_one(api_client, client_user):
    old = RefreshToken.for_user(client_user)

    response = refresh(api_client, old)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    new = RefreshToken(response.json()["refresh"])
    assert new["jti"] != old["jti"]
    assert new["user_id"] == str(client_user.pk)
    assert AccessToken(response.json()["access"])["user_id"] == str(client_user.pk)
    assert is_blacklisted(old)
    assert not is_blacklisted(new)
    assert OutstandingToken.objects.filter(jti=new["jti"], user=client_user).exists()


def test_refresh_takes_at_most_6_queries(api_client, client_user, django_assert_max_num_queries):
    token = RefreshToken.for_user(client_user)

    # Read the token with its blacklisting and user; BEGIN; blacklist it, record the
    # rotation, record the new token; COMMIT.
    with django_assert_max_num_queries(6):
        assert refresh(api_client, token).status_code == 200


def test_refresh_with_a_token_whose_record_was_deleted_is_401(api_client, client_user):
    token = RefreshToken.for_user(client_user)
    OutstandingToken.objects.all().delete()

    response = refresh(api_client, token)

    assert response.status_code == 401
    assert response.json() == {"detail": "Token is invalid", "code": "token_not_valid"}


def test_reusing_a_rotated_refresh_token_is_401_blacklisted(api_client, client_user):
    old = RefreshToken.for_user(client_user)
    assert refresh(api_client, old).status_code == 200

    response = refresh(api_client, old)

    assert response.status_code == 401
    assert response.json() == BLACKLISTED
    assert BlacklistedToken.objects.count() == 1


def test_refresh_with_garbage_is_401(api_client):
    response = refresh(api_client, "garbage")

    assert response.status_code == 401
    assert response.json() == {"detail": "Token is invalid", "code": "token_not_valid"}


def test_refresh_with_an_expired_token_is_401_saying_so(api_client, client_user):
    expired = RefreshToken.for_user(client_user)
    expired.set_exp(lifetime=-timedelta(seconds=1))

    response = refresh(api_client, expired)

    assert response.status_code == 401
    assert response.json() == {"detail": "Token is expired", "code": "token_not_valid"}
    assert not BlacklistedToken.objects.exists()


def test_refresh_with_an_access_token_is_401(api_client, client_user):
    response = refresh(api_client, AccessToken.for_user(client_user))

    assert response.status_code == 401
    assert response.json() == {"detail": "Token has wrong type", "code": "token_not_valid"}


def test_refresh_without_a_token_is_400(api_client):
    response = api_client.post("/api/refresh/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {"refresh": ["This field is required."]}


def test_refresh_for_an_inactive_user_is_401_and_blacklists_nothing(api_client):
    user = UserFactory()
    token = RefreshToken.for_user(user)
    user.is_active = False
    user.save()

    response = refresh(api_client, token)

    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found for the given token."}
    assert not BlacklistedToken.objects.exists()


def test_refresh_for_a_deleted_user_is_401_not_500(api_client):
    user = UserFactory()
    token = RefreshToken.for_user(user)
    user.delete()

    response = refresh(api_client, token)

    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found for the given token."}
    assert not BlacklistedToken.objects.exists()


# Logout


def test_logout_blacklists_the_refresh_token_which_then_cannot_refresh(jwt_client, client_user):
    client = jwt_client(client_user)
    token = RefreshToken.for_user(client_user)

    response = client.post("/api/logout/", {"refresh": str(token)}, format="json")

    assert response.status_code == 204
    assert response.content == b""
    assert is_blacklisted(token)
    again = refresh(client, token)
    assert again.status_code == 401
    assert again.json() == BLACKLISTED


def test_logging_out_twice_is_401_blacklisted(jwt_client, client_user):
    client = jwt_client(client_user)
    token = RefreshToken.for_user(client_user)
    client.post("/api/logout/", {"refresh": str(token)}, format="json")

    response = client.post("/api/logout/", {"refresh": str(token)}, format="json")

    assert response.status_code == 401
    assert response.json() == BLACKLISTED
    assert BlacklistedToken.objects.count() == 1


def test_logout_with_someone_elses_token_is_403_and_leaves_it_valid(jwt_client, client_user):
    other = UserFactory()
    their_token = RefreshToken.for_user(other)

    response = jwt_client(client_user).post(
        "/api/logout/", {"refresh": str(their_token)}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "This refresh token belongs to another user."}
    assert not is_blacklisted(their_token)


def test_logout_with_garbage_is_401(jwt_client, client_user):
    response = jwt_client(client_user).post("/api/logout/", {"refresh": "garbage"}, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Token is invalid", "code": "token_not_valid"}
    assert not BlacklistedToken.objects.exists()


def test_logout_with_an_access_token_in_place_of_the_refresh_token_is_401(jwt_client, client_user):
    access = AccessToken.for_user(client_user)

    response = jwt_client(client_user).post("/api/logout/", {"refresh": str(access)}, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Token has wrong type", "code": "token_not_valid"}


def test_logout_without_a_refresh_token_is_400(jwt_client, client_user):
    response = jwt_client(client_user).post("/api/logout/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {"refresh": ["This field is required."]}


def test_logout_needs_an_access_token(api_client, client_user):
    token = RefreshToken.for_user(client_user)

    response = api_client.post("/api/logout/", {"refresh": str(token)}, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert not is_blacklisted(token)
