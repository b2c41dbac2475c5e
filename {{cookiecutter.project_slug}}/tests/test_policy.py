"""The policy table, cell by cell: each resource's actions sent as every role and
anonymously, answered with the status the table gives.

The cells come from the table itself: a row added there adds its requests here,
with no test code. The table must also equal REVIEWED, the copy below checked by
a person, so that a wrong cell fails instead of being tested as right.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from rest_framework.views import APIView

from .factories import (
    DEFAULT_PASSWORD,
    AdminFactory,
    OrderFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The project's api package ("<project package>.api"), as its app config names it.
API = apps.get_app_config("api").name
checks = import_module(f"{API}.checks")
permissions = import_module(f"{API}.permissions")
policy = import_module(f"{API}.policy")
ANONYMOUS = policy.ANONYMOUS

ROLES = (ANONYMOUS, "client", "staff", "admin")
ROLE_FACTORIES = {"client": UserFactory, "staff": StaffFactory, "admin": AdminFactory}
# Allowed on the requester's own rows only: another user's is a 404.
OWN = "own"

# What each role gets, in the order of ROLES; checked by a person against the rules.
REVIEWED = {
    ("me", "get"): (401, 200, 200, 200),
    ("me", "patch"): (401, 200, 200, 200),
    ("me", "delete"): (401, 204, 204, 204),
    ("password_change", "post"): (401, 200, 200, 200),
    ("email_verification_resend", "post"): (401, 202, 202, 202),
    ("logout_all", "post"): (401, 204, 204, 204),
    ("users", "list"): (401, 403, 403, 200),
    ("users", "retrieve"): (401, 403, 403, 200),
    ("users", "partial_update"): (401, 403, 403, 200),
    ("products", "list"): (401, 200, 200, 200),
    ("products", "retrieve"): (401, 200, 200, 200),
    ("products", "create"): (401, 403, 201, 201),
    ("products", "update"): (401, 403, 200, 200),
    ("products", "partial_update"): (401, 403, 200, 200),
    ("products", "destroy"): (401, 403, 403, 204),
    ("orders", "list"): (401, OWN, 200, 200),
    ("orders", "retrieve"): (401, OWN, 200, 200),
    ("orders", "create"): (401, 201, 403, 403),
    ("orders", "update"): (401, 403, 200, 200),
    ("orders", "partial_update"): (401, 403, 200, 200),
    ("orders", "destroy"): (401, 403, 403, 204),
}

# Per resource: a row owned by a user (the user, for resources without rows), and a
# valid request body (for creates too: the row lends it what it refers to).
ROWS = {
    "products": lambda owner: ProductFactory(created_by=owner),
    "orders": lambda owner: OrderFactory(created_by=owner),
}
BODIES = {
    # PATCH reads the name, DELETE (the account's deletion) the password.
    "me": lambda row: {"first_name": "Renamed", "password": DEFAULT_PASSWORD},
    "password_change": lambda row: {
        "current_password": DEFAULT_PASSWORD,
        "new_password": "a-new-unusual-passphrase",
    },
    "users": lambda row: {"role": "staff"},
    "products": lambda row: {"name": "Lamp", "description": "", "price": "9.90"},
    "orders": lambda row: {"product": row.product_id, "quantity": 3},
}
SUCCESS = {
    "create": 201,
    "destroy": 204,
    ("me", "delete"): 204,
    ("email_verification_resend", "post"): 202,
    ("logout_all", "post"): 204,
}
MODELS = [apps.get_model(label) for label in ("users.User", "products.Product", "orders.Order")]
REFUSALS = {
    401: {"detail": "Authentication credentials were not provided."},
    403: {"detail": "You do not have permission to perform this action."},
}
CELLS = [
    pytest.param(resource, action, role, id=f"{resource}-{action}-{role}")
    for resource, actions in policy.load_policy().items()
    for action in actions
    for role in ROLES
]


def expected_status(resource, action, role):
    """The answer the table gives the role: a status, or OWN."""
    allowed = policy.grants(resource, action)
    if role not in allowed:
        return 401 if role == ANONYMOUS else 403
    return OWN if allowed[role] else success(resource, action)


def success(resource, action):
    return SUCCESS.get((resource, action), SUCCESS.get(action, 200))


def endpoint_of(resource, action):
    """The URL name, HTTP method and URL arguments of a resource's action."""
    for endpoint in checks.policy_endpoints():
        for method, served in endpoint.actions.items():
            if (endpoint.view.policy_resource, served) == (resource, action):
                return endpoint.name, method, endpoint.kwargs
    raise AssertionError(f"No view serves {resource} {action}.")


def row_of(resource, owner):
    return ROWS[resource](owner) if resource in ROWS else owner


def database():
    """Every row of the project's models, to compare before and after a request."""
    return {model: list(model.objects.order_by("pk").values()) for model in MODELS}


def send(api_client, resource, action, row):
    name, method, kwargs = endpoint_of(resource, action)
    url = reverse(name, kwargs=dict.fromkeys(kwargs, row.pk))
    body = BODIES[resource](row) if resource in BODIES and method != "get" else None
    return getattr(api_client, method)(url, body, format="json")


def test_the_table_is_the_reviewed_one():
    table = {
        (resource, action): tuple(expected_status(resource, action, role) for role in ROLES)
        for resource, actions in policy.load_policy().items()
        for action in actions
    }

    assert table == REVIEWED


@pytest.mark.parametrize(("resource", "action", "role"), CELLS)
def test_each_cell_is_what_the_api_does(api_client, resource, action, role):
    requester = None
    if role != ANONYMOUS:
        requester = ROLE_FACTORIES[role]()
        api_client.force_authenticate(requester)
    expected = expected_status(resource, action, role)
    other = row_of(resource, UserFactory())
    own = row_of(resource, requester) if expected == OWN else None
    before = database()

    response = send(api_client, resource, action, other)

    if expected in REFUSALS:
        assert response.status_code == expected
        assert response.json() == REFUSALS[expected]
        assert database() == before
    elif expected == OWN and action == "list":
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [own.pk]
    elif expected == OWN:
        assert response.status_code == 404
        assert database() == before
        assert send(api_client, resource, action, own).status_code == success(resource, action)
    else:
        assert response.status_code == expected
        if action == "list":
            assert other.pk in [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("role", "expected_status"), [("anonymous", 401), ("client", 403), ("admin", 200)]
)
def test_options_answer_the_roles_allowed_some_action(api_client, role, expected_status):
    if role != ANONYMOUS:
        api_client.force_authenticate(ROLE_FACTORIES[role]())

    response = api_client.options("/api/users/")

    assert response.status_code == expected_status


def test_head_is_allowed_as_get(api_client, client_user):
    api_client.force_authenticate(client_user)

    assert api_client.head("/api/me/").status_code == 200


def test_a_view_naming_no_resource_is_refused_even_to_admins(rf):
    class Unnamed(APIView):
        def get(self, request):
            raise AssertionError("never reached")

    request = rf.get("/")
    request.user = AdminFactory.build()

    assert not permissions.PolicyPermission().has_permission(request, Unnamed())


def test_the_projects_views_and_table_pass_the_system_checks():
    call_command("check")


WITHOUT_ORDERS = {
    resource: actions for resource, actions in policy.load_policy().items() if resource != "orders"
}


def test_a_view_outside_the_table_stops_the_project(settings):
    settings.API_POLICY = f"{__name__}.WITHOUT_ORDERS"

    with pytest.raises(SystemCheckError, match=r"api\.E001\) OrderViewSet names no resource"):
        call_command("check")


class Plain:
    """A view of the resource `things`, with the table's row scopes or without."""

    policy_resource = "things"


class Scoped(permissions.PolicyQuerysetMixin, Plain):
    pass


def errors(table, view=Plain):
    endpoint = checks.Endpoint("things", view, {"get": "list"}, ())
    return [(error.id, error.msg) for error in checks.policy_errors(table, [endpoint])]


def test_a_table_matching_its_views_has_no_error():
    assert errors({"things": {"list": ("admin", ANONYMOUS)}}) == []
    assert errors({"things": {"list": (policy.own_rows("client"),)}}, view=Scoped) == []


def test_a_missing_action_is_an_error():
    assert errors({"things": {}}) == [
        ("api.E003", "The policy table has no entry for 'things' 'list'.")
    ]


def test_an_action_no_view_serves_is_an_error():
    assert errors({"things": {"list": (), "destroy": ("admin",)}}) == [
        ("api.E004", "The policy table's 'things' 'destroy' is served by no view.")
    ]


def test_an_unknown_role_is_an_error():
    assert errors({"things": {"list": ("admin", "owner")}}) == [
        ("api.E005", "The policy table's 'things' 'list' names an unknown role 'owner'.")
    ]


def test_row_scopes_need_the_queryset_mixin():
    assert errors({"things": {"list": (policy.own_rows("client"),)}}) == [
        (
            "api.E002",
            "Plain serves 'things', which has row scopes, without PolicyQuerysetMixin: "
            "its rows would not be filtered.",
        )
    ]


def test_checks_are_errors_that_stop_the_project():
    [error] = checks.policy_errors({}, [checks.Endpoint("things", Plain, {"get": "list"}, ())])

    assert isinstance(error, Error)
    assert error.obj is Plain
