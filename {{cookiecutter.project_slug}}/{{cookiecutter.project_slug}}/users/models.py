from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The project's user: Django's user with the role that API permissions check."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        STAFF = "staff", "Staff"
        CLIENT = "client", "Client"

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLIENT)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
