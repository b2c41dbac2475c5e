"""The API's role rules: one permission class per rule, composed in views with | and &.

Roles are read from `request.user`, which JWTAuthentication loads from the database
on every request: a demoted user loses their rights at once, even with a live token.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..users.models import User


def _has_role(request, *roles):
    return request.user.is_authenticated and request.user.role in roles


class ReadOnly(BasePermission):
    """Safe methods (GET, HEAD, OPTIONS) only."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


class IsAdminRole(BasePermission):
    """Users whose role is admin."""

    def has_permission(self, request, view):
        return _has_role(request, User.Role.ADMIN)


class IsStaffOrAdminRole(BasePermission):
    """Users whose role is staff or admin."""

    def has_permission(self, request, view):
        return _has_role(request, User.Role.STAFF, User.Role.ADMIN)
