from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework_simplejwt.serializers import TokenBlacklistSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings


class RotatingRefreshSerializer(TokenRefreshSerializer):
    """SimpleJWT's rotation, all or nothing, and a 401 (not a 500) once the user is deleted."""

    def validate(self, attrs):
        try:
            # Blacklisting the old token and recording the new one commit together;
            # this is also where a row lock on the old token belongs.
            with transaction.atomic():
                return super().validate(attrs)
        except get_user_model().DoesNotExist as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error


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
