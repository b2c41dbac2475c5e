"""Reads the project's policy table (the `API_POLICY` setting): who may do what.

The table itself, and the rule for refusals, are in the module that setting names.
It maps each resource, which views name with `policy_resource`, to its actions: a
viewset's actions (`list`, `retrieve`, `create`, `update`, `partial_update`,
`destroy` and its own `@action`s) or a plain view's HTTP methods (`get`, `patch`…).
Each action lists the roles allowed it: role names, or `own_rows(role)` for a role
that only reaches the rows it owns.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

# The role of requests without valid credentials.
ANONYMOUS = "anonymous"
# DRF's action for OPTIONS requests (the view's metadata).
METADATA = "metadata"


@dataclass(frozen=True)
class Allow:
    """A role allowed an action; with `owner`, only on rows whose `owner` is the requester."""

    role: str
    owner: str | None = None


def own_rows(role, owner="created_by"):
    """The role, allowed only the rows whose `owner` field is the requester."""
    return Allow(role, owner)


def load_policy():
    """The table, {resource: {action: roles}}, as the setting names it."""
    return import_string(settings.API_POLICY)


def as_allow(entry):
    """A cell's entry as an Allow: a bare role reaches every row."""
    return entry if isinstance(entry, Allow) else Allow(entry)


def grants(resource, action):
    """{role: owner field or None} for one cell of the table; {} when it has none."""
    cell = load_policy().get(resource, {}).get(action, ())
    return {str(allow.role): allow.owner for allow in map(as_allow, cell)}


def roles_of_resource(resource):
    """Every role allowed some action of the resource."""
    actions = load_policy().get(resource, {})
    return {role for action in actions for role in grants(resource, action)}


def role_of(user):
    """The requester's role, read from the user loaded for this request (never a token claim)."""
    return str(user.role) if user.is_authenticated else ANONYMOUS


def action_of(view, method):
    """The table's action for a request to `view`: None for a method the view does not serve."""
    method = method.lower()
    if method == "options":
        return METADATA
    if method not in view.http_method_names:
        return None
    # A viewset's action for the method; its `action_map` marks a viewset (importing
    # DRF's viewsets here would be circular: DRF imports this module for its settings).
    if getattr(view, "action_map", None) is not None:
        return view.action
    method = "get" if method == "head" else method
    return method if hasattr(view, method) else None


def allowed_roles(view, method):
    """{role: owner field or None} allowed to send `method` to `view`.

    OPTIONS, and methods the view does not serve (answered 405), are open to the
    roles allowed some action of the resource, and refused like the rest to others.
    """
    # A view naming no resource is refused to all (and stops start-up: api.checks).
    resource = getattr(view, "policy_resource", None)
    action = action_of(view, method)
    if action in {None, METADATA}:
        return dict.fromkeys(roles_of_resource(resource))
    return grants(resource, action)
