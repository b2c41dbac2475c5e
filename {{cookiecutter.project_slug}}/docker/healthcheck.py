"""Docker HEALTHCHECK: exit 0 when GET /health/ answers 200 (the slim image has no curl).

It asks gunicorn directly, as the first allowed host, so Django's host
validation accepts it; production settings exempt /health/ from the HTTPS
redirect.
"""

import os
import sys
import urllib.request

port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
hosts = [h.strip().lstrip(".") for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
host = next((h for h in hosts if h and h != "*"), "localhost")
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/health/",
    headers={"Host": host},
)
try:
    # A fixed http URL on the loopback, not a user-supplied one.
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    sys.exit(f"unhealthy: {error}")
