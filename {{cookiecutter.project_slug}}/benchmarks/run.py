"""The API under load, next to a bare Django view on the same server (the ceiling).

    python -m benchmarks.run [--requests 1000] [--concurrency 4] [--workers 2]
                             [--server sync --server gthread ...] [--rounds 5]
                             [--rows 1000000]

Starts one gunicorn per server model (gunicorn.conf.py, a fixed number of
workers) with the production settings plus one bare view, on a throwaway
database seeded with 1000 users and 1000 products: on DATABASE_URL's server, or
on an embedded PostgreSQL when it is unset. Redis is REDIS_URL (default
redis://127.0.0.1:6379/0). This process then sends a bounded number of requests
to each endpoint of each server over loopback, in two connection modes: kept
alive between requests (as browsers and API clients do) and one connection per
request. The servers take turns, in rounds, so that a change in the machine's
load falls on all of them alike. It prints req/s, p50 and p99 latency and each
endpoint's share of the ceiling's req/s; each server's req/s against the sync
workers' kept-alive figure; and, from requests sent in-process with Django's test
client, the SQL queries per request and the time Django itself takes. With
--rows, it then measures the product list's first and a deep page, a search for a
rare and a common word and a product's detail on the default server, at 1000
products and again once the table holds --rows (benchmarks/growth.py), and
prints how much each grew. The database is dropped at the end, whatever happens.
"""

import argparse
import contextlib
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

from . import growth

WARM_UP_REQUESTS = 50
# Requests timed in-process (no server) per endpoint, for where the time goes.
IN_PROCESS_REQUESTS = 50
CEILING = "ceiling (bare JsonResponse)"
# Targets: the least share of the ceiling's req/s, the most queries per request.
TARGETS = {
    # The user, the count's estimate and (under the limit) the count, the page with its authors.
    "GET /api/products/": (0.30, 4),
    "GET /api/me/": (0.50, None),
    "POST /api/refresh/": (0.20, 6),
}
# Server models: gunicorn's command-line options over gunicorn.conf.py, and the app.
SERVERS = {
    "sync": (
        "sync workers, a connection per request, the project's access log (gunicorn.conf.py)",
        (),
        "config.wsgi",
    ),
    "sync-gunicorn-log": (
        "sync, gunicorn's own access log (this project's server before)",
        ("--logger-class=gunicorn.glogging.Logger",),
        "config.wsgi",
    ),
    "sync-no-log": (
        "sync, no access log",
        ("--logger-class=benchmarks.access_logs.NoAccessLogger",),
        "config.wsgi",
    ),
    "gthread": (
        "gthread workers, 2 threads, keep-alive",
        ("--worker-class=gthread", "--threads=2"),
        "config.wsgi",
    ),
    "gthread-4": (
        "gthread workers, 4 threads",
        ("--worker-class=gthread", "--threads=4"),
        "config.wsgi",
    ),
    "uvicorn": (
        "uvicorn workers on Django's ASGI handler",
        ("--worker-class=uvicorn_worker.UvicornWorker",),
        "config.asgi",
    ),
}
DEFAULT_SERVER = "sync"
# The figure the others are compared with: the server as this project ran it before.
BASELINE = ("sync-gunicorn-log", "keep-alive")
MODES = ("keep-alive", "per-request")
# The targets against the baseline's kept-alive req/s, for the default server.
SPEEDUP_TARGETS = {"GET /api/products/": 1.5, CEILING: 1.4}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=1000, help="measured, per endpoint, server and mode"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="connections at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument(
        "--server",
        action="append",
        choices=SERVERS,
        help=f"a server model to measure (repeat it for more; default: all, {BASELINE[0]} first)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="turns each server takes")
    parser.add_argument(
        "--rows",
        type=int,
        help="products to grow the table to, for the list, search and detail (over 1000)",
    )
    args = parser.parse_args(argv)
    if args.requests < args.rounds or args.rounds < 1:
        parser.error("--rounds must be at least 1 and at most --requests")
    args.server = list(dict.fromkeys(args.server or [BASELINE[0], *SERVERS]))
    return args


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
            # The access token made at the start lasts the whole run (--rows makes it long).
            JWT_ACCESS_TOKEN_LIFETIME_MINUTES="600",  # noqa: S106 - minutes, no secret
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

    if args.rows is not None and args.rows <= data.SEED_ROWS:
        sys.exit(f"--rows must be more than the {data.SEED_ROWS} products seeded")
    call_command("migrate", verbosity=0)
    user = data.seed()
    authorized = {"Authorization": data.bearer(user)}
    runs = len(args.server) * len(MODES)
    refreshes = iter(
        data.refresh_bodies(
            user, 2 + IN_PROCESS_REQUESTS + runs * (WARM_UP_REQUESTS + args.requests)
        )
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
    print(f"Servers: gunicorn, {args.workers} workers each, production settings:")
    for name in args.server:
        print(f"  {name:<18} {SERVERS[name][0]}")
    print(
        f"Load: this process over loopback, {args.concurrency} connections at once,"
        f" {args.requests} requests per endpoint, server and mode after {WARM_UP_REQUESTS}"
        f" to warm up, in {args.rounds} rounds\n"
    )

    # Every request's bytes, made before any is sent: [server][mode][endpoint].
    requests = {
        (name, mode, label): [
            http_request(method, path, headers, data.encode(body), keep_alive=mode == MODES[0])
            for body in itertools.islice(bodies, WARM_UP_REQUESTS + args.requests)
        ]
        for name in args.server
        for mode in MODES
        for label, (method, path, headers, bodies) in endpoints.items()
    }
    with contextlib.ExitStack() as servers:
        addresses = {}
        for name in args.server:
            _, options, app = SERVERS[name]
            url = urlsplit(
                servers.enter_context(
                    gunicorn(workers=args.workers, env={}, app=app, options=options)
                )
            )
            addresses[name] = (url.hostname, url.port)
        for (name, _, _), sent in requests.items():
            load(addresses[name], sent[:WARM_UP_REQUESTS], args.concurrency)
        measured = {key: (0.0, [], []) for key in requests}
        for turn in range(args.rounds):
            for key, sent in requests.items():
                share = sent[WARM_UP_REQUESTS:][turn :: args.rounds]
                seconds, latencies, errors = load(addresses[key[0]], share, args.concurrency)
                before = measured[key]
                measured[key] = (before[0] + seconds, before[1] + latencies, before[2] + errors)
        status = report(measured, in_process, args.server)
        if args.rows is not None:
            judged = DEFAULT_SERVER if DEFAULT_SERVER in args.server else args.server[0]
            grown = measure_growth(addresses[judged], args, authorized, data.SEED_ROWS)
            status = max(status, report_growth(grown, judged, args))
    return status


def measure_growth(address, args, headers, seeded):
    """Latencies of each growth request at `seeded` products, then at --rows:
    {rows: [(label, path, judged, latencies, errors)]}."""
    product_id = apps.get_model("products", "Product").objects.order_by("pk")[seeded // 2].pk
    grown = {}
    for rows in (seeded, args.rows):
        if rows == seeded:
            growth.analyze()
        else:
            seconds = growth.grow(seeded, rows)
            print(f"\nGrew the table to {rows} products in {seconds:.1f} s")
        grown[rows] = []
        for label, path, judged in growth.requests(rows, product_id):
            sent = [
                http_request("GET", path, headers, "", keep_alive=True)
                for _ in range(WARM_UP_REQUESTS + args.requests)
            ]
            load(address, sent[:WARM_UP_REQUESTS], args.concurrency)
            _, latencies, errors = load(address, sent[WARM_UP_REQUESTS:], args.concurrency)
            grown[rows].append((label, path, judged, latencies, errors))
    return grown


def report_growth(grown, server, args):
    """Prints p50 and p99 at both sizes and their ratios; returns 1 if any response
    was not a 200."""
    small, large = grown
    print(
        f"\nAs the table grows: {server}, keep-alive, {args.concurrency} connections at once,"
        f" {args.requests} requests each after {WARM_UP_REQUESTS} to warm up"
    )
    print(
        f"{'':<34} {f'{small} products':>17} {f'{large} products':>17}\n"
        f"{'request':<34} {'p50 ms':>8} {'p99 ms':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'p50 x':>6} {'p99 x':>6}  target"
    )
    status = 0
    for before, after in zip(grown[small], grown[large], strict=True):
        label, _, judged, *_ = before
        (p50, p99), (p50_large, p99_large) = (
            percentiles(latencies) for *_, latencies, _ in (before, after)
        )
        growth_x = p50_large / p50
        target = f"p50 x <= {growth.MOST_GROWTH}: " if judged else ""
        if judged:
            target += "met" if growth_x <= growth.MOST_GROWTH else "MISSED"
        print(
            f"{label:<34} {p50:>8.2f} {p99:>8.2f} {p50_large:>8.2f} {p99_large:>8.2f}"
            f" {growth_x:>5.2f}x {p99_large / p99:>5.2f}x  {target}".rstrip()
        )
        for rows, (*_, errors) in ((small, before), (large, after)):
            if errors:
                print(f"  {len(errors)} responses at {rows} were not 200: {sorted(set(errors))}")
                status = 1
    for (label, path, *_), (_, path_large, *_) in zip(grown[small], grown[large], strict=True):
        if path != path_large:
            print(f"{label}: {path} at {small} products, {path_large} at {large}")
    return status


def percentiles(latencies):
    """p50 and p99 in milliseconds."""
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def http_request(method, path, headers, body, *, keep_alive):
    """One HTTP/1.1 request's bytes: HTTP/1.1 keeps the connection open unless told."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if not keep_alive:
        lines.append("Connection: close")
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body.encode())}"]
    return "\r\n".join([*lines, "", body]).encode()


def load(address, requests, concurrency):
    """Sends `requests` over `concurrency` connections at once.

    Each connection sends its requests one after another, and stays open between
    them unless the request or the response says `Connection: close`. Returns
    (seconds taken, each request's latency in seconds, statuses other than 200).
    """
    pending = iter(requests)
    take = threading.Lock()
    latencies, errors = [], []

    def client():
        connection = Connection(address)
        try:
            while True:
                with take:
                    request = next(pending, None)
                if request is None:
                    return
                started = time.perf_counter()
                status = connection.send(request)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    errors.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors


class Connection:
    """A client connection, opened when a request needs one and closed when the
    response says so. Reads exactly one response per request (Content-Length)."""

    def __init__(self, address):
        self.address = address
        self.socket = None

    def send(self, request):
        """Sends one request; returns the response's status code."""
        if self.socket is None:
            self.socket = socket.create_connection(self.address, timeout=30)
        self.socket.sendall(request)
        received = b""
        while b"\r\n\r\n" not in received:
            received += self.receive()
        head, _, body = received.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in header_lines)
        length = int(headers["content-length"])
        while len(body) < length:
            body += self.receive()
        if headers.get("connection") == "close" or b"Connection: close" in request:
            self.close()
        return int(status_line.split(" ", 2)[1])

    def receive(self):
        chunk = self.socket.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection in a response")
        return chunk

    def close(self):
        if self.socket is not None:
            self.socket.close()
            self.socket = None


def report(measured, in_process, servers):
    """Prints one line per server, mode and endpoint, then each server against the
    baseline; returns 1 if any response was not a 200."""
    rates = {key: len(latencies) / seconds for key, (seconds, latencies, _) in measured.items()}
    print(
        f"{'server':<18} {'mode':<11} {'endpoint':<28} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'of ceiling':>10}"
    )
    status = 0
    for (name, mode, label), (_, latencies, errors) in measured.items():
        rate = rates[name, mode, label]
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        print(
            f"{name:<18} {mode:<11} {label:<28} {rate:>8.1f} {cuts[49] * 1000:>7.2f}"
            f" {cuts[98] * 1000:>7.2f} {rate / rates[name, mode, CEILING] * 100:>9.0f}%"
        )
        if errors:
            print(f"  {len(errors)} responses were not 200: {sorted(set(errors))}")
            status = 1

    labels = list(in_process)
    if BASELINE[0] in servers:
        print(f"\nreq/s against {BASELINE[0]} with keep-alive (x):")
        print(f"{'server':<18} {'mode':<11} " + " ".join(f"{label:>28}" for label in labels))
        for name in servers:
            for mode in MODES:
                ratios = [rates[name, mode, label] / rates[(*BASELINE, label)] for label in labels]
                print(f"{name:<18} {mode:<11} " + " ".join(f"{ratio:>27.2f}x" for ratio in ratios))

    judged = DEFAULT_SERVER if DEFAULT_SERVER in servers else servers[0]
    print(f"\n{'endpoint':<28} {'queries':>7} {'in-process ms':>13}  target ({judged}, keep-alive)")
    for label in labels:
        queries, milliseconds = in_process[label]
        share = rates[judged, MODES[0], label] / rates[judged, MODES[0], CEILING]
        print(f"{label:<28} {queries:>7} {milliseconds:>13.2f}  {verdict(label, share, queries)}")
    if BASELINE[0] in servers:
        for label, least in SPEEDUP_TARGETS.items():
            speedup = rates[judged, MODES[0], label] / rates[(*BASELINE, label)]
            print(
                f"{label} on {judged} against {BASELINE[0]}: {speedup:.2f}x,"
                f" target >= {least}x: {'met' if speedup >= least else 'MISSED'}"
            )
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
