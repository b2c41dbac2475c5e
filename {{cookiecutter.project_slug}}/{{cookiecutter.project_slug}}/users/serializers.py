from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework import serializers
from rest_framework.settings import api_settings

from ..api.serializers import ModelSerializer
from ..authentication.sessions import end_all_sessions
from .audit import log_role_change
from .models import User
from .tasks import send_verification_email
from .tokens import email_verification_token, user_from_link

PROFILE_FIELDS = (
    "id",
    "username",
    "email",
    "email_verified",
    "first_name",
    "last_name",
    "role",
    "date_joined",
)


class ProfileSerializer(ModelSerializer):
    """A user as they see themselves: names and email are theirs to change."""

    # Required here, though the model (like Django's) allows a blank email.
    email = serializers.EmailField(max_length=254)

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        read_only_fields = ("id", "username", "email_verified", "role", "date_joined")

    def validate_email(self, value):
        others = User.objects.all()
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.filter(email__iexact=value).exists():
            raise serializers.ValidationError("A user with that email already exists.")
        return User.objects.normalize_email(value)

    def update(self, instance, validated_data):
        """A new address is unverified until the link emailed to it is followed."""
        new_address = validated_data.get("email", instance.email).lower() != instance.email.lower()
        if new_address:
            validated_data["email_verified"] = False
        user = super().update(instance, validated_data)
        if new_address:
            transaction.on_commit(lambda: send_verification_email.enqueue(user.pk), robust=True)
        return user

    def save(self, **kwargs):
        # Validation checked the username and email, but a concurrent request can
        # take either first: the database's unique constraints then refuse this one.
        try:
            with transaction.atomic():
                return super().save(**kwargs)
        except IntegrityError as error:
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        "A user with that username or email already exists."
                    ]
                }
            ) from error


class RegistrationSerializer(ProfileSerializer):
    """Creates a client: `role`, `is_staff` and `is_superuser` are not fields here."""

    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    class Meta(ProfileSerializer.Meta):
        fields = (*PROFILE_FIELDS, "password")
        read_only_fields = ("id", "email_verified", "role", "date_joined")

    def validate(self, attrs):
        password = attrs.pop("password")
        try:
            # The unsaved user lets the similarity validator compare the password
            # with the username, email and names.
            validate_password(password, user=User(**attrs))
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from error
        attrs["password"] = password
        return attrs

    def create(self, validated_data):
        return User.objects.create_user(**validated_data)


class UserAdminSerializer(ModelSerializer):
    """What an admin sees of any user and may change: the role and whether it is active."""

    class Meta:
        model = User
        fields = (*PROFILE_FIELDS, "is_active", "last_login")
        read_only_fields = tuple(name for name in fields if name not in {"role", "is_active"})

    def validate(self, attrs):
        # Keeps at least one admin able to act: none can demote or deactivate themselves.
        if self.instance == self.context["request"].user:
            raise serializers.ValidationError("You cannot change your own role or active status.")
        return attrs

    def update(self, instance, validated_data):
        """A deactivated or demoted user's sessions end: their refresh tokens cannot
        renew rights they lost. (Their access tokens already carry none: each request
        reads the role and active status from the database.)"""
        old_role = instance.role
        ends_sessions = validated_data.get("is_active") is False or instance.is_demotion(
            validated_data.get("role", old_role)
        )
        with transaction.atomic():
            user = super().update(instance, validated_data)
            if ends_sessions:
                end_all_sessions(user)
        log_role_change(self.context["request"].user, user, old_role)
        return user


INVALID_VERIFICATION_LINK = "This verification link is invalid, expired, or for another address."


class EmailVerificationSerializer(serializers.Serializer):
    uid = serializers.CharField()
    token = serializers.CharField()

    def validate(self, attrs):
        user = user_from_link(attrs["uid"], attrs["token"], email_verification_token)
        if user is None:
            raise serializers.ValidationError(INVALID_VERIFICATION_LINK)
        return {"user": user}

    def save(self):
        user = self.validated_data["user"]
        user.email_verified = True
        user.save(update_fields=["email_verified"])


class VerificationResendSerializer(serializers.Serializer):
    """No fields: checks the requester has an address left to verify."""

    def validate(self, attrs):
        user = self.context["request"].user
        if user.email_verified:
            raise serializers.ValidationError("Your email address is already verified.")
        if not user.email:
            raise serializers.ValidationError("Your account has no email address: set one first.")
        return attrs


class AccountDeletionSerializer(serializers.Serializer):
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate_password(self, value):
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError("Wrong password.")
        return value

    def save(self):
        """Deactivates the account and clears what identifies its owner.

        The row stays, so that what they created (products) keeps its author;
        the username is freed for someone else.
        """
        user = self.context["request"].user
        with transaction.atomic():
            user.username = f"deleted-{user.pk}"
            user.email = user.first_name = user.last_name = ""
            user.email_verified = False
            user.is_active = False
            user.set_unusable_password()
            user.save()
            end_all_sessions(user)
