"""Races between worker processes, against gunicorn with 4 workers (gunicorn.conf.py's
sync workers) on the test database, and the Prometheus metrics that those workers
add up.

Not in the default run (they take seconds): `pytest -m concurrency --no-cov -n 0`,
in one process, as the gunicorn they start needs the machine's cores.
The tests commit their data (transaction=True) so that the server's workers see it.
"""

import http.client
import json
import os
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from .factories import DEFAULT_PASSWORD, UserFactory
from .live_server import database_url, gunicorn

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

WORKERS = 4
CONCURRENT_REQUESTS = 20


@pytest.fixture(scope="module")
def redis_url():
    """REDIS_URL, which must answer: the test fails in CI without it, and skips elsewhere."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis at {url} is unreachable: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(scope="module")
def server(django_db_setup, redis_url, tmp_path_factory):
    """gunicorn serving pytest-django's test database, sharing Redis between its workers."""
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.live_server_settings",
        "DATABASE_URL": database_url(os.environ["DATABASE_URL"], connection.settings_dict["NAME"]),
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path_factory.mktemp("prometheus")),
    }
    with gunicorn(workers=WORKERS, env=env) as url:
        yield url


def post_all_at_once(url, path, body, count=CONCURRENT_REQUESTS):
    """POSTs `body` from `count` threads released together; returns [(status, json)]."""
    parts = urlsplit(url)
    start = threading.Barrier(count, timeout=10)
    responses = [None] * count

    def send(index):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.connect()
            start.wait()
            connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
            response = connection.getresponse()
            responses[index] = (response.status, json.loads(response.read()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(index,), daemon=True) for index in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    assert None not in responses, "a request got no response"
    return responses


def test_concurrent_refreshes_of_one_token_rotate_it_exactly_once(server):
    refresh = RefreshToken.for_user(UserFactory())

    responses = post_all_at_once(server, "/api/refresh/", {"refresh": str(refresh)})

    statuses = sorted(status for status, _ in responses)
    assert statuses == [200] + [401] * (CONCURRENT_REQUESTS - 1)
    refused = [body for status, body in responses if status == 401]
    assert all(body["detail"] == "Token is blacklisted" for body in refused), refused
    (new_refresh,) = [body["refresh"] for status, body in responses if status == 200]
    # The presented token is blacklisted once; the one new token is the one answered.
    assert BlacklistedToken.objects.get().token.jti == refresh["jti"]
    assert set(OutstandingToken.objects.values_list("jti", flat=True)) == {
        refresh["jti"],
        RefreshToken(new_refresh)["jti"],
    }


def test_concurrent_logins_from_one_address_let_exactly_the_rate_through(server):
    user = UserFactory()
    configured = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"]
    limit, _ = ScopedRateThrottle().parse_rate(configured)
    allowed = min(limit, CONCURRENT_REQUESTS)
    credentials = {"username": user.username, "password": DEFAULT_PASSWORD}

    responses = post_all_at_once(server, "/api/login/", credentials)

    statuses = sorted(status for status, _ in responses)
    assert statuses == [200] * allowed + [429] * (CONCURRENT_REQUESTS - allowed)
    throttled = [body for status, body in responses if status == 429]
    assert all(body["detail"].startswith("Request was throttled.") for body in throttled)


def responses_counted(url, **labels):
    """The responses that /metrics counts with these labels, whichever worker answers it."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", "/metrics")
        text = connection.getresponse().read().decode()
    finally:
        connection.close()
    (family,) = (
        family
        for family in text_string_to_metric_families(text)
        if family.name == "django_http_responses_total_by_status_view_method"
    )
    return sum(sample.value for sample in family.samples if labels.items() <= sample.labels.items())


def test_metrics_add_up_the_requests_that_every_worker_answered(server):
    labels = {"status": "401", "view": "product-list", "method": "POST"}
    before = responses_counted(server, **labels)

    responses = post_all_at_once(server, "/api/products/", {})

    assert [status for status, _ in responses] == [401] * CONCURRENT_REQUESTS
    assert responses_counted(server, **labels) - before == CONCURRENT_REQUESTS
