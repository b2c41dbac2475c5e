"""System checks: the views and the policy table agree, or the project does not start.

Every DRF view reachable from the URLconf that uses PolicyPermission (the default)
must name a resource of the table, the table must have an entry for each of its
actions and none for actions no view serves, and only the user model's roles (and
anonymous) may appear in it. A view that sets `permission_classes` without
PolicyPermission (login, register, logout, the schema) is outside the table: that
setting is its explicit choice.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.checks import Error
from django.urls import URLResolver, get_resolver
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSetMixin

from .permissions import PolicyPermission, PolicyQuerysetMixin
from .policy import ANONYMOUS, as_allow, load_policy

IMPLICIT_METHODS = {"head", "options"}


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern of a DRF view: its name, view class, {HTTP method: action} and
    the names of its URL's arguments."""

    name: str
    view: type
    actions: dict
    kwargs: tuple


def endpoints(patterns):
    """The DRF views' URL patterns under `patterns`, includes followed."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from endpoints(pattern.url_patterns)
            continue
        view = getattr(pattern.callback, "cls", None)
        if view is None or not issubclass(view, APIView):
            continue
        if issubclass(view, ViewSetMixin):
            actions = pattern.callback.actions
        else:
            actions = {method: method for method in view.http_method_names if hasattr(view, method)}
        served = {
            method: action
            for method, action in actions.items()
            if method in view.http_method_names and method not in IMPLICIT_METHODS
        }
        yield Endpoint(pattern.name, view, served, tuple(pattern.pattern.regex.groupindex))


def policy_endpoints():
    """The URLconf's endpoints whose views the policy table governs."""
    return [
        endpoint
        for endpoint in endpoints(get_resolver().url_patterns)
        if PolicyPermission in endpoint.view.permission_classes
    ]


def policy_errors(policy, governed):
    """What is wrong between the table and the endpoints it governs."""
    errors = []
    roles = {*get_user_model().Role.values, ANONYMOUS}
    served = {}
    for endpoint in governed:
        resource = getattr(endpoint.view, "policy_resource", None)
        if resource not in policy:
            errors.append(
                Error(
                    f"{endpoint.view.__name__} names no resource of the policy table "
                    f"(policy_resource = {resource!r}).",
                    hint="Set `policy_resource` on the view and give the resource its "
                    "rows in the table, or set the view's own `permission_classes`.",
                    obj=endpoint.view,
                    id="api.E001",
                )
            )
            continue
        served.setdefault(resource, set()).update(endpoint.actions.values())
        scoped = any(as_allow(entry).owner for cell in policy[resource].values() for entry in cell)
        if scoped and not issubclass(endpoint.view, PolicyQuerysetMixin):
            errors.append(
                Error(
                    f"{endpoint.view.__name__} serves {resource!r}, which has row scopes, "
                    "without PolicyQuerysetMixin: its rows would not be filtered.",
                    obj=endpoint.view,
                    id="api.E002",
                )
            )
    for resource, actions in policy.items():
        for action in served.get(resource, set()) - set(actions):
            errors.append(
                Error(
                    f"The policy table has no entry for {resource!r} {action!r}.",
                    hint="List the roles allowed it (an empty tuple for none).",
                    id="api.E003",
                )
            )
        for action, cell in actions.items():
            if action not in served.get(resource, ()):
                errors.append(
                    Error(
                        f"The policy table's {resource!r} {action!r} is served by no view.",
                        id="api.E004",
                    )
                )
            for role in {str(as_allow(entry).role) for entry in cell} - roles:
                errors.append(
                    Error(
                        f"The policy table's {resource!r} {action!r} names an unknown "
                        f"role {role!r}.",
                        hint=f"Roles: {', '.join(sorted(roles))}.",
                        id="api.E005",
                    )
                )
    return errors


def check_policy(app_configs=None, **kwargs):
    return policy_errors(load_policy(), policy_endpoints())
