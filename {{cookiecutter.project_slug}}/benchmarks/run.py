"""The API under load, next to a bare Django view on the same server (the ceiling).

    python -m benchmarks.run [--requests 2000] [--concurrency 4] [--workers 2]

Starts gunicorn (gunicorn.conf.py, a fixed number of sync workers) with the
production settings plus one bare view, on a throwaway database seeded with 1000
users and 1000 products: on DATABASE_URL's server, or on an embedded PostgreSQL
when it is unset. Redis is REDIS_URL (default redis://127.0.0.1:6379/0). This
process then sends a bounded number of requests to each endpoint over loopback
and prints req/s, p50 and p99 latency and each endpoint's share of the ceiling's
req/s; and, from requests sent in-process with Django's test client, the SQL
queries per request and the time Django itself takes. The database is dropped at
the end, whatever happens.
"""

import argparse
import itertools
import os
import secrets
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import django
import psycopg
import redis
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from psycopg import sql

from config.embedded_postgres import start_embedded_postgres
from tests.live_server import database_url, gunicorn

WARM_UP_REQUESTS = 50
# Requests timed in-process (no server) per endpoint, for where the time goes.
IN_PROCESS_REQUESTS = 50
CEILING = "ceiling (bare JsonResponse)"
# The targets: the least share of the ceiling's req/s, the most queries per request.
TARGETS = {
    "GET /api/products/": (0.50, 3),
    "GET /api/me/": (0.60, None),
}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured, per endpoint")
    parser.add_argument("--concurrency", type=int, default=4, help="connections at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        sys.exit(f"Redis at {redis_url} is unreachable: {error}")
    server, where = database_server()
    name = f"benchmark_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        version = admin.execute("SHOW server_version").fetchone()[0]
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        os.environ.update(
            DJANGO_SETTINGS_MODULE="benchmarks.settings",
            DATABASE_URL=database_url(server, name),
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=name,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            # Plain HTTP on loopback: there is no proxy in front to end TLS.
            DJANGO_SECURE_SSL_REDIRECT="false",
            # Every refresh comes from 127.0.0.1: a rate far above the requests sent,
            # so the throttle is checked and recorded but never refuses.
            REFRESH_THROTTLE_RATE="1000000/second",
            # No worker is recycled in the middle of a measurement.
            GUNICORN_MAX_REQUESTS="0",
            # Only problems in the output (the logs go to stdout as JSON lines).
            DJANGO_LOG_LEVEL="WARNING",
        )
        print(f"Database: PostgreSQL {version} ({where}), throwaway database {name}")
        redis_at = urlsplit(redis_url)
        print(f"Cache: Redis at {redis_at.hostname}:{redis_at.port or 6379}{redis_at.path}")
        return benchmark(args)
    finally:
        if apps.ready:
            connections.close_all()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def database_server():
    """DATABASE_URL, or an embedded PostgreSQL deleted when this process exits."""
    if "DATABASE_URL" in os.environ:
        return os.environ["DATABASE_URL"], "the server at DATABASE_URL"
    data_dir = Path(tempfile.gettempdir()) / f"benchmark-pgdata-{os.getpid()}"
    return start_embedded_postgres(data_dir, keep_data=False), "embedded"


def benchmark(args):
    django.setup()
    from . import data  # noqa: PLC0415 - its imports need Django set up

    call_command("migrate", verbosity=0)
    user = data.seed()
    authorized = {"Authorization": data.bearer(user)}
    refreshes = iter(
        data.refresh_bodies(user, 2 + IN_PROCESS_REQUESTS + WARM_UP_REQUESTS + args.requests)
    )
    endpoints = {
        CEILING: ("GET", "/benchmark/ceiling/", {}, itertools.repeat(None)),
        "GET /api/products/": ("GET", "/api/products/", authorized, itertools.repeat(None)),
        "GET /api/me/": ("GET", "/api/me/", authorized, itertools.repeat(None)),
        "POST /api/refresh/": ("POST", "/api/refresh/", {}, refreshes),
    }
    in_process = {
        label: data.in_process(method, path, headers, bodies, IN_PROCESS_REQUESTS)
        for label, (method, path, headers, bodies) in endpoints.items()
    }
    print(f"Seeded: {data.SEED_ROWS} users, {data.SEED_ROWS} products")
    print(
        f"Machine: {os.cpu_count()} CPU cores (os.cpu_count()),"
        f" Python {sys.version.split()[0]}, Django {django.get_version()}"
    )
    print(f"Server: gunicorn, {args.workers} sync workers, production settings")
    print(
        f"Load: this process over loopback, {args.concurrency} connections at once,"
        f" {args.requests} requests per endpoint after {WARM_UP_REQUESTS} to warm up\n"
    )

    measured = {}
    with gunicorn(workers=args.workers, env={}) as url:
        address = (urlsplit(url).hostname, urlsplit(url).port)
        for label, (method, path, headers, bodies) in endpoints.items():
            requests = [
                http_request(method, path, headers, data.encode(body))
                for body in itertools.islice(bodies, WARM_UP_REQUESTS + args.requests)
            ]
            load(address, requests[:WARM_UP_REQUESTS], args.concurrency)
            measured[label] = load(address, requests[WARM_UP_REQUESTS:], args.concurrency)
    return report(measured, in_process)


def http_request(method, path, headers, body):
    """One HTTP/1.1 request's bytes. It closes the connection, as gunicorn's sync workers do."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body.encode())}"]
    return "\r\n".join([*lines, "", body]).encode()


def load(address, requests, concurrency):
    """Sends `requests` over `concurrency` connections at once.

    Returns (seconds taken, each request's latency in seconds, statuses other than 200).
    """
    pending = iter(requests)
    take = threading.Lock()
    latencies, errors = [], []

    def client():
        while True:
            with take:
                request = next(pending, None)
            if request is None:
                return
            started = time.perf_counter()
            status = send(address, request)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors


def send(address, request):
    """One request on a new connection; returns the response's status code."""
    with socket.create_connection(address, timeout=30) as connection:
        connection.sendall(request)
        response = b"".join(iter(lambda: connection.recv(65536), b""))
    return int(response.split(b" ", 2)[1])


def report(measured, in_process):
    """Prints one line per endpoint; returns 1 if any response was not a 200."""
    ceiling_rate = len(measured[CEILING][1]) / measured[CEILING][0]
    print(
        f"{'endpoint':<28} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'of ceiling':>10}"
        f" {'queries':>7} {'in-process ms':>13}  target"
    )
    status = 0
    for label, (seconds, latencies, errors) in measured.items():
        rate = len(latencies) / seconds
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        queries, milliseconds = in_process[label]
        print(
            f"{label:<28} {rate:>8.1f} {cuts[49] * 1000:>7.2f} {cuts[98] * 1000:>7.2f}"
            f" {rate / ceiling_rate * 100:>9.0f}% {queries:>7} {milliseconds:>13.2f}"
            f"  {verdict(label, rate / ceiling_rate, queries)}"
        )
        if errors:
            print(f"  {len(errors)} responses were not 200: {sorted(set(errors))}")
            status = 1
    print(
        "\nqueries: SQL queries per request; in-process ms: median time of the same request"
        " through Django in this process, with no server, socket or client"
    )
    return status


def verdict(label, ratio, queries):
    if label not in TARGETS:
        return ""
    least_ratio, most_queries = TARGETS[label]
    wanted = f">= {least_ratio * 100:.0f}%"
    met = ratio >= least_ratio
    if most_queries is not None:
        wanted += f" and <= {most_queries} queries"
        met = met and queries <= most_queries
    return f"{wanted}: {'met' if met else 'MISSED'}"


if __name__ == "__main__":
    sys.exit(main())
