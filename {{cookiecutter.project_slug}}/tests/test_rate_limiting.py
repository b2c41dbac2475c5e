"""Login, registration and refresh throttles: DRF's machinery, on while testing.

Tests move DRF's throttle clock instead of sleeping; the cache (and so every
counter) is cleared around each test by conftest.py.
"""

import os
import runpy
import uuid

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from .factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

BASE_SETTINGS = settings.BASE_DIR / "config" / "settings" / "base.py"


def rate(scope):
    """(allowed requests, window in seconds) of a throttle scope, as configured."""
    configured = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
    return ScopedRateThrottle().parse_rate(configured)


def throttled(wait):
    unit = "second" if wait == 1 else "seconds"
    return {"detail": f"Request was throttled. Expected available in {wait} {unit}."}


class Clock:
    """Stands in for DRF's throttle timer (time.time) so tests can move time."""

    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(SimpleRateThrottle, "timer", clock)
    return clock


WRONG_CREDENTIALS = {"username": "nobody", "password": "wrong-password"}


def login(client, credentials=WRONG_CREDENTIALS, **headers):
    return client.post("/api/login/", credentials, format="json", **headers)


def right_credentials(user):
    return {"username": user.username, "password": DEFAULT_PASSWORD}


def exhaust_login(client, **headers):
    limit, _ = rate("login")
    for _ in range(limit):
        assert login(client, **headers).status_code == 401


def test_login_is_throttled_after_the_configured_attempts(api_client, client_user, clock):
    _, window = rate("login")
    exhaust_login(api_client)

    # Even the right password is refused within the window.
    response = login(api_client, right_credentials(client_user))

    assert response.status_code == 429
    assert response.json() == throttled(window)
    assert response["Retry-After"] == str(window)
    client_user.refresh_from_db()
    assert client_user.last_login is None


def test_login_works_again_once_the_window_has_passed(api_client, client_user, clock):
    _, window = rate("login")
    exhaust_login(api_client)
    clock.advance(window - 1)
    assert login(api_client).status_code == 429

    clock.advance(1)
    response = login(api_client, right_credentials(client_user))

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_successful_logins_count_too(api_client, client_user, clock):
    limit, window = rate("login")
    for _ in range(limit):
        assert login(api_client, right_credentials(client_user)).status_code == 200

    response = login(api_client, right_credentials(client_user))

    assert response.status_code == 429
    assert response.json() == throttled(window)


def test_login_is_counted_per_client_ip(api_client, client_user, clock):
    exhaust_login(api_client, REMOTE_ADDR="198.51.100.1")

    response = login(api_client, right_credentials(client_user), REMOTE_ADDR="198.51.100.2")

    assert response.status_code == 200


def test_without_a_proxy_a_client_cannot_dodge_with_its_own_x_forwarded_for(api_client, clock):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    limit, window = rate("login")
    for attempt in range(limit):
        assert login(api_client, HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}").status_code == 401

    response = login(api_client, HTTP_X_FORWARDED_FOR="203.0.113.250")

    assert response.status_code == 429
    assert response.json() == throttled(window)


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})
def test_behind_one_proxy_the_address_it_appends_is_the_client(api_client, clock):
    limit, window = rate("login")
    # The proxy (REMOTE_ADDR) appends the address it saw; the rest is the client's say.
    for attempt in range(limit):
        spoofed = f"10.0.0.{attempt}, 198.51.100.7"
        assert login(api_client, HTTP_X_FORWARDED_FOR=spoofed).status_code == 401

    same_client = login(api_client, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    other_client = login(api_client, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.8")

    assert same_client.status_code == 429
    assert same_client.json() == throttled(window)
    assert other_client.status_code == 401


def test_registration_has_its_own_throttle(api_client, clock):
    limit, window = rate("register")
    exhaust_login(api_client)
    for _ in range(limit):
        assert api_client.post("/api/register/", {}, format="json").status_code == 400

    response = api_client.post(
        "/api/register/",
        {"username": "ada", "email": "ada@example.com", "password": "Tr0ub4dor&3-staple"},
        format="json",
    )

    assert response.status_code == 429
    assert response.json() == throttled(window)
    assert not get_user_model().objects.exists()


def test_refresh_has_its_own_throttle(api_client, clock):
    limit, window = rate("refresh")
    exhaust_login(api_client)
    for _ in range(limit):
        assert api_client.post("/api/refresh/", {"refresh": "x"}, format="json").status_code == 401

    response = api_client.post("/api/refresh/", {"refresh": "x"}, format="json")

    assert response.status_code == 429
    assert response.json() == throttled(window)


def ask_reset(client, body, address):
    return client.post("/api/password/reset/", body, format="json", REMOTE_ADDR=address)


def test_password_resets_are_throttled_per_email_address_whatever_the_ip(api_client, clock):
    limit, window = rate("password_reset_email")
    for index in range(limit):
        response = ask_reset(api_client, {"email": "ada@example.com"}, f"10.0.0.{index}")
        assert response.status_code == 202

    same_email = ask_reset(api_client, {"email": " ADA@example.com"}, "10.0.1.1")
    other_email = ask_reset(api_client, {"email": "bob@example.com"}, "10.0.1.1")
    # Bodies without an email string are not counted per address, but refused.
    not_an_object = ask_reset(api_client, ["ada@example.com"], "10.0.1.2")
    not_a_string = ask_reset(api_client, {"email": ["ada@example.com"]}, "10.0.1.3")

    assert same_email.status_code == 429
    assert same_email.json() == throttled(window)
    assert other_email.status_code == 202
    assert [not_an_object.status_code, not_a_string.status_code] == [400, 400]


def test_password_resets_are_throttled_per_client_ip(api_client, clock):
    limit, window = rate("password_reset")
    for index in range(limit):
        response = ask_reset(api_client, {"email": f"user{index}@example.com"}, "10.0.0.1")
        assert response.status_code == 202

    same_ip = ask_reset(api_client, {"email": "other@example.com"}, "10.0.0.1")
    other_ip = ask_reset(api_client, {"email": "other@example.com"}, "10.0.0.2")

    assert same_ip.status_code == 429
    assert same_ip.json() == throttled(window)
    assert other_ip.status_code == 202


@pytest.mark.parametrize(
    ("scope", "operation"),
    [
        ("password_change", ("post", "/api/password/change/", 400)),
        ("password_reset_confirm", ("post", "/api/password/reset/confirm/", 400)),
        ("email_verification", ("post", "/api/email/verify/", 400)),
        ("email_verification_resend", ("post", "/api/email/verify/resend/", 202)),
        ("logout_all", ("post", "/api/logout/all/", 204)),
        ("account_deletion", ("delete", "/api/me/", 400)),
    ],
)
def test_account_operations_have_their_own_throttles(
    jwt_client, client_user, clock, scope, operation
):
    client = jwt_client(client_user)
    method, path, status = operation
    send = getattr(client, method)
    limit, window = rate(scope)
    for _ in range(limit):
        assert send(path, {}, format="json").status_code == status

    response = send(path, {}, format="json")

    assert response.status_code == 429
    assert response.json() == throttled(window)
    # Reading one's profile is not counted with deleting it.
    assert client.get("/api/me/").status_code == 200


# Each throttle scope and the variable that sets its rate.
RATE_VARIABLES = {
    "login": "LOGIN_THROTTLE_RATE",
    "register": "REGISTER_THROTTLE_RATE",
    "refresh": "REFRESH_THROTTLE_RATE",
    "password_change": "PASSWORD_CHANGE_THROTTLE_RATE",
    "password_reset": "PASSWORD_RESET_THROTTLE_RATE",
    "password_reset_email": "PASSWORD_RESET_EMAIL_THROTTLE_RATE",
    "password_reset_confirm": "PASSWORD_RESET_CONFIRM_THROTTLE_RATE",
    "email_verification": "EMAIL_VERIFICATION_THROTTLE_RATE",
    "email_verification_resend": "EMAIL_VERIFICATION_RESEND_THROTTLE_RATE",
    "logout_all": "LOGOUT_ALL_THROTTLE_RATE",
    "account_deletion": "ACCOUNT_DELETION_THROTTLE_RATE",
}


def test_rates_default_to_what_env_example_documents(monkeypatch, documented_defaults):
    for name in (*RATE_VARIABLES.values(), "DJANGO_NUM_PROXIES"):
        monkeypatch.delenv(name, raising=False)

    rest_framework = runpy.run_path(str(BASE_SETTINGS))["REST_FRAMEWORK"]

    assert rest_framework["DEFAULT_THROTTLE_RATES"] == {
        scope: documented_defaults[name] for scope, name in RATE_VARIABLES.items()
    }
    assert rest_framework["NUM_PROXIES"] == int(documented_defaults["DJANGO_NUM_PROXIES"])


def test_rates_and_proxies_are_read_from_the_environment(monkeypatch):
    rates = {scope: f"{index + 2}/hour" for index, scope in enumerate(RATE_VARIABLES)}
    for scope, name in RATE_VARIABLES.items():
        monkeypatch.setenv(name, rates[scope])
    monkeypatch.setenv("DJANGO_NUM_PROXIES", "2")

    rest_framework = runpy.run_path(str(BASE_SETTINGS))["REST_FRAMEWORK"]

    assert rest_framework["DEFAULT_THROTTLE_RATES"] == rates
    assert rest_framework["NUM_PROXIES"] == 2


# Redis, for real


@pytest.fixture
def redis_caches():
    """Two RedisCache instances on REDIS_URL: each opens its own connection pool.

    Their keys share a fresh prefix, deleted afterwards. When Redis cannot be
    reached the test skips, or fails when the CI variable is set.
    """
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 2}}
    first, second = RedisCache(url, params), RedisCache(url, params)
    try:
        first.get("ping")
    except redis.exceptions.ConnectionError as error:
        message = f"Redis at {url} is unreachable: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield first, second
    first.delete("throttle_login_127.0.0.1")


def test_the_login_count_is_shared_by_separate_redis_clients(
    api_client, redis_caches, monkeypatch, clock
):
    first, second = redis_caches
    limit, window = rate("login")

    monkeypatch.setattr(ScopedRateThrottle, "cache", first)
    exhaust_login(api_client)
    monkeypatch.setattr(ScopedRateThrottle, "cache", second)
    response = login(api_client)

    assert response.status_code == 429
    assert response.json() == throttled(window)
    assert second.get("throttle_login_127.0.0.1") == [clock.now] * limit
