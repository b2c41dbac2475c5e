"""Gunicorn, the production server: `gunicorn --config gunicorn.conf.py config.wsgi`.

Every knob comes from the environment so one image fits every host.
"""

import multiprocessing
import os
import tempfile
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Gunicorn's own rule of thumb; set GUNICORN_WORKERS where the container's CPU
# quota is smaller than the host's core count.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Sync workers, gunicorn's default: one request at a time each, the connection
# closed after it. The API's requests are CPU-bound (milliseconds of Python for a
# fraction of a millisecond of waiting on PostgreSQL), which is what sync workers
# are made for: measured with `python -m benchmarks.run` on an idle machine, they
# served more requests per second than threaded workers with keep-alive, and
# uvicorn's (README.md, Benchmark). As gunicorn's documentation asks of them, a
# proxy in front reads a slow client's request whole before passing it on
# (ingress-nginx, in front of the Kubernetes manifests, does by default).
worker_class = "sync"
# Seconds a worker may spend on one request before it is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# A worker is replaced after this many requests (plus jitter), so a slow leak
# can never take the service down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# The proxy in front sets X-Forwarded-*: trust it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No gunicornc control socket: it lives in $HOME, which the image's user lacks;
# restart or scale the container instead.
control_socket_disable = True

# Access and error logs as JSON lines on stdout, like Django's (see LOGGING in
# config/settings/base.py): one access line per request, with the X-Request-ID
# its response carries (config/access_log.py).
accesslog = "-"
logger_class = "config.access_log.AccessLogger"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "propagate": True},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


# Prometheus: each worker writes its metrics to files in this folder and
# /metrics adds them up, whichever worker answers. Under /tmp, the one writable
# folder of a read-only container. Set here, before the workers start, so that
# they inherit it.
PROMETHEUS_DIR = Path(
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR", str(Path(tempfile.gettempdir()) / "prometheus")
    )
)


def on_starting(server):
    """Counting starts from zero: remove a previous run's metric files."""
    PROMETHEUS_DIR.mkdir(parents=True, exist_ok=True)
    for metric_file in PROMETHEUS_DIR.glob("*.db"):
        metric_file.unlink()


def child_exit(server, worker):
    """A worker's live gauges leave with it; its counters stay in the sums."""
    # Imported once PROMETHEUS_MULTIPROC_DIR is set: it reads it on import.
    from prometheus_client import multiprocess  # noqa: PLC0415

    multiprocess.mark_process_dead(worker.pid)
