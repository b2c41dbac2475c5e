"""A refresh racing another refresh of the same token waits for it, then is refused.

The race runs in this process: a thread with its own database connection stands in
for another worker. It blacklists the token as a refresh does and commits only once
the API's refresh is waiting on a lock: the blacklist's unique index. That refresh
read the token as not yet blacklisted; SimpleJWT's rotation (get_or_create) would
then take the other's blacklisting for its own and answer 200 with a second new
token.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_a_blocked_query(timeout=10):
    """Returns once another connection to this database waits on a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the refresh never waited on a lock")


def test_a_refresh_racing_another_of_the_same_token_is_refused(api_client, client_user):
    refresh = RefreshToken.for_user(client_user)
    rotating = threading.Event()
    failures = []

    def rotate_in_another_worker():
        try:
            with transaction.atomic():
                OutstandingToken.objects.select_for_update().get(jti=refresh["jti"])
                RefreshToken(str(refresh)).blacklist()
                rotating.set()
                wait_for_a_blocked_query()
        except Exception as error:  # reported by the test, not lost in this thread
            failures.append(error)
        finally:
            rotating.set()
            connection.close()

    other_worker = threading.Thread(target=rotate_in_another_worker)
    other_worker.start()
    assert rotating.wait(10)

    response = api_client.post("/api/refresh/", {"refresh": str(refresh)}, format="json")

    other_worker.join(10)
    assert failures == []
    assert response.status_code == 401
    assert response.json()["detail"] == "Token is blacklisted"
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == [refresh["jti"]]
    assert BlacklistedToken.objects.get().token.jti == refresh["jti"]
