"""Registration, /api/me/, the admins' /api/users/ and the create_demo_users command."""

import logging
from io import StringIO
from smtplib import SMTPException
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import resolve

from .factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

STRONG_PASSWORD = "Tr0ub4dor&3-staple"
FORBIDDEN = {"detail": "You do not have permission to perform this action."}


def register(client, **fields):
    body = {"username": "ada", "email": "ada@example.com", "password": STRONG_PASSWORD}
    return client.post("/api/register/", {**body, **fields}, format="json")


def profile(user):
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "email_verified": user.email_verified,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        # RFC 3339 in UTC, as orjson writes it.
        "date_joined": user.date_joined.isoformat().replace("+00:00", "Z"),
    }


# Registration


def test_register_creates_a_client_and_sends_the_welcome_email_after_commit(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = register(api_client, first_name="Ada")
        assert mail.outbox == []

    assert response.status_code == 201
    user = User.objects.get(username="ada")
    assert response.json() == profile(user)
    assert response.json()["role"] == "client"
    assert user.check_password(STRONG_PASSWORD)
    assert (user.first_name, user.is_staff, user.is_superuser) == ("Ada", False, False)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    assert mail.outbox[0].subject == f"Welcome to {settings.PROJECT_NAME}"
    assert "Hello ada," in mail.outbox[0].body


def test_register_ignores_role_and_staff_flags_in_the_body(api_client):
    response = register(api_client, role="admin", is_staff=True, is_superuser=True)

    assert response.status_code == 201
    assert response.json()["role"] == "client"
    user = User.objects.get(username="ada")
    assert (user.role, user.is_staff, user.is_superuser) == ("client", False, False)


def test_register_refuses_a_weak_password_with_the_reasons(api_client):
    response = register(api_client, password="1234")

    assert response.status_code == 400
    assert response.json() == {
        "password": [
            "This password is too short. It must contain at least 8 characters.",
            "This password is too common.",
            "This password is entirely numeric.",
        ]
    }
    assert not User.objects.exists()
    assert mail.outbox == []


def test_register_refuses_a_password_like_the_username(api_client):
    response = register(api_client, username="margaret.hamilton", password="margaret.hamilton1")

    assert response.status_code == 400
    assert response.json() == {"password": ["The password is too similar to the username."]}
    assert not User.objects.exists()


def test_register_refuses_a_taken_username(api_client):
    UserFactory(username="ada")

    response = register(api_client, email="other@example.com")

    assert response.status_code == 400
    assert response.json() == {"username": ["A user with that username already exists."]}
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_register_refuses_a_taken_email_whatever_its_case(api_client):
    UserFactory(username="grace", email="ada@example.com")

    response = register(api_client, email="ADA@Example.com")

    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email already exists."]}
    assert User.objects.count() == 1


def test_the_database_refuses_an_email_taken_during_a_concurrent_registration(
    api_client, django_capture_on_commit_callbacks
):
    UserFactory(username="grace", email="ada@example.com")
    # As if another request registered the address between validation and save.
    with (
        mock.patch.object(
            resolve("/api/register/").func.view_class.serializer_class,
            "validate_email",
            side_effect=lambda value: value,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = register(api_client, email="ADA@example.com")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A user with that username or email already exists."]
    }
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_register_needs_username_email_and_password(api_client):
    response = api_client.post("/api/register/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "username": ["This field is required."],
        "email": ["This field is required."],
        "password": ["This field is required."],
    }
    assert not User.objects.exists()


def test_register_refuses_an_invalid_email(api_client):
    response = register(api_client, email="not-an-email")

    assert response.status_code == 400
    assert response.json() == {"email": ["Enter a valid email address."]}
    assert not User.objects.exists()


def test_register_normalizes_the_email_domain(api_client):
    response = register(api_client, email="Ada@EXAMPLE.com")

    assert response.status_code == 201
    assert response.json()["email"] == "Ada@example.com"


def test_a_failing_mail_server_does_not_fail_the_registration(
    api_client, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=SMTPException("mail server down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.ERROR),
    ):
        response = register(api_client)

    assert response.status_code == 201
    assert User.objects.filter(username="ada").exists()
    assert "mail server down" in caplog.text
    assert mail.outbox == []


def test_registered_users_can_log_in(api_client):
    register(api_client)

    response = api_client.post(
        "/api/login/", {"username": "ada", "password": STRONG_PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


# /api/me/


def test_me_shows_the_requester_without_the_password(jwt_client, client_user):
    response = jwt_client(client_user).get("/api/me/")

    assert response.status_code == 200
    assert response.json() == profile(client_user)


def test_me_needs_authentication(api_client):
    response = api_client.get("/api/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_me_patch_changes_names_and_email_but_not_role_or_username(jwt_client, client_user):
    response = jwt_client(client_user).patch(
        "/api/me/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.org",
            "role": "admin",
            "username": "root",
        },
        format="json",
    )

    assert response.status_code == 200
    client_user.refresh_from_db()
    assert response.json() == profile(client_user)
    assert (client_user.first_name, client_user.last_name) == ("Ada", "Lovelace")
    assert client_user.email == "ada@example.org"
    assert client_user.role == "client"
    assert client_user.username != "root"


def test_me_patch_refuses_an_email_another_user_has(jwt_client, client_user):
    UserFactory(email="taken@example.com")

    response = jwt_client(client_user).patch(
        "/api/me/", {"email": "Taken@Example.com"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email already exists."]}
    assert User.objects.get(pk=client_user.pk).email == client_user.email


def test_me_patch_accepts_the_own_email_in_another_case(jwt_client, client_user):
    response = jwt_client(client_user).patch(
        "/api/me/", {"email": client_user.email.upper()}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["email"] == User.objects.get(pk=client_user.pk).email


def test_me_patch_refuses_a_blank_email(jwt_client, client_user):
    response = jwt_client(client_user).patch("/api/me/", {"email": ""}, format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["This field may not be blank."]}
    assert User.objects.get(pk=client_user.pk).email == client_user.email


@pytest.mark.parametrize("method", ["put", "post"])
def test_me_allows_only_get_patch_and_delete(jwt_client, client_user, method):
    response = getattr(jwt_client(client_user), method)("/api/me/", {}, format="json")

    assert response.status_code == 405
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    assert User.objects.filter(pk=client_user.pk).exists()


# /api/users/ (admins only)


def test_admins_list_users_paginated(jwt_client, admin_user, client_user):
    response = jwt_client(admin_user).get("/api/users/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    assert [user["username"] for user in body["results"]] == [
        admin_user.username,
        client_user.username,
    ]
    assert "password" not in body["results"][0]
    assert body["results"][1]["is_active"] is True


def test_admins_retrieve_a_user(jwt_client, admin_user, client_user):
    response = jwt_client(admin_user).get(f"/api/users/{client_user.pk}/")

    assert response.status_code == 200
    assert response.json() == {**profile(client_user), "is_active": True, "last_login": None}


@pytest.mark.parametrize(
    ("user_id", "detail"),
    [("999999", "No User matches the given query."), ("abc", "Not found.")],
)
def test_an_unknown_user_is_a_json_404(jwt_client, admin_user, user_id, detail):
    response = jwt_client(admin_user).get(f"/api/users/{user_id}/")

    assert response.status_code == 404
    assert response.json() == {"detail": detail}


def test_admins_change_role_and_active_status_only(jwt_client, admin_user, client_user):
    response = jwt_client(admin_user).patch(
        f"/api/users/{client_user.pk}/",
        {"role": "staff", "is_active": False, "username": "renamed", "email": "x@example.com"},
        format="json",
    )

    assert response.status_code == 200
    client_user.refresh_from_db()
    assert (client_user.role, client_user.is_active) == ("staff", False)
    assert client_user.username != "renamed"
    assert client_user.email != "x@example.com"
    assert response.json()["role"] == "staff"
    assert response.json()["is_active"] is False


def test_an_unknown_role_is_400(jwt_client, admin_user, client_user):
    response = jwt_client(admin_user).patch(
        f"/api/users/{client_user.pk}/", {"role": "boss"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"role": ['"boss" is not a valid choice.']}
    assert User.objects.get(pk=client_user.pk).role == "client"


def test_admins_cannot_change_their_own_role_or_status(jwt_client, admin_user):
    response = jwt_client(admin_user).patch(
        f"/api/users/{admin_user.pk}/", {"role": "client", "is_active": False}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["You cannot change your own role or active status."]
    }
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active) == ("admin", True)


def audit_lines(caplog):
    return [
        record.getMessage() for record in caplog.records if record.name.endswith(".users.audit")
    ]


def test_a_role_change_is_logged_with_who_made_it(jwt_client, admin_user, client_user, caplog):
    caplog.set_level(logging.INFO)

    jwt_client(admin_user).patch(f"/api/users/{client_user.pk}/", {"role": "staff"}, format="json")

    assert audit_lines(caplog) == [
        f"{admin_user.username} (id {admin_user.pk}) changed the role of "
        f"{client_user.username} (id {client_user.pk}) from client to staff."
    ]
    [record] = [record for record in caplog.records if record.name.endswith(".users.audit")]
    assert (record.changed_by, record.user, record.old_role, record.new_role) == (
        admin_user.pk,
        client_user.pk,
        "client",
        "staff",
    )


def test_a_change_that_keeps_the_role_logs_nothing(jwt_client, admin_user, client_user, caplog):
    caplog.set_level(logging.INFO)

    response = jwt_client(admin_user).patch(
        f"/api/users/{client_user.pk}/", {"role": "client", "is_active": False}, format="json"
    )

    assert response.status_code == 200
    assert audit_lines(caplog) == []


def admin_site_user(**fields):
    return UserFactory(is_staff=True, is_superuser=True, role="admin", **fields)


def test_a_role_change_in_the_django_admin_is_logged(client, client_user, caplog):
    caplog.set_level(logging.INFO)
    superuser = admin_site_user(username="root")
    client.force_login(superuser)
    form = {
        "username": client_user.username,
        "email": client_user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
        "role": "admin",
    }

    response = client.post(f"/admin/users/user/{client_user.pk}/change/", form)

    assert response.status_code == 302
    assert User.objects.get(pk=client_user.pk).role == "admin"
    assert audit_lines(caplog) == [
        f"root (id {superuser.pk}) changed the role of {client_user.username} "
        f"(id {client_user.pk}) from client to admin."
    ]


def test_a_user_added_in_the_django_admin_logs_their_role(client, caplog):
    caplog.set_level(logging.INFO)
    superuser = admin_site_user(username="root")
    client.force_login(superuser)
    form = {
        "username": "newcomer",
        "usable_password": "true",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "role": "staff",
    }

    response = client.post("/admin/users/user/add/", form)

    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert newcomer.role == "staff"
    assert audit_lines(caplog) == [
        f"root (id {superuser.pk}) changed the role of newcomer (id {newcomer.pk}) "
        "from none (new user) to staff."
    ]


@pytest.mark.parametrize("role", ["client", "staff"])
def test_others_cannot_list_users_or_raise_their_own_role(jwt_client, role):
    user = UserFactory(role=role)
    client = jwt_client(user)

    listing = client.get("/api/users/")
    promotion = client.patch(f"/api/users/{user.pk}/", {"role": "admin"}, format="json")

    assert (listing.status_code, promotion.status_code) == (403, 403)
    assert listing.json() == promotion.json() == FORBIDDEN
    assert User.objects.get(pk=user.pk).role == role


def test_users_need_authentication(api_client, client_user):
    response = api_client.get(f"/api/users/{client_user.pk}/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/users/"), ("put", "/api/users/{pk}/"), ("delete", "/api/users/{pk}/")],
)
def test_users_cannot_be_created_replaced_or_deleted_here(
    jwt_client, admin_user, client_user, method, path
):
    client = jwt_client(admin_user)

    response = getattr(client, method)(path.format(pk=client_user.pk), {}, format="json")

    assert response.status_code == 405
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    assert User.objects.count() == 2


# create_demo_users


def run_create_demo_users():
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    header, *rows, _warning = out.getvalue().splitlines()
    assert header.split() == ["username", "role", "password"]
    return [row.split() for row in rows]


def test_create_demo_users_creates_one_user_per_role_with_printed_passwords():
    rows = run_create_demo_users()

    assert [row[:2] for row in rows] == [
        ["demo_admin", "admin"],
        ["demo_staff", "staff"],
        ["demo_client", "client"],
    ]
    for username, role, password in rows:
        user = User.objects.get(username=username)
        assert user.role == role
        # Verified, so that they log in whatever REQUIRE_VERIFIED_EMAIL says.
        assert user.email_verified
        assert user.check_password(password)
        assert len(password) >= 20
    assert len({password for _, _, password in rows}) == 3


def test_create_demo_users_again_resets_passwords_roles_and_status():
    first = {username: password for username, _, password in run_create_demo_users()}
    User.objects.filter(username="demo_staff").update(role="client", is_active=False)

    second = {username: password for username, _, password in run_create_demo_users()}

    assert User.objects.count() == 3
    staff = User.objects.get(username="demo_staff")
    assert (staff.role, staff.is_active) == ("staff", True)
    for username, password in second.items():
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert not user.check_password(first[username])
