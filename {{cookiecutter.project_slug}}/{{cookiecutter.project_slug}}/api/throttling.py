import hashlib
import time
from collections.abc import Mapping

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
        key = self.get_cache_key(request, view)
        if key is None:  # nothing to count this request by
            return True
        lock = f"{key}_lock"
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


class EmailRateThrottle(ScopedRateThrottle):
    """Counts requests per email address in the body, at the rate of the view's
    `email_throttle_scope`: a limit per address that changing IP does not dodge.

    Bodies without an email string are not counted (the serializer refuses them).
    The cache key holds a hash of the address, not the address.
    """

    scope_attr = "email_throttle_scope"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if isinstance(request.data, Mapping) else None
        if not isinstance(email, str):
            return None
        # surrogatepass: JSON may hold lone surrogates, which UTF-8 cannot encode.
        digest = hashlib.sha256(email.strip().lower().encode(errors="surrogatepass")).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}
