"""The benchmark's data and its in-process query counts. Imported once Django is set up."""

import itertools
import json
import secrets
import statistics
import time
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from .growth import DESCRIPTION, product_name

SEED_ROWS = 1000


def seed():
    """1000 users and 1000 products (each by one of them); returns a user to act as."""
    user_model, product_model = get_user_model(), apps.get_model("products", "Product")
    # One hash for all: hashing 1000 passwords would take longer than the benchmark.
    password = make_password(secrets.token_urlsafe())
    users = user_model.objects.bulk_create(
        user_model(username=f"user{n}", email=f"user{n}@example.com", password=password)
        for n in range(SEED_ROWS)
    )
    product_model.objects.bulk_create(
        product_model(
            name=product_name(n),
            description=DESCRIPTION,
            price=Decimal("9.99") + n,
            created_by=users[n % len(users)],
        )
        for n in range(SEED_ROWS)
    )
    return users[0]


def bearer(user):
    return f"Bearer {AccessToken.for_user(user)}"


def refresh_bodies(user, count):
    """Refresh tokens rotate: each refresh request needs one of its own."""
    with transaction.atomic():
        return [{"refresh": str(RefreshToken.for_user(user))} for _ in range(count)]


def encode(body):
    return "" if body is None else json.dumps(body)


def in_process(method, path, headers, bodies, repeat):
    """Requests sent through all of Django in this process, with no server or socket.

    Returns the SQL queries of one request (the second, once caches are warm) and
    the median milliseconds of `repeat` more. Exits unless each answers 200: a
    figure for an error would mean nothing.
    """
    client = Client(headers={"Host": "127.0.0.1", **headers})
    queries, milliseconds = [], []
    for body in itertools.islice(bodies, 2 + repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.generic(method, path, encode(body), "application/json")
            milliseconds.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{method} {path} answered {response.status_code}: {response.content}")
        queries.append(len(captured))
    return queries[1], statistics.median(milliseconds[2:])
