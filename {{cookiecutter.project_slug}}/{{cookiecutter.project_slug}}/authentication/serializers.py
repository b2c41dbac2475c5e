from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

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


class RotatingRefreshToken(RefreshToken):
    """A refresh token whose blacklisting RotatingRefreshSerializer reads, in the
    query that loads the token's row and user, instead of one query of its own."""

    def check_blacklist(self):
        pass


class RotatingRefreshSerializer(TokenRefreshSerializer):
    """SimpleJWT's rotation in one read and three inserts, all or nothing and once
    per token, recorded so that a rotated token presented again is caught.

    SimpleJWT's own reads the blacklist twice and the user three times (its
    TokenRefreshSerializer.validate, blacklist() and outstand()): 19 queries with
    the rotation's record, 6 here. The user is still read from the database, so a
    deactivated user cannot refresh.
    """

    token_class = RotatingRefreshToken

    def validate(self, attrs):
        try:
            return self.rotate(self.token_class(attrs["refresh"]))
        except TokenError:
            # Outside the refused transaction, so that the sessions stay ended.
            end_all_sessions_on_reuse(attrs["refresh"], self.context["request"])
            raise

    def rotate(self, refresh):
        """Blacklists `refresh` (signature, expiry and type checked) for a new pair.

        Refreshes racing with one token all read it as not yet blacklisted
        (SimpleJWT's rotation then answers each with new tokens: simplejwt#985).
        Here each inserts its blacklisting: the blacklist's unique index makes the
        later ones wait for the first to commit, then refuses them.
        """
        outstanding = (
            OutstandingToken.objects.select_related("user", "blacklistedtoken")
            .filter(jti=refresh[api_settings.JTI_CLAIM])
            .first()
        )
        if outstanding is None:  # signed here, but its record was deleted
            raise TokenError(_("Token is invalid"))
        if hasattr(outstanding, "blacklistedtoken"):
            raise TokenError(_("Token is blacklisted"))
        if not api_settings.USER_AUTHENTICATION_RULE(outstanding.user):  # deleted or inactive
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            )
        access = refresh.access_token
        # The same claims under a new id and lifetime, as SimpleJWT rotates.
        refresh.set_jti()
        refresh.set_exp()
        refresh.set_iat()
        try:
            with transaction.atomic():
                BlacklistedToken.objects.create(token=outstanding)
                RefreshTokenRotation.objects.create(token=outstanding)
                OutstandingToken.objects.create(
                    user=outstanding.user,
                    jti=refresh[api_settings.JTI_CLAIM],
                    token=str(refresh),
                    created_at=refresh.current_time,
                    expires_at=datetime_from_epoch(refresh["exp"]),
                )
        except IntegrityError as error:  # blacklisted by a concurrent request
            raise TokenError(_("Token is blacklisted")) from error
        return {"access": str(access), "refresh": str(refresh)}


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
