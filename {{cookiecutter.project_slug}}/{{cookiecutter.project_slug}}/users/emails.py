from django.conf import settings
from django.core.mail import send_mail


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
