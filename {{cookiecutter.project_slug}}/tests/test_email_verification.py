"""Verifying email addresses: the emailed links, resending them, and the login rule."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils.http import urlsafe_base64_encode

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

INVALID_LINK = {
    "non_field_errors": ["This verification link is invalid, expired, or for another address."]
}
NOT_VERIFIED = {
    "detail": (
        "Your email address is not verified yet: follow the link emailed to you. Lost it? "
        "Ask for a password reset: its link verifies the address too."
    ),
}


def emailed_link(message):
    """The uid and token of the link in an email."""
    uid, token = re.search(r"\?uid=(\S+)&token=(\S+)", message.body).groups()
    return {"uid": uid, "token": token}


def verify(client, link):
    return client.post("/api/email/verify/", link, format="json")


def register(client, **fields):
    body = {"username": "ada", "email": "ada@example.com", "password": "Tr0ub4dor&3-staple"}
    return client.post("/api/register/", {**body, **fields}, format="json")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a request's on-commit callbacks (the tasks it enqueues) once it is done."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


def test_the_welcome_email_links_to_the_verification_page(api_client, settings, committed):
    settings.EMAIL_VERIFICATION_URL = "https://app.example.com/verify?uid={uid}&token={token}"

    response = committed(register, api_client)

    assert response.status_code == 201
    assert response.json()["email_verified"] is False
    (message,) = mail.outbox
    assert message.subject == f"Welcome to {settings.PROJECT_NAME}"
    user = User.objects.get(username="ada")
    assert emailed_link(message)["uid"] == urlsafe_base64_encode(str(user.pk).encode())
    assert "https://app.example.com/verify?uid=" in message.body
    assert "your account is ready: log in with your username and password." in message.body


def test_when_required_the_welcome_email_asks_to_verify_before_logging_in(
    api_client, settings, committed
):
    settings.REQUIRE_VERIFIED_EMAIL = True

    committed(register, api_client)

    (message,) = mail.outbox
    assert "your account is ready: confirm your email address, then log in" in message.body
    assert emailed_link(message)


def test_the_emailed_link_verifies_the_address_once(api_client, committed):
    committed(register, api_client)
    link = emailed_link(mail.outbox[0])

    first = verify(api_client, link)
    again = verify(api_client, link)

    assert first.status_code == 204
    assert User.objects.get(username="ada").email_verified is True
    assert again.status_code == 400
    assert again.json() == INVALID_LINK


def test_a_new_email_is_unverified_and_gets_its_own_link(jwt_client, api_client, committed):
    user = UserFactory(email="ada@example.com", email_verified=True)

    response = committed(
        jwt_client(user).patch, "/api/me/", {"email": "ada@example.org"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["email_verified"] is False
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject.startswith("Confirm your")
    assert verify(api_client, emailed_link(message)).status_code == 204
    user.refresh_from_db()
    assert (user.email, user.email_verified) == ("ada@example.org", True)


def test_a_link_for_an_earlier_address_does_nothing(jwt_client, api_client):
    user = UserFactory(email="ada@example.com")
    jwt_client(user).post("/api/email/verify/resend/")
    old_link = emailed_link(mail.outbox[0])
    jwt_client(user).patch("/api/me/", {"email": "ada@example.org"}, format="json")

    response = verify(api_client, old_link)

    assert response.status_code == 400
    assert response.json() == INVALID_LINK
    assert User.objects.get(pk=user.pk).email_verified is False


def test_the_same_address_in_another_case_stays_verified(jwt_client):
    user = UserFactory(email="ada@example.com", email_verified=True)

    response = jwt_client(user).patch("/api/me/", {"email": "ADA@example.com"}, format="json")

    assert response.json()["email_verified"] is True
    assert mail.outbox == []


def test_names_alone_change_nothing_of_the_email(jwt_client):
    user = UserFactory(email_verified=True)

    response = jwt_client(user).patch("/api/me/", {"first_name": "Ada"}, format="json")

    assert response.json()["email_verified"] is True
    assert mail.outbox == []


def test_a_link_expires_after_password_reset_timeout(jwt_client, api_client, settings):
    settings.PASSWORD_RESET_TIMEOUT = 60
    user = UserFactory()
    jwt_client(user).post("/api/email/verify/resend/")
    link = emailed_link(mail.outbox[0])
    token_generator = type(default_token_generator)

    with mock.patch.object(
        token_generator,
        "_now",
        return_value=default_token_generator._now() + timedelta(seconds=61),
    ):
        response = verify(api_client, link)

    assert response.json() == INVALID_LINK


@pytest.mark.parametrize("field", ["uid", "token"])
def test_a_bad_uid_or_token_gets_one_answer(jwt_client, api_client, field):
    user = UserFactory()
    jwt_client(user).post("/api/email/verify/resend/")
    link = {**emailed_link(mail.outbox[0]), field: "MTIzNDU2"}

    assert verify(api_client, link).json() == INVALID_LINK


def test_resend_emails_a_new_link_to_the_current_address(jwt_client, settings):
    user = UserFactory(email="ada@example.com")

    response = jwt_client(user).post("/api/email/verify/resend/")

    assert response.status_code == 202
    assert response.json() == {"detail": "A verification link is on its way to ada@example.com."}
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == f"Confirm your {settings.PROJECT_NAME} email address"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"email_verified": True}, "Your email address is already verified."),
        ({"email": ""}, "Your account has no email address: set one first."),
    ],
)
def test_resend_refuses_when_there_is_nothing_to_verify(jwt_client, fields, error):
    response = jwt_client(UserFactory(**fields)).post("/api/email/verify/resend/")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [error]}
    assert mail.outbox == []


def test_resend_needs_authentication(api_client):
    assert api_client.post("/api/email/verify/resend/").status_code == 401


def test_a_password_reset_link_verifies_the_address(api_client):
    user = UserFactory()
    link = {
        "uid": urlsafe_base64_encode(str(user.pk).encode()),
        "token": default_token_generator.make_token(user),
        "new_password": "Tr0ub4dor&3-staple",
    }

    assert api_client.post("/api/password/reset/confirm/", link, format="json").status_code == 204

    assert User.objects.get(pk=user.pk).email_verified is True


# REQUIRE_VERIFIED_EMAIL


def login(client, user):
    credentials = {"username": user.username, "password": DEFAULT_PASSWORD}
    return client.post("/api/login/", credentials, format="json")


def test_when_required_an_unverified_user_cannot_log_in_and_is_told_why(api_client, settings):
    settings.REQUIRE_VERIFIED_EMAIL = True
    user = UserFactory()

    response = login(api_client, user)

    assert response.status_code == 403
    assert response.json() == NOT_VERIFIED
    user.refresh_from_db()
    assert user.last_login is None


def test_when_required_a_verified_user_logs_in(api_client, settings):
    settings.REQUIRE_VERIFIED_EMAIL = True

    assert login(api_client, UserFactory(email_verified=True)).status_code == 200


def test_when_required_a_wrong_password_is_still_a_401(api_client, settings):
    settings.REQUIRE_VERIFIED_EMAIL = True
    credentials = {"username": UserFactory().username, "password": "wrong"}

    assert api_client.post("/api/login/", credentials, format="json").status_code == 401


def test_when_not_required_unverified_users_log_in(api_client, settings):
    settings.REQUIRE_VERIFIED_EMAIL = False

    assert login(api_client, UserFactory()).status_code == 200
