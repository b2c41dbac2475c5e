"""Hostile input: schemathesis makes requests from the OpenAPI schema, valid and
invalid, for every operation, and sends them as each role through the WSGI app.

No answer may be a 5xx, and every answer must be one the schema documents: its
status code, media type, headers and body. The sweep sends schemathesis' coverage
phase: boundary and wrong-typed values, missing fields, unsupported media types
and methods, missing and made-up credentials. Each role sends those of every
operation that lets it in, and anonymous requests those of every operation: over
1000 requests, the same at each run. It takes seconds, so it is left out of the
default run, like the concurrency tests; CI runs it:

    pytest -m fuzz --no-cov

A deep run adds SCHEMATHESIS_MAX_EXAMPLES fuzzed cases per operation and mode
(valid, invalid) for each of them (0 by default):

    SCHEMATHESIS_MAX_EXAMPLES=100 pytest -m fuzz --no-cov

The other tests here send, in the default run, what generated cases seldom reach.
"""

import functools
import logging
import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.tokens import AccessToken
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import (
    DEFAULT_PASSWORD,
    AdminFactory,
    OrderFactory,
    ProductFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "0"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROLES = {"admin": AdminFactory, "staff": StaffFactory, "client": UserFactory, "anonymous": None}


@functools.cache
def served_schema():
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@functools.cache
def coverage_cases():
    """Each operation's coverage-phase cases: deterministic, so made once."""
    schema = served_schema()
    return {
        operation: list(
            schema.iter_coverage_cases(
                operation,
                generation_modes=list(GenerationMode),
                generation_config=schema.config.generation_for(
                    operation=operation, phase="coverage"
                ),
            )
        )
        for operation in (result.ok() for result in schema.get_all_operations())
    }


def takes_a_token(operation):
    # `security: [{}]` lets requests in without credentials, as no `security` does.
    return any(operation.definition.raw.get("security", []))


def has_inputs(operation):
    """Whether the request has anything that invalid cases can get wrong."""
    return bool(operation.body or operation.path_parameters or operation.query)


def bearer(user):
    return {"Authorization": f"Bearer {AccessToken.for_user(user)}"}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Stops Django closing the database connection after each request, as its test
    client does: the connection holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _quiet_client_errors(caplog):
    # Logging thousands of 4xx warnings only takes time; 5xx are errors, still logged.
    caplog.set_level(logging.ERROR, logger="django.request")


class Sender:
    """Sends cases as one user (None: anonymously) and checks each answer."""

    def __init__(self, user, products, orders):
        # Anonymous cases carry the credentials schemathesis makes up; the others a real token.
        self.headers = bearer(user) if user else {}
        self.existing = {
            "products": [product.pk for product in products],
            "orders": [order.pk for order in orders],
            "users": [product.created_by.pk for product in products] + ([user.pk] if user else []),
        }
        self.sent = 0

    def send(self, case):
        # Valid ids name existing objects, so that cases for one get past its 404.
        if str((case.path_parameters or {}).get("id", "")).isdigit():
            pool = self.existing[case.path.split("/")[2]]
            case.path_parameters["id"] = str(pool[self.sent % len(pool)])
        # Each case reaches its view: the throttles are proven in test_rate_limiting.
        cache.clear()
        response = case.call(headers=self.headers)
        self.sent += 1
        case.validate_response(response, checks=CHECKS)

    def fuzz(self, operation):
        modes = GenerationMode if has_inputs(operation) else [GenerationMode.POSITIVE]
        for mode in modes:

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            )
            @given(case=operation.as_strategy(mode, headers=self.headers or None))
            def send_generated(case):
                self.send(case)

            before = self.sent
            send_generated()
            assert self.sent > before, f"No {mode.value} case made for {operation.label}."


def sends_cases(role, operation):
    """Whether the role sends the operation's cases. Anonymous requests go to every
    operation: into those that take no token, and against the credentials of the
    others. A logged-in role goes to those that take its token and let it past their
    permission check, as the schema's `x-roles` (the policy table) says: the public
    ones would ignore the token, and the others refuse it with a 403 before reading
    any input (test_policy proves it). Operations outside the table (logout) take
    every role."""
    if role == "anonymous":
        return True
    if not takes_a_token(operation):
        return False
    return role in operation.definition.raw.get("x-roles", [role])


@pytest.mark.fuzz
def test_generated_requests_get_no_5xx_and_answers_the_schema_documents():
    sent = 0

    for role, factory in ROLES.items():
        user = factory() if factory else None
        # Products and orders of its own (a client's are theirs): the admin's cases delete some.
        owner = user if role == "client" else UserFactory()
        orders = OrderFactory.create_batch(3, created_by=owner)
        sender = Sender(user, ProductFactory.create_batch(3), orders)
        try:
            for operation, cases in coverage_cases().items():
                if sends_cases(role, operation):
                    for case in cases:
                        sender.send(case)
                    if MAX_EXAMPLES:
                        sender.fuzz(operation)
        except BaseException as error:
            error.add_note(f"Sent as {role}.")
            raise
        sent += sender.sent

    assert sent >= 1000


def checked(method, path, **case):
    """Sends one request made by hand, and checks its answer like the generated ones."""
    case = served_schema()[path][method].Case(**case)
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    return response


def test_successful_answers_match_the_schema_too():
    """What generated cases seldom reach: each operation's success, with real data."""
    credentials = {"username": "newcomer", "password": "a-long-unusual-passphrase"}
    admin = bearer(AdminFactory())
    product = ProductFactory()
    other = {"id": UserFactory().pk}
    item = {"id": product.pk}
    new_product = {"name": "Lamp", "description": "Bright", "price": "19.90"}

    register = {**credentials, "email": "newcomer@example.com"}
    assert checked("POST", "/api/register/", body=register).status_code == 201
    tokens = checked("POST", "/api/login/", body=credentials).json()
    newcomer = {"Authorization": f"Bearer {tokens['access']}"}
    assert checked("GET", "/api/me/", headers=newcomer).status_code == 200
    names = {"first_name": "New", "last_name": "Comer"}
    assert checked("PATCH", "/api/me/", headers=newcomer, body=names).status_code == 200
    tokens = checked("POST", "/api/refresh/", body={"refresh": tokens["refresh"]}).json()
    logout = {"refresh": tokens["refresh"]}
    assert checked("POST", "/api/logout/", headers=newcomer, body=logout).status_code == 204

    assert checked("GET", "/api/users/", headers=admin).status_code == 200
    assert checked("GET", "/api/users/{id}/", headers=admin, path_parameters=other)
    role = {"role": "staff"}
    changed = checked("PATCH", "/api/users/{id}/", headers=admin, path_parameters=other, body=role)
    assert changed.json()["role"] == "staff"

    assert checked("GET", "/api/products/", headers=admin).status_code == 200
    assert checked("POST", "/api/products/", headers=admin, body=new_product).status_code == 201
    detail = {"headers": admin, "path_parameters": item}
    assert checked("GET", "/api/products/{id}/", **detail).status_code == 200
    assert checked("PUT", "/api/products/{id}/", **detail, body=new_product).status_code == 200
    assert checked("PATCH", "/api/products/{id}/", **detail, body={"price": "5.00"})
    assert checked("DELETE", "/api/products/{id}/", **detail).status_code == 204

    client = bearer(UserFactory())
    order = {"product": ProductFactory().pk, "quantity": 2}
    placed = checked("POST", "/api/orders/", headers=client, body=order).json()
    assert checked("GET", "/api/orders/", headers=client).json()["count"] == 1
    mine = {"headers": client, "path_parameters": {"id": placed["id"]}}
    assert checked("GET", "/api/orders/{id}/", **mine).status_code == 200
    handled = {"headers": admin, "path_parameters": {"id": placed["id"]}}
    assert checked("PUT", "/api/orders/{id}/", **handled, body=order).status_code == 200
    shipped = checked("PATCH", "/api/orders/{id}/", **handled, body={"status": "shipped"})
    assert shipped.json()["status"] == "shipped"
    assert checked("DELETE", "/api/orders/{id}/", **handled).status_code == 204


def test_refusals_the_generator_seldom_gets_match_the_schema_too(monkeypatch):
    # One login a minute: the second is throttled, whatever rate the project sets.
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "login", "1/minute")
    wrong = {"username": "nobody", "password": DEFAULT_PASSWORD}
    client = bearer(UserFactory())

    assert checked("POST", "/api/login/", body=wrong).status_code == 401
    throttled = checked("POST", "/api/login/", body=wrong)
    nul = checked("GET", "/api/products/", headers=client, query={"search": "tea\x00pot"})
    # Found by a deep run: users have no search, yet DRF's filter refused a NUL in it.
    admin = bearer(AdminFactory())
    ignored = checked("GET", "/api/users/", headers=admin, query={"search": "tea\x00pot"})
    ordered = OrderFactory().product
    still_ordered = checked(
        "DELETE", "/api/products/{id}/", headers=admin, path_parameters={"id": ordered.pk}
    )

    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"][0]) > 0
    assert nul.status_code == 400
    assert ignored.status_code == 200
    assert still_ordered.status_code == 409


def test_a_path_holding_a_newline_is_a_json_404_too(client):
    """Found by a deep run: such paths got Django's HTML 404 page."""
    response = client.patch("/api/products/a%0Ab/", {}, content_type="application/json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
