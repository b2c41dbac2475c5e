"""The emails sent to users, rendered and sent here; users/tasks.py sends them off the request."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.timesince import timeuntil

from .tokens import email_verification_token, encode_uid


def verification_link(user):
    return settings.EMAIL_VERIFICATION_URL.format(
        uid=encode_uid(user), token=email_verification_token.make_token(user)
    )


def send_welcome_email(user):
    """Greets a newly registered user, from DEFAULT_FROM_EMAIL, with the link that
    verifies their address; to follow before logging in when REQUIRE_VERIFIED_EMAIL is on."""
    if settings.REQUIRE_VERIFIED_EMAIL:
        next_step = "confirm your email address, then log in with your username and password:"
    else:
        next_step = "log in with your username and password.\n\nPlease confirm your email address:"
    send_mail(
        subject=f"Welcome to {settings.PROJECT_NAME}",
        message=(
            f"Hello {user.username},\n\n"
            f"your account is ready: {next_step}\n\n{verification_link(user)}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def send_verification_email(user):
    """Links to EMAIL_VERIFICATION_URL, for the user's current address."""
    send_mail(
        subject=f"Confirm your {settings.PROJECT_NAME} email address",
        message=(
            f"Hello {user.username},\n\n"
            f"please confirm that {user.email} is your email address:\n\n"
            f"{verification_link(user)}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def send_password_reset_email(user):
    """Links to PASSWORD_RESET_URL with a single-use token, valid PASSWORD_RESET_TIMEOUT seconds."""
    link = settings.PASSWORD_RESET_URL.format(
        uid=encode_uid(user), token=default_token_generator.make_token(user)
    )
    send_mail(
        subject=f"Reset your {settings.PROJECT_NAME} password",
        message=(
            f"Hello {user.username},\n\n"
            f"to choose a new password, open this link within {reset_link_lifetime()}:\n\n"
            f"{link}\n\n"
            "If you did not ask for it, ignore this email: your password stays as it is.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def reset_link_lifetime():
    """PASSWORD_RESET_TIMEOUT in words, as "1 hour" or "1 hour, 30 minutes"."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    if seconds < 60:  # Django's words stop at minutes: "0 minutes"
        return f"{seconds} seconds"
    now = timezone.now()
    # Django joins number and unit with a no-break space, made for HTML.
    return timeuntil(now + timedelta(seconds=seconds), now, depth=2).replace("\xa0", " ")
