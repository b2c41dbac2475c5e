import time

from rest_framework import throttling
from rest_framework.exceptions import Throttled


class LockedRateThrottle(throttling.SimpleRateThrottle):
    """DRF's rate throttle, exact when requests race in several worker processes.

    DRF reads a client's request history from the cache, decides, then writes it
    back: racing requests all read the same history and all get through (DRF's
    docs leave exact counts to projects' own throttles: encode/django-rest-framework#5181).
    Here that read-decide-write runs under a lock per client and scope, taken with
    `cache.add`, which is atomic on every cache backend (SET NX on Redis).
    """

    # Seconds before a lock lapses: far longer than a check takes, and an upper
    # bound on how long a worker killed while holding one can block its client.
    lock_timeout = 5
    # Seconds a request waits for the lock before it is refused as throttled.
    lock_wait = 2
    lock_poll_interval = 0.005

    def allow_request(self, request, view):
        lock = f"{self.get_cache_key(request, view)}_lock"
        deadline = time.monotonic() + self.lock_wait
        while not self.cache.add(lock, "locked", self.lock_timeout):
            if time.monotonic() >= deadline:
                raise Throttled
            time.sleep(self.lock_poll_interval)
        try:
            return super().allow_request(request, view)
        finally:
            self.cache.delete(lock)


class ScopedRateThrottle(throttling.ScopedRateThrottle, LockedRateThrottle):
    """DRF's ScopedRateThrottle (rates per `throttle_scope`), counting under the lock.

    ScopedRateThrottle finds the view's scope and rate, then hands over to
    LockedRateThrottle; views without a scope are never locked or counted.
    """
