from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers
from rest_framework_simplejwt.tokens import RefreshToken

from ..authentication.sessions import end_all_sessions
from ..users.tokens import user_from_link


def password_field():
    return serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


def validated_new_password(password, user):
    """The password, if Django's validators (AUTH_PASSWORD_VALIDATORS) take it for the user."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        raise serializers.ValidationError({"new_password": error.messages}) from error
    return password


def set_password(user, password):
    """Sets the password and ends every session: a thief holding one is logged out."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        end_all_sessions(user)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = password_field()
    new_password = password_field()

    def validate_current_password(self, value):
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError("Wrong password.")
        return value

    def validate(self, attrs):
        validated_new_password(attrs["new_password"], self.context["request"].user)
        return attrs

    def save(self):
        """Changes the password; returns a new token pair for the client that changed it."""
        user = self.context["request"].user
        set_password(user, self.validated_data["new_password"])
        refresh = RefreshToken.for_user(user)
        return {"access": str(refresh.access_token), "refresh": str(refresh)}


class TokenPairSerializer(serializers.Serializer):
    """The new tokens of the client that changed the password."""

    access = serializers.CharField()
    refresh = serializers.CharField()


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField()


# One message for a bad uid and a bad token: neither tells whether an account exists.
INVALID_LINK = "This password reset link is invalid or has expired."


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField()
    token = serializers.CharField()
    new_password = password_field()

    def validate(self, attrs):
        # The token hashes the password and last login: it is void once either changes.
        user = user_from_link(attrs["uid"], attrs["token"], default_token_generator)
        if user is None:
            raise serializers.ValidationError(INVALID_LINK)
        validated_new_password(attrs["new_password"], user)
        return {**attrs, "user": user}

    def save(self):
        user = self.validated_data["user"]
        with transaction.atomic():
            set_password(user, self.validated_data["new_password"])
            # The link reached the user at their current address: that verifies it.
            user.email_verified = True
            user.save(update_fields=["email_verified"])
