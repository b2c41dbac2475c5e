"""The links emailed to users name them by a uid (their encoded id) and a token."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


def encode_uid(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_from_link(uid, token, token_generator):
    """The active user a link's uid names, if its token is valid for them; else None,
    whichever was wrong, so that an answer never tells whether an account exists."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except ValueError:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not token_generator.check_token(user, token):
        return None
    return user


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for email verification links, valid PASSWORD_RESET_TIMEOUT seconds.

    They hash the address and whether it is verified: a link for an earlier address
    does nothing, and a link stops working once used.
    """

    key_salt = "email-verification"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_verified}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()
