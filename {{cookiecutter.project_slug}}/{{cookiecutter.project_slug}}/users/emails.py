"""The emails sent to users, rendered and sent here; users/tasks.py sends them off the request."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail

from .tokens import encode_uid


def send_welcome_email(user):
    """Greets a newly registered user, from DEFAULT_FROM_EMAIL."""
    send_mail(
        subject=f"Welcome to {settings.PROJECT_NAME}",
        message=(
            f"Hello {user.username},\n\n"
            "your account is ready: log in with your username and password.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def send_password_reset_email(user):
    """Links to PASSWORD_RESET_URL with a single-use token, valid PASSWORD_RESET_TIMEOUT seconds."""
    link = settings.PASSWORD_RESET_URL.format(
        uid=encode_uid(user), token=default_token_generator.make_token(user)
    )
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    send_mail(
        subject=f"Reset your {settings.PROJECT_NAME} password",
        message=(
            f"Hello {user.username},\n\n"
            f"to choose a new password, open this link within {minutes} minutes:\n\n"
            f"{link}\n\n"
            "If you did not ask for it, ignore this email: your password stays as it is.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
