from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework_simplejwt.serializers import TokenBlacklistSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken


class RotatingRefreshSerializer(TokenRefreshSerializer):
    """SimpleJWT's rotation, all or nothing and once per token, and a 401 (not a 500)
    once the user is deleted."""

    def validate(self, attrs):
        try:
            # Blacklisting the old token and recording the new one commit together.
            with transaction.atomic():
                self.lock_outstanding_token(attrs["refresh"])
                return super().validate(attrs)
        except get_user_model().DoesNotExist as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error

    def lock_outstanding_token(self, refresh):
        """Makes concurrent refreshes of one token wait for each other.

        SimpleJWT checks the blacklist, then blacklists, in separate statements:
        requests racing with one token all pass the check and all get new tokens
        (its maintainers leave this to projects: simplejwt#985). Holding the token's
        row lock until commit, each request makes SimpleJWT's checks only after the
        one before it committed its blacklisting, and is refused. The token is
        verified before the lock too, so that only ids this server issued reach it.
        """
        jti = self.token_class(refresh)[api_settings.JTI_CLAIM]
        OutstandingToken.objects.select_for_update().filter(jti=jti).exists()


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
