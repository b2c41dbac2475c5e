"""Ending a user's sessions: each session is a refresh token, ended by blacklisting it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.throttling import BaseThrottle
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import UntypedToken

from .models import RefreshTokenRotation

logger = logging.getLogger(__name__)


def end_all_sessions(user):
    """Blacklists every outstanding refresh token of the user, in one INSERT.

    Access tokens already issued stay valid until they expire (minutes), unless the
    user is deactivated: authentication then refuses them at once.
    """
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    # A token blacklisted meanwhile by a concurrent request is skipped, not an error.
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


def end_all_sessions_on_reuse(raw_token, request):
    """Ends every session of the user if a refresh token rotated earlier than the
    grace window is presented again: a copy of it was stolen, and the thief may be
    the one holding its successor (OAuth 2.0 Security BCP, refresh token rotation).

    Within the window it is a client racing itself (two tabs refreshing at once),
    refused without consequence. Tokens ended otherwise (logout, new password) are
    only refused.
    """
    try:
        jti = UntypedToken(raw_token)[api_settings.JTI_CLAIM]
    except TokenError:  # forged, expired or malformed: not one of our live tokens
        return
    grace = timedelta(seconds=settings.JWT_REFRESH_REUSE_GRACE_SECONDS)
    rotation = (
        RefreshTokenRotation.objects.select_related("token__user")
        .filter(token__jti=jti, rotated_at__lt=timezone.now() - grace)
        .first()
    )
    if rotation is None or rotation.token.user is None:
        return
    end_all_sessions(rotation.token.user)
    logger.warning(
        "Refresh token reuse: a token rotated at %s was presented again; every session "
        "of user %s ended. Client IP: %s",
        rotation.rotated_at.isoformat(),
        rotation.token.user_id,
        BaseThrottle().get_ident(request),
    )
