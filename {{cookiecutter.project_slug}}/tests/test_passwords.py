"""Changing a password, and resetting a forgotten one by email."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

NEW_PASSWORD = "Tr0ub4dor&3-staple"
INVALID_LINK = {"non_field_errors": ["This password reset link is invalid or has expired."]}
RESET_REQUESTED = {
    "detail": "If an account has this email address, a link to reset its password is on its way."
}


def refresh(client, token):
    return client.post("/api/refresh/", {"refresh": str(token)}, format="json")


def sessions_of(user):
    """Refresh tokens of the user that can still refresh."""
    return OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)


# Change


def change(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD):
    body = {"current_password": current, "new_password": new}
    return client.post("/api/password/change/", body, format="json")


def test_change_sets_the_password_ends_every_session_and_answers_new_tokens(
    jwt_client, client_user
):
    other_sessions = [RefreshToken.for_user(client_user) for _ in range(2)]
    someone_else = RefreshToken.for_user(UserFactory())

    response = change(jwt_client(client_user))

    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access", "refresh"}
    client_user.refresh_from_db()
    assert client_user.check_password(NEW_PASSWORD)
    for token in other_sessions:
        assert refresh(APIClient(), token).status_code == 401
    assert refresh(APIClient(), someone_else).status_code == 200
    assert AccessToken(tokens["access"])["user_id"] == str(client_user.pk)
    assert refresh(APIClient(), tokens["refresh"]).status_code == 200


def test_change_refuses_a_wrong_current_password(jwt_client, client_user):
    session = RefreshToken.for_user(client_user)

    response = change(jwt_client(client_user), current="not-my-password")

    assert response.status_code == 400
    assert response.json() == {"current_password": ["Wrong password."]}
    client_user.refresh_from_db()
    assert client_user.check_password(DEFAULT_PASSWORD)
    assert list(sessions_of(client_user)) == [OutstandingToken.objects.get(jti=session["jti"])]


def test_change_runs_the_password_validators(jwt_client, client_user):
    response = change(jwt_client(client_user), new="1234")

    assert response.status_code == 400
    assert response.json() == {
        "new_password": [
            "This password is too short. It must contain at least 8 characters.",
            "This password is too common.",
            "This password is entirely numeric.",
        ]
    }
    client_user.refresh_from_db()
    assert client_user.check_password(DEFAULT_PASSWORD)


def test_change_refuses_a_password_like_the_username(jwt_client, client_user):
    response = change(jwt_client(client_user), new=f"{client_user.username}xyz")

    assert response.status_code == 400
    assert response.json() == {"new_password": ["The password is too similar to the username."]}


def test_change_needs_both_fields(jwt_client, client_user):
    response = jwt_client(client_user).post("/api/password/change/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "current_password": ["This field is required."],
        "new_password": ["This field is required."],
    }


def test_change_needs_authentication(api_client):
    assert change(api_client).status_code == 401


# Reset: asking for the email


def ask_reset(client, email, **headers):
    return client.post("/api/password/reset/", {"email": email}, format="json", **headers)


def reset_link(message):
    return re.search(r"https?://\S+", message.body).group()


@pytest.mark.parametrize(
    ("timeout", "words"),
    [(45, "45 seconds"), (90, "1 minute"), (5400, "1 hour, 30 minutes"), (172800, "2 days")],
)
def test_the_reset_email_says_how_long_its_link_lasts_in_words(
    api_client, settings, timeout, words
):
    settings.PASSWORD_RESET_TIMEOUT = timeout
    UserFactory(email="ada@example.com")

    ask_reset(api_client, "ada@example.com")

    (message,) = mail.outbox
    assert f"open this link within {words}:" in message.body


def test_reset_emails_a_link_with_a_uid_and_token_for_the_account(api_client, settings):
    settings.PASSWORD_RESET_URL = "https://app.example.com/reset?uid={uid}&token={token}"
    user = UserFactory(email="ada@example.com")

    response = ask_reset(api_client, "ADA@example.com")

    assert response.status_code == 202
    assert response.json() == RESET_REQUESTED
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == f"Reset your {settings.PROJECT_NAME} password"
    assert "within 1 hour:" in message.body  # PASSWORD_RESET_TIMEOUT's default
    uid, token = re.fullmatch(
        r"https://app\.example\.com/reset\?uid=(\S+)&token=(\S+)", reset_link(message)
    ).groups()
    assert uid == urlsafe_base64_encode(str(user.pk).encode())
    assert default_token_generator.check_token(user, token)


def test_reset_answers_the_same_whether_or_not_the_account_exists(api_client):
    UserFactory(email="ada@example.com")
    UserFactory(email="gone@example.com", is_active=False)

    emails = ("ada@example.com", "nobody@example.com", "gone@example.com")

    answers = [ask_reset(api_client, email) for email in emails]

    assert [answer.status_code for answer in answers] == [202, 202, 202]
    assert len({answer.content for answer in answers}) == 1
    # Every header alike but X-Request-ID, which is each request's own.
    headers = [
        answer.headers.items() - {("X-Request-ID", answer["X-Request-ID"])} for answer in answers
    ]
    assert len({frozenset(items) for items in headers}) == 1
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


def test_reset_always_enqueues_one_task_with_the_address(api_client, task_queue):
    UserFactory(email="ada@example.com")

    for email in ("ada@example.com", "nobody@example.com"):
        ask_reset(api_client, email)

    assert [(result.task.name, result.args) for result in task_queue.results] == [
        ("send_password_reset_email", ["ada@example.com"]),
        ("send_password_reset_email", ["nobody@example.com"]),
    ]
    assert mail.outbox == []


def test_reset_refuses_an_invalid_email(api_client):
    response = ask_reset(api_client, "not-an-email")

    assert response.status_code == 400
    assert response.json() == {"email": ["Enter a valid email address."]}
    assert mail.outbox == []


# Reset: setting the new password


def link_for(user):
    return {
        "uid": urlsafe_base64_encode(str(user.pk).encode()),
        "token": default_token_generator.make_token(user),
    }


def confirm(client, link, new=NEW_PASSWORD):
    return client.post("/api/password/reset/confirm/", {**link, "new_password": new}, format="json")


def test_confirm_sets_the_password_and_ends_every_session(api_client, client_user):
    session = RefreshToken.for_user(client_user)

    response = confirm(api_client, link_for(client_user))

    assert response.status_code == 204
    assert response.content == b""
    client_user.refresh_from_db()
    assert client_user.check_password(NEW_PASSWORD)
    assert BlacklistedToken.objects.get().token.jti == session["jti"]
    assert refresh(api_client, session).status_code == 401


def test_the_emailed_link_resets_the_password(api_client, client_user):
    ask_reset(api_client, client_user.email)
    query = reset_link(mail.outbox[0]).split("?")[1]
    link = dict(part.split("=") for part in query.split("&"))

    assert confirm(api_client, link).status_code == 204


def test_a_used_link_is_void(api_client, client_user):
    link = link_for(client_user)
    assert confirm(api_client, link).status_code == 204

    response = confirm(api_client, link, new="another-Long-passphrase")

    assert response.status_code == 400
    assert response.json() == INVALID_LINK
    client_user.refresh_from_db()
    assert client_user.check_password(NEW_PASSWORD)


def test_a_link_is_void_once_the_password_changed_otherwise(api_client, jwt_client, client_user):
    link = link_for(client_user)
    assert change(jwt_client(client_user)).status_code == 200

    assert confirm(api_client, link, new="another-Long-passphrase").json() == INVALID_LINK


def test_a_link_expires_after_password_reset_timeout(api_client, client_user, settings):
    settings.PASSWORD_RESET_TIMEOUT = 60
    link = link_for(client_user)
    issued = default_token_generator._now()

    with mock.patch.object(
        default_token_generator, "_now", return_value=issued + timedelta(seconds=61)
    ):
        response = confirm(api_client, link)

    assert response.status_code == 400
    assert response.json() == INVALID_LINK


@pytest.mark.parametrize(
    "uid",
    [
        "",
        "not-base64!",
        urlsafe_base64_encode(b"abc"),
        urlsafe_base64_encode(b"\xff\xfe"),
        urlsafe_base64_encode(b"99999999999999999999999"),
    ],
)
def test_a_bad_uid_gets_the_same_answer_as_a_bad_token(api_client, client_user, uid):
    link = {**link_for(client_user), "uid": uid}

    response = confirm(api_client, link)

    assert response.status_code == 400
    if uid:
        assert response.json() == INVALID_LINK
    else:
        assert response.json() == {"uid": ["This field may not be blank."]}


def test_a_bad_token_is_refused(api_client, client_user):
    response = confirm(api_client, {**link_for(client_user), "token": "1-2-3"})

    assert response.status_code == 400
    assert response.json() == INVALID_LINK


def test_an_inactive_users_link_is_refused(api_client, client_user):
    link = link_for(client_user)
    User.objects.filter(pk=client_user.pk).update(is_active=False)

    assert confirm(api_client, link).json() == INVALID_LINK


def test_confirm_runs_the_password_validators(api_client, client_user):
    response = confirm(api_client, link_for(client_user), new="password")

    assert response.status_code == 400
    assert response.json() == {"new_password": ["This password is too common."]}
    client_user.refresh_from_db()
    assert client_user.check_password(DEFAULT_PASSWORD)
