"""A real gunicorn on a free loopback port, for what one process cannot show.

The concurrency tests and the benchmark send requests over sockets to several
worker processes, which share only PostgreSQL and Redis, as in production.
"""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Bounds on every wait, so that a broken server fails the run instead of hanging it.
START_TIMEOUT = 30
STOP_TIMEOUT = 10


def database_url(url, name):
    """`url` pointing at the database `name` on the same server."""
    return urlsplit(url)._replace(path=f"/{name}").geturl()


@contextlib.contextmanager
def gunicorn(*, workers, env, app="config.wsgi", options=()):
    """Serves `app` with `env` added to this environment; yields the base URL.

    The listening socket is bound here and handed over by file descriptor, so no
    other process can take the port between choosing and binding it. gunicorn
    reads gunicorn.conf.py as in production; the flags override its bind and
    workers, and `options` (more command-line flags) any other setting. Output
    goes to a temporary file, shown if the server fails to start.
    """
    with socket.socket() as listener, tempfile.TemporaryFile() as log:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        host, port = listener.getsockname()
        server = subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--config=gunicorn.conf.py",
                f"--bind=fd://{listener.fileno()}",
                f"--workers={workers}",
                *options,
            ],
            cwd=PROJECT_DIR,
            env={**os.environ, **env},
            pass_fds=[listener.fileno()],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(host, port, server, log)
            yield f"http://{host}:{port}"
        finally:
            server.terminate()
            try:
                server.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until_healthy(host, port, server, log):
    """Returns once /health/ answers 200; raises with the server's output otherwise."""
    deadline = time.monotonic() + START_TIMEOUT
    while server.poll() is None and time.monotonic() < deadline:
        connection = http.client.HTTPConnection(host, port, timeout=2)
        try:
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass  # workers still booting
        finally:
            connection.close()
        time.sleep(0.1)
    log.seek(0)
    output = log.read().decode(errors="replace")
    raise RuntimeError(f"gunicorn did not become healthy at {host}:{port}:\n{output}")
