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
# Threaded workers that keep connections open between requests. Measured with
# `python -m benchmarks.run` (README.md, Benchmark), they served more requests
# per second than sync workers, which close every connection, on a machine busy
# with other work, and fewer on the same machine idle; uvicorn's far fewer.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Seconds an idle client connection stays open for its next request. Behind a
# load balancer, keep it above the balancer's own idle timeout.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
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
# config/settings/base.py). Access records go through a queue to a writer
# thread in each worker (config/access_log.py), so no request waits on stdout:
# one line per request, with the X-Request-ID its response carries.
accesslog = "-"
logger_class = "config.access_log.QueuedAccessLogger"
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
        # A handler of its own, which the writer thread serves.
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


def post_worker_init(worker):
    worker.log.start_access_writer()


def worker_exit(server, worker):
    """Writes out the access records still queued."""
    worker.log.stop_access_writer()


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
