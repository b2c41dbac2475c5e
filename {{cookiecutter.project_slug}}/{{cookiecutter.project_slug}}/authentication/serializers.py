from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from .models import RefreshTokenRotation
from .sessions import end_all_sessions_on_reuse

EMAIL_NOT_VERIFIED = (
    "Your email address is not verified yet: follow the link emailed to you. Lost it? "
    "Ask for a password reset: its link verifies the address too."
)


class LoginSerializer(TokenObtainPairSerializer):
    """SimpleJWT's login, refused to users with an unverified email address when
    REQUIRE_VERIFIED_EMAIL is on (after the password check, before any token)."""

    @classmethod
    def get_token(cls, user):
        if settings.REQUIRE_VERIFIED_EMAIL and not user.email_verified:
            raise PermissionDenied(EMAIL_NOT_VERIFIED, "email_not_verified")
        return super().get_token(user)


class RotatingRefreshSerializer(TokenRefreshSerializer):
    """SimpleJWT's rotation, all or nothing and once per token, recorded so that a
    rotated token presented again is caught; a 401 (not a 500) once the user is deleted."""

    def validate(self, attrs):
        try:
            # Blacklisting the old token, recording its rotation and the new token
            # commit together.
            with transaction.atomic():
                jti = self.lock_outstanding_token(attrs["refresh"])
                data = super().validate(attrs)
                RefreshTokenRotation.objects.create(token=OutstandingToken.objects.get(jti=jti))
                return data
        except get_user_model().DoesNotExist as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error
        except TokenError:
            # Outside the refused transaction, so that the sessions stay ended.
            end_all_sessions_on_reuse(attrs["refresh"], self.context["request"])
            raise

    def lock_outstanding_token(self, refresh):
        """Makes concurrent refreshes of one token wait for each other.

        SimpleJWT checks the blacklist, then blacklists, in separate statements:
        requests racing with one token all pass the check and all get new tokens
        (its maintainers leave this to projects: simplejwt#985). Holding the token's
        row lock until commit, each request makes SimpleJWT's checks only after the
        one before it committed its blacklisting, and is refused. The token is
        verified before the lock too, so that only ids this server issued reach it.
        Returns the token's id.
        """
        jti = self.token_class(refresh)[api_settings.JTI_CLAIM]
        OutstandingToken.objects.select_for_update().filter(jti=jti).exists()
        return jti


class LogoutSerializer(TokenBlacklistSerializer):
    """Blacklists the requester's own refresh token, and only theirs."""

    def validate(self, attrs):
        # Garbage, expired or already blacklisted tokens raise TokenError here.
        refresh = self.token_class(attrs["refresh"])
        requester_id = str(getattr(self.context["request"].user, api_settings.USER_ID_FIELD))
        if refresh.get(api_settings.USER_ID_CLAIM) != requester_id:
            raise PermissionDenied(_("This refresh token belongs to another user."))
        refresh.blacklist()
        return {}
