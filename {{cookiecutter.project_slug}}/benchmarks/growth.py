"""The product list, search and detail at 1000 products and at --rows: how they grow.

Imported once Django is set up. Names carry a common word on one product in ten
and a rare one on five products of the first thousand only, so that both
searches find rows at any size.
"""

import time
from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.utils import timezone
from psycopg import sql

COMMON, RARE = "blue", "zebra"
COPY_COLUMNS = ("name", "description", "price", "created_by_id", "created_at", "updated_at")
# Each p50 at --rows within this many times the same request's at 1000 products.
MOST_GROWTH = 2.0
PAGE_SIZE = 20


def product_name(n):
    words = ["Product", str(n)]
    if n % 10 == 0:
        words.append(COMMON.title())
    if n < 1000 and n % 200 == 7:
        words.append(RARE.title())
    return " ".join(words)


def requests(rows, product_id):
    """(label, path, judged against MOST_GROWTH) of each request measured at `rows` products."""
    deep = max(1, rows // PAGE_SIZE // 10)
    return [
        ("first page", "/api/products/", True),
        ("deep page (a tenth in)", f"/api/products/?page={deep}", False),
        (f"search a rare word ({RARE})", f"/api/products/?search={RARE}", True),
        (f"search a common word ({COMMON})", f"/api/products/?search={COMMON}", True),
        ("detail", f"/api/products/{product_id}/", True),
    ]


def grow(seeded, total):
    """Adds products up to `total` with PostgreSQL's COPY, each newer than the ones
    before (a microsecond apart), then VACUUM ANALYZE as autovacuum would; returns
    the seconds taken. The rare word's products end up the oldest."""
    product_model = apps.get_model("products", "Product")
    authors = list(
        apps.get_model("users", "User").objects.order_by("pk").values_list("pk", flat=True)
    )
    started = time.perf_counter()
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(product_model._meta.db_table),
        sql.SQL(", ").join(map(sql.Identifier, COPY_COLUMNS)),
    )
    now = timezone.now()
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for n in range(seeded, total):
            at = now + timedelta(microseconds=n - seeded)
            copy.write_row(
                (product_name(n), "", f"{9.99 + n % 1000:.2f}", authors[n % len(authors)], at, at)
            )
    analyze()
    return time.perf_counter() - started


def analyze():
    """Statistics for the planner, and the visibility map index-only scans need."""
    table = apps.get_model("products", "Product")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
