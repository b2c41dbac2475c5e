"""The links emailed to users name them by a uid (their encoded id) and a token."""

from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


def encode_uid(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_from_uid(uid):
    """The active user a uid names, or None for any uid that names none."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except ValueError:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()
