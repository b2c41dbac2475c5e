import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from ...models import User


class Command(BaseCommand):
    help = "Create, or reset, one demo user per role and print their new passwords."

    @transaction.atomic
    def handle(self, *args, **options):
        self.stdout.write(f"{'username':<14}{'role':<8}password")
        for role in User.Role:
            user, _ = User.objects.update_or_create(
                username=f"demo_{role.value}",
                defaults={
                    "role": role,
                    "is_active": True,
                    "email": f"demo_{role.value}@example.com",
                    "email_verified": True,
                },
            )
            password = secrets.token_urlsafe(18)
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"{user.username:<14}{role.value:<8}{password}")
        self.stdout.write(self.style.WARNING("Passwords are shown once; run again to reset them."))
