"""The product list, search and detail at 1000 products and at --rows: how they grow.

Imported once Django is set up. Names carry a common word on one product in ten
and a rare one on five products of the first thousand only, so that both
searches find rows at any size.
"""

import time

from django.apps import apps
from django.db import connection
from django.utils import timezone

COMMON, RARE = "blue", "zebra"
# The common word is on one product in this many.
COMMON_EVERY = 10
DESCRIPTION = "A product seeded by the benchmark."
# Each p50 at --rows within this many times the same request's at 1000 products.
MOST_GROWTH = 2.0
PAGE_SIZE = 20


def product_name(n):
    words = ["Product", str(n)]
    if n % COMMON_EVERY == 0:
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
    """Adds products up to `total`, each newer than the ones before (a microsecond
    apart), then VACUUM ANALYZE as autovacuum would; returns the seconds taken.

    PostgreSQL makes the rows itself (generate_series), named as product_name()
    names them past the first thousand, and the indexes the model declares (the
    trigram one above all) are built once at the end, as for any bulk load:
    faster than updating them row by row.
    """
    product_model = apps.get_model("products", "Product")
    authors = list(apps.get_model("users", "User").objects.values_list("pk", flat=True))
    table = connection.ops.quote_name(product_model._meta.db_table)
    started = time.perf_counter()
    with connection.schema_editor() as editor:
        for index in product_model._meta.indexes:
            editor.remove_index(product_model, index)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            # The author checks at the insert, not at commit: no index is built over pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"INSERT INTO {table}"  # noqa: S608 - the model's own table name
                " (name, description, price, created_by_id, created_at, updated_at)"
                " SELECT 'Product ' || n || CASE WHEN n %% %(every)s = 0 THEN %(common)s"
                " ELSE '' END, %(description)s, 9.99 + n %% 1000,"
                " (%(authors)s::bigint[])[n %% %(count)s + 1], at, at"
                " FROM generate_series(%(first)s, %(last)s) AS n,"
                " LATERAL (SELECT %(now)s + (n - %(first)s) * interval '1 microsecond') AS t(at)",
                {
                    "every": COMMON_EVERY,
                    "common": f" {COMMON.title()}",
                    "description": DESCRIPTION,
                    "authors": authors,
                    "count": len(authors),
                    "first": seeded,
                    "last": total - 1,
                    "now": timezone.now(),
                },
            )
        for index in product_model._meta.indexes:
            editor.add_index(product_model, index)
    analyze()
    return time.perf_counter() - started


def analyze():
    """Statistics for the planner, and the visibility map index-only scans need."""
    table = connection.ops.quote_name(apps.get_model("products", "Product")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
