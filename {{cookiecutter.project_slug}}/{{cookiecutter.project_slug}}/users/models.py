from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """The project's user: Django's user with the role that API permissions check."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        STAFF = "staff", "Staff"
        CLIENT = "client", "Client"

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLIENT)
    # True once the user followed the link emailed to their current address.
    email_verified = models.BooleanField(default=False)

    # Roles from most to least rights: moving a user down this list is a demotion.
    ROLE_RANKS = (Role.ADMIN, Role.STAFF, Role.CLIENT)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = (
            # One account per address, whatever its case; blank emails (allowed for
            # users made with createsuperuser) are exempt. Serializers check first
            # for a friendly message; this settles races between two requests.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_case_insensitive",
                violation_error_message="A user with that email already exists.",
            ),
        )

    def is_demotion(self, new_role):
        return self.ROLE_RANKS.index(new_role) > self.ROLE_RANKS.index(self.role)
