"""Odd input to the authentication and user endpoints: always a 4xx, never a 500."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

pytestmark = pytest.mark.django_db

User = get_user_model()

STRONG_PASSWORD = "Tr0ub4dor&3-staple"


def post(client, path, body):
    return client.post(path, body, format="json")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([], {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
        ("ada", {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}),
        (None, {"username": ["This field is required."], "password": ["This field is required."]}),
        (
            {"username": None, "password": None},
            {
                "username": ["This field may not be null."],
                "password": ["This field may not be null."],
            },
        ),
        (
            {"username": ["ada"], "password": {"a": 1}},
            {
                "username": ["Not a valid string."],
                "password": ["Not a valid string."],
            },
        ),
        (
            {"username": "ada\x00", "password": "pw"},
            {
                "username": ["Null characters are not allowed."],
            },
        ),
    ],
)
def test_login_with_a_body_of_the_wrong_shape_is_400(api_client, body, expected):
    response = post(api_client, "/api/login/", body)

    assert response.status_code == 400
    assert response.json() == expected


@pytest.mark.parametrize("username", [12345, 1.5, "x" * 100_000])
def test_login_with_odd_but_valid_strings_is_401(api_client, username):
    response = post(api_client, "/api/login/", {"username": username, "password": "pw"})

    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found with the given credentials"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"refresh": ["a"]}, {"refresh": ["Not a valid string."]}),
        ({"refresh": None}, {"refresh": ["This field may not be null."]}),
        ({"refresh": ""}, {"refresh": ["This field may not be blank."]}),
    ],
)
def test_refresh_with_a_body_of_the_wrong_shape_is_400(api_client, body, expected):
    response = post(api_client, "/api/refresh/", body)

    assert response.status_code == 400
    assert response.json() == expected


@pytest.mark.parametrize("token", [12345, "x" * 100_000, "a.b.c", "é"])
def test_refresh_with_a_string_that_is_no_token_is_401(api_client, token):
    response = post(api_client, "/api/refresh/", {"refresh": token})

    assert response.status_code == 401
    assert response.json() == {"detail": "Token is invalid", "code": "token_not_valid"}


@pytest.mark.parametrize(
    "authorization",
    ["Bearer é", "Bearer " + "x" * 10_000, "Bearer a.b.c", "Bearer a b", "Bearer \x00"],
)
def test_odd_authorization_headers_are_401(api_client, authorization):
    api_client.credentials(HTTP_AUTHORIZATION=authorization)

    response = api_client.get("/api/me/")

    assert response.status_code == 401
    assert response.json()["code"] in {"token_not_valid", "bad_authorization_header"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"username": "x" * 151},
            {"username": ["Ensure this field has no more than 150 characters."]},
        ),
        (
            {"username": "ada lovelace"},
            {
                "username": [
                    "Enter a valid username. This value may contain only letters, numbers, "
                    "and @/./+/-/_ characters."
                ]
            },
        ),
        (
            {"username": "ada\x00"},
            {
                "username": [
                    "Enter a valid username. This value may contain only letters, numbers, "
                    "and @/./+/-/_ characters.",
                    "Null characters are not allowed.",
                ]
            },
        ),
        (
            {"email": "a@" + "x" * 300 + ".com"},
            {
                "email": [
                    "Ensure this field has no more than 254 characters.",
                    "Enter a valid email address.",
                ]
            },
        ),
        ({"email": 42}, {"email": ["Enter a valid email address."]}),
        ({"password": ["a"]}, {"password": ["Not a valid string."]}),
        (
            {"first_name": "x" * 151},
            {"first_name": ["Ensure this field has no more than 150 characters."]},
        ),
    ],
)
def test_register_with_wrong_types_or_huge_fields_is_400_and_saves_nothing(
    api_client, fields, expected
):
    body = {"username": "ada", "email": "ada@example.com", "password": STRONG_PASSWORD}

    response = post(api_client, "/api/register/", {**body, **fields})

    assert response.status_code == 400
    assert response.json() == expected
    assert not User.objects.exists()


def test_register_with_a_huge_password_is_handled(api_client):
    response = post(
        api_client,
        "/api/register/",
        {"username": "ada", "email": "ada@example.com", "password": "Tr0ub4dor&3" * 10_000},
    )

    assert response.status_code == 201
    assert User.objects.filter(username="ada").exists()


def test_me_patch_with_wrong_types_is_400_and_changes_nothing(jwt_client, client_user):
    response = jwt_client(client_user).patch(
        "/api/me/", {"first_name": {"a": 1}, "email": ["x"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "first_name": ["Not a valid string."],
        "email": ["Enter a valid email address."],
    }
    assert User.objects.get(pk=client_user.pk).first_name == client_user.first_name


def test_users_patch_with_wrong_types_is_400(jwt_client, admin_user, client_user):
    response = jwt_client(admin_user).patch(
        f"/api/users/{client_user.pk}/", {"is_active": "maybe", "role": ["admin"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "is_active": ["Must be a valid boolean."],
        "role": ["\"['admin']\" is not a valid choice."],
    }
    client_user.refresh_from_db()
    assert (client_user.role, client_user.is_active) == ("client", True)


def test_a_failed_rotation_rolls_back_and_keeps_the_old_token_valid(api_client, client_user):
    token = RefreshToken.for_user(client_user)

    with (
        # The last of the rotation's inserts: the new token's record.
        mock.patch.object(
            OutstandingToken.objects, "create", side_effect=DatabaseError("disk full")
        ),
        pytest.raises(DatabaseError),
    ):
        post(api_client, "/api/refresh/", {"refresh": str(token)})

    assert not BlacklistedToken.objects.exists()
    assert OutstandingToken.objects.count() == 1
    response = post(api_client, "/api/refresh/", {"refresh": str(token)})
    assert response.status_code == 200
