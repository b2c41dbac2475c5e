"""The throttles' lock: each client's check-and-record runs alone.

That requests racing in several workers are counted exactly is shown against
gunicorn in test_concurrency.py; these tests show the lock's waiting and bounds.
"""

import threading
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from .factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

HISTORY = "throttle_login_127.0.0.1"
LOCK = f"{HISTORY}_lock"
THROTTLE = import_string(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"][0])


def login(client, user):
    credentials = {"username": user.username, "password": DEFAULT_PASSWORD}
    return client.post("/api/login/", credentials, format="json")


def test_the_lock_is_released_after_each_check(api_client, client_user):
    assert login(api_client, client_user).status_code == 200

    assert cache.get(LOCK) is None
    assert len(cache.get(HISTORY)) == 1


def test_a_request_waits_for_a_check_in_progress_then_is_counted(api_client, client_user):
    assert cache.add(LOCK, "another worker's check", THROTTLE.lock_timeout)
    release = threading.Timer(0.1, cache.delete, [LOCK])
    started = time.monotonic()
    release.start()

    response = login(api_client, client_user)

    release.join()
    assert time.monotonic() - started >= 0.1
    assert response.status_code == 200
    assert len(cache.get(HISTORY)) == 1
    assert cache.get(LOCK) is None


def test_a_request_that_cannot_get_the_lock_in_time_is_refused(
    api_client, client_user, monkeypatch
):
    monkeypatch.setattr(THROTTLE, "lock_wait", 0.05)
    assert cache.add(LOCK, "a worker that died holding it", THROTTLE.lock_timeout)

    response = login(api_client, client_user)

    assert response.status_code == 429
    assert response.json() == {"detail": "Request was throttled."}
    assert cache.get(HISTORY) is None
    client_user.refresh_from_db()
    assert client_user.last_login is None
    # Left to lapse on its own: only its holder may delete it.
    assert cache.get(LOCK) == "a worker that died holding it"
