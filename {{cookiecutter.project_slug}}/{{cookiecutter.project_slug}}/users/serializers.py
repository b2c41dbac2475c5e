from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework import serializers
from rest_framework.settings import api_settings

from .audit import log_role_change
from .models import User

PROFILE_FIELDS = ("id", "username", "email", "first_name", "last_name", "role", "date_joined")


class ProfileSerializer(serializers.ModelSerializer):
    """A user as they see themselves: names and email are theirs to change."""

    # Required here, though the model (like Django's) allows a blank email.
    email = serializers.EmailField(max_length=254)

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        read_only_fields = ("id", "username", "role", "date_joined")

    def validate_email(self, value):
        others = User.objects.all()
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.filter(email__iexact=value).exists():
            raise serializers.ValidationError("A user with that email already exists.")
        return User.objects.normalize_email(value)

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
        read_only_fields = ("id", "role", "date_joined")

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


class UserAdminSerializer(serializers.ModelSerializer):
    """What an admin sees of any user and may change: the role and whether it is active."""

    class Meta:
        model = User
        fields = (*PROFILE_FIELDS, "is_active", "last_login")
        read_only_fields = (
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "date_joined",
            "last_login",
        )

    def validate(self, attrs):
        # Keeps at least one admin able to act: none can demote or deactivate themselves.
        if self.instance == self.context["request"].user:
            raise serializers.ValidationError("You cannot change your own role or active status.")
        return attrs

    def update(self, instance, validated_data):
        old_role = instance.role
        user = super().update(instance, validated_data)
        log_role_change(self.context["request"].user, user, old_role)
        return user
