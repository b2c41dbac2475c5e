"""The OpenAPI schema at /api/schema/ and its Swagger UI at /api/docs/."""

import re
import tomllib
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

# Every operation of the API with the status codes its schema documents.
OPERATIONS = {
    ("/api/login/", "post"): {"200", "400", "401", "403", "429"},
    ("/api/refresh/", "post"): {"200", "400", "401", "429"},
    ("/api/logout/", "post"): {"204", "400", "401", "403"},
    ("/api/logout/all/", "post"): {"204", "401", "429"},
    ("/api/register/", "post"): {"201", "400", "429"},
    ("/api/password/change/", "post"): {"200", "400", "401", "429"},
    ("/api/password/reset/", "post"): {"202", "400", "429"},
    ("/api/password/reset/confirm/", "post"): {"204", "400", "429"},
    ("/api/me/", "get"): {"200", "401"},
    ("/api/me/", "patch"): {"200", "400", "401"},
    ("/api/me/", "delete"): {"204", "400", "401", "429"},
    ("/api/email/verify/", "post"): {"204", "400", "429"},
    ("/api/email/verify/resend/", "post"): {"202", "400", "401", "429"},
    ("/api/users/", "get"): {"200", "401", "403", "404"},
    ("/api/users/{id}/", "get"): {"200", "401", "403", "404"},
    ("/api/users/{id}/", "patch"): {"200", "400", "401", "403", "404"},
    ("/api/products/", "get"): {"200", "400", "401", "404"},
    ("/api/products/", "post"): {"201", "400", "401", "403"},
    ("/api/products/{id}/", "get"): {"200", "401", "404"},
    ("/api/products/{id}/", "put"): {"200", "400", "401", "403", "404"},
    ("/api/products/{id}/", "patch"): {"200", "400", "401", "403", "404"},
    ("/api/products/{id}/", "delete"): {"204", "401", "403", "404", "409"},
    ("/api/orders/", "get"): {"200", "401", "404"},
    ("/api/orders/", "post"): {"201", "400", "401", "403"},
    ("/api/orders/{id}/", "get"): {"200", "401", "404"},
    ("/api/orders/{id}/", "put"): {"200", "400", "401", "403", "404"},
    ("/api/orders/{id}/", "patch"): {"200", "400", "401", "403", "404"},
    ("/api/orders/{id}/", "delete"): {"204", "401", "403", "404"},
    ("/health/", "get"): {"200", "503"},
    ("/health/live/", "get"): {"200"},
}
PUBLIC_API = {
    ("/api/login/", "post"),
    ("/api/refresh/", "post"),
    ("/api/register/", "post"),
    ("/api/password/reset/", "post"),
    ("/api/password/reset/confirm/", "post"),
    ("/api/email/verify/", "post"),
}
THROTTLED = {
    *PUBLIC_API,
    ("/api/password/change/", "post"),
    ("/api/logout/all/", "post"),
    ("/api/me/", "delete"),
    ("/api/email/verify/resend/", "post"),
}
# The probes: public, and never throttled.
PUBLIC = {*PUBLIC_API, ("/health/", "get"), ("/health/live/", "get")}
# Operations whose views set their own permission classes, outside the policy table.
OUTSIDE_THE_TABLE = {*PUBLIC, ("/api/logout/", "post")}


@pytest.fixture(scope="module")
def schema():
    """The schema as served, in JSON; generating it takes a while, so once per module."""
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_names_the_project_with_pyprojects_version_and_description(schema):
    pyproject = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["project"]

    assert schema["info"] == {
        "title": settings.PROJECT_NAME,
        "version": pyproject["version"],
        "description": pyproject["description"],
    }


def operations(schema):
    return {
        (path, method): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def test_operations_are_named_and_tagged_after_their_path_below_api(schema):
    operation_ids = {
        (path, method): operation["operationId"]
        for (path, method), operation in operations(schema).items()
    }
    tags = {tag for operation in operations(schema).values() for tag in operation["tags"]}

    assert operation_ids[("/api/me/", "get")] == "me_retrieve"
    assert operation_ids[("/api/products/", "get")] == "products_list"
    assert operation_ids[("/health/", "get")] == "health_retrieve"
    assert tags == {"auth", "health", "me", "orders", "passwords", "products", "users"}


def test_the_schema_validates_with_no_warning(capsys):
    out = StringIO()

    # Raises on any warning or error of drf-spectacular, or on an invalid schema.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)

    assert capsys.readouterr().err == ""
    assert out.getvalue().startswith("openapi: 3.0.3\n")


def test_the_schema_is_openapi_3_with_every_operation(schema):
    assert schema["openapi"].startswith("3.")
    assert set(operations(schema)) == set(OPERATIONS)


def test_every_operation_documents_its_success_and_error_codes(schema):
    documented = {key: set(op["responses"]) for key, op in operations(schema).items()}

    assert documented == OPERATIONS


def test_error_bodies_are_described(schema):
    for key, operation in operations(schema).items():
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                assert response["description"]
                body = response["content"]["application/json"]["schema"]
                if (key, status) == (("/api/products/", "get"), "400"):
                    # DRF's SearchFilter refuses a NUL character with a bare list.
                    assert body == {"type": "array", "items": {"type": "string"}}
                elif status == "400":
                    assert body == {"$ref": "#/components/schemas/ValidationError"}
                else:
                    assert body == {"$ref": "#/components/schemas/Error"}


def test_only_the_products_list_takes_a_search(schema):
    def parameters(path):
        return {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}

    assert parameters("/api/products/") == {"page", "page_size", "search"}
    assert parameters("/api/users/") == {"page", "page_size"}


def test_every_list_says_when_its_count_is_an_estimate(schema):
    lists = [
        component
        for name, component in schema["components"]["schemas"].items()
        if name.startswith("Paginated")
    ]

    assert len(lists) == 3
    for component in lists:
        count = component["properties"]["count"]["description"]
        assert count.startswith("The number of results: exact up to 10000 and on the last page;")


def test_each_operation_under_the_policy_table_lists_its_roles(schema):
    governed = {key for key, operation in operations(schema).items() if "x-roles" in operation}

    assert governed == set(OPERATIONS) - OUTSIDE_THE_TABLE


@pytest.mark.parametrize(
    ("key", "roles", "description"),
    [
        (("/api/products/{id}/", "delete"), ["admin"], "Roles: admin."),
        (("/api/products/", "post"), ["admin", "staff"], "Roles: admin, staff."),
        (("/api/me/", "get"), ["admin", "client", "staff"], "Roles: admin, client, staff."),
        (
            ("/api/orders/{id}/", "get"),
            ["admin", "client", "staff"],
            "Roles: admin, client (own rows only), staff.",
        ),
    ],
)
def test_the_roles_come_from_the_policy_table(schema, key, roles, description):
    operation = operations(schema)[key]

    assert operation["x-roles"] == roles
    assert operation["description"].endswith(description)


def test_throttled_operations_document_retry_after(schema):
    for key, operation in operations(schema).items():
        headers = operation["responses"].get("429", {}).get("headers", {})
        assert ("Retry-After" in headers) == (key in THROTTLED), key


def test_the_jwt_bearer_scheme_guards_every_operation_but_the_public_ones(schema):
    assert schema["components"]["securitySchemes"] == {
        "jwtAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    for key, operation in operations(schema).items():
        # `{}` (or no `security` at all) lets a request in without credentials.
        expected = [{}] if key in PUBLIC else [{"jwtAuth": []}]
        assert operation.get("security", [{}]) == expected, key


def test_request_bodies_ask_only_for_writable_fields(schema):
    components = schema["components"]["schemas"]

    assert set(components["ProductRequest"]["properties"]) == {"name", "description", "price"}
    assert set(components["Product"]["properties"]) == {
        "id",
        "name",
        "description",
        "price",
        "created_by",
        "created_at",
        "updated_at",
    }
    assert "password" not in components["Registration"]["properties"]


def test_the_schema_is_public_even_with_a_bad_token(client):
    response = client.get("/api/schema/", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")


def test_swagger_ui_loads_its_files_from_this_server(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'url: "/api/schema/"' in page
    assert not re.search(r"cdn\.|unpkg|jsdelivr|https?://", page)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert len(assets) == 4  # stylesheet, favicon and two scripts
    for asset in assets:
        assert asset.startswith("/static/drf_spectacular_sidecar/swagger-ui-dist/")
        served = client.get(asset)
        assert served.status_code == 200, asset
        # Reading the whole file also closes it.
        assert b"".join(served.streaming_content)
