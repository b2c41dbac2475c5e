"""Ending a user's sessions: each session is a refresh token, ended by blacklisting it."""

from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken


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
