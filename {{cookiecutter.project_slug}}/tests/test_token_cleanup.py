"""`manage.py flushexpiredtokens` (SimpleJWT's) keeps the token tables from growing forever."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from rest_framework_simplejwt import tokens
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue_expired(monkeypatch):
    """Issues a user's refresh token as if just over the refresh lifetime ago."""
    long_ago = timezone.now() - settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"] - timedelta(minutes=1)

    def issue(user):
        with monkeypatch.context() as past:
            past.setattr(tokens, "aware_utcnow", lambda: long_ago)
            return RefreshToken.for_user(user)

    return issue


def test_expired_tokens_are_refused_before_they_are_flushed(api_client, client_user, issue_expired):
    expired = issue_expired(client_user)

    response = api_client.post("/api/refresh/", {"refresh": str(expired)}, format="json")

    assert response.status_code == 401
    assert response.json()["detail"] == "Token is expired"


def test_flushexpiredtokens_removes_expired_tokens_and_keeps_live_ones(client_user, issue_expired):
    live = RefreshToken.for_user(client_user)
    live_blacklisted = RefreshToken.for_user(client_user)
    live_blacklisted.blacklist()
    expired = issue_expired(client_user)
    expired_blacklisted = issue_expired(client_user)
    expired_blacklisted.blacklist()

    call_command("flushexpiredtokens")

    assert set(OutstandingToken.objects.values_list("jti", flat=True)) == {
        live["jti"],
        live_blacklisted["jti"],
    }
    # A blacklisted token's row goes with its outstanding token, expired or not.
    assert list(BlacklistedToken.objects.values_list("token__jti", flat=True)) == [
        live_blacklisted["jti"]
    ]
    assert expired["jti"] not in OutstandingToken.objects.values_list("jti", flat=True)
