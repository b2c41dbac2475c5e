"""Who may do what in the API: the only place where roles are given rights.

Each resource (named by its views' `policy_resource`) maps its actions to the roles
allowed them. One permission class (api.permissions.PolicyPermission) enforces the
table on every request, the views' querysets apply its row scopes, the OpenAPI
schema lists each operation's roles (`x-roles`), tests/test_policy.py sends every
cell's request, and `manage.py check` refuses a view or action missing from it.

Refusals, everywhere:
- a role not allowed the action gets 403 (401 when anonymous), before any row is
  looked up: a refused user learns nothing about which ids exist;
- a role allowed only its own rows (`own_rows`) finds no other row: another
  user's row is 404, exactly as a missing one, and lists leave it out.

Roles are read from the database on every request, never from token claims.
"""

from .api.policy import own_rows
from .users.models import User

ADMIN, STAFF, CLIENT = User.Role.ADMIN, User.Role.STAFF, User.Role.CLIENT
EVERY_ROLE = tuple(User.Role)

POLICY = {
    # The requester's own profile.
    "me": {
        "get": EVERY_ROLE,
        "patch": EVERY_ROLE,
        # Deleting one's own account.
        "delete": EVERY_ROLE,
    },
    # Changing one's own password.
    "password_change": {
        "post": EVERY_ROLE,
    },
    # Asking for a new link to verify one's own email address.
    "email_verification_resend": {
        "post": EVERY_ROLE,
    },
    # Ending all of one's own sessions.
    "logout_all": {
        "post": EVERY_ROLE,
    },
    # Accounts: their role and whether they are active.
    "users": {
        "list": (ADMIN,),
        "retrieve": (ADMIN,),
        "partial_update": (ADMIN,),
    },
    "products": {
        "list": EVERY_ROLE,
        "retrieve": EVERY_ROLE,
        "create": (STAFF, ADMIN),
        "update": (STAFF, ADMIN),
        "partial_update": (STAFF, ADMIN),
        "destroy": (ADMIN,),
    },
    "orders": {
        "list": (own_rows(CLIENT), STAFF, ADMIN),
        "retrieve": (own_rows(CLIENT), STAFF, ADMIN),
        "create": (CLIENT,),
        "update": (STAFF, ADMIN),
        "partial_update": (STAFF, ADMIN),
        "destroy": (ADMIN,),
    },
}
