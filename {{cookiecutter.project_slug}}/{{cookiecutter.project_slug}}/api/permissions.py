"""The policy table (see api/policy.py) applied to requests: rights and row scopes.

Roles are read from `request.user`, which JWTAuthentication loads from the database
on every request: a demoted user loses their rights at once, even with a live token.
"""

from rest_framework.permissions import BasePermission

from .policy import allowed_roles, role_of


class PolicyPermission(BasePermission):
    """Lets a request in when the table allows the requester's role the view's action.

    The default permission class: a view names its resource with `policy_resource`.
    DRF answers a refused anonymous request 401, a refused user 403.
    """

    def has_permission(self, request, view):
        return role_of(request.user) in allowed_roles(view, request.method)


class PolicyQuerysetMixin:
    """For views of a resource with row scopes: a role allowed only its own rows
    gets a queryset of those, so that any other row is a 404."""

    def get_queryset(self):
        queryset = super().get_queryset()
        owner = allowed_roles(self, self.request.method).get(role_of(self.request.user))
        if owner:
            queryset = queryset.filter(**{owner: self.request.user})
        return queryset
