"""The default bake under load: its concurrency tests pass and its benchmark prints
every figure, as its README runs them.

They need Redis (REDIS_URL, default 127.0.0.1:6379) and start gunicorn; the
benchmark also runs on the PostgreSQL server of TEMPLATE_TEST_DATABASE_URL.
"""

import re

import pytest

from .conftest import REDIS_URL, SERVER_DATABASE_URL, require_service, run_in_project

# One pytest-xdist worker runs these one after the other: the concurrency tests
# count throttled logins in Redis, which the benchmark's logins would disturb.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("redis")]

BENCHMARK_REQUESTS = "100"
# Enough to grow the table past its first 1000 products in a few seconds.
BENCHMARK_ROWS = "3000"
GROWTH = ("first page", "deep page", "search a rare word", "search a common word", "detail")
ENDPOINTS = (
    "ceiling (bare JsonResponse)",
    "GET /api/products/",
    "GET /api/me/",
    "POST /api/refresh/",
)
SERVERS = ("sync-gunicorn-log", "sync", "sync-no-log", "gthread", "gthread-4", "uvicorn")
MODES = ("keep-alive", "per-request")
# req/s, p50 ms, p99 ms, share of the ceiling.
FIGURES = r" +\d+\.\d +\d+\.\d\d +\d+\.\d\d +\d+%$"
# Queries per request, in-process ms.
IN_PROCESS = r" +\d+ +\d+\.\d\d"


def test_the_concurrency_tests_pass(default_project, default_venv):
    require_service("Redis", REDIS_URL)

    result = run_in_project(
        default_project,
        default_venv,
        "pytest",
        "-m",
        "concurrency",
        "--no-cov",
        "-n",
        "0",
        "-q",
        "-p",
        "no:cacheprovider",
        env={"REDIS_URL": REDIS_URL},
        timeout=300,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # Both ran and passed: none skipped for lack of Redis.
    assert re.search(r"^3 passed(, \d+ deselected)? in ", result.stdout, re.MULTILINE), output


@pytest.mark.parametrize("database", ["embedded", "server"])
def test_the_benchmark_prints_every_figure_and_drops_its_database(
    default_project, default_venv, database
):
    require_service("Redis", REDIS_URL)
    env = {"REDIS_URL": REDIS_URL}
    if database == "server":
        require_service("PostgreSQL", SERVER_DATABASE_URL)
        env["DATABASE_URL"] = SERVER_DATABASE_URL

    result = run_in_project(
        default_project,
        default_venv,
        "python",
        "-m",
        "benchmarks.run",
        "--requests",
        BENCHMARK_REQUESTS,
        "--rows",
        BENCHMARK_ROWS,
        env=env,
        timeout=300,
    )

    output = result.stdout
    assert result.returncode == 0, output + result.stderr[-6000:]
    assert re.search(r"^Machine: \d+ CPU cores", output, re.MULTILINE), output
    assert "Servers: gunicorn, 2 workers each" in output
    assert f"{BENCHMARK_REQUESTS} requests per endpoint, server and mode" in output
    for server in SERVERS:
        for mode in MODES:
            for endpoint in ENDPOINTS:
                line = rf"^{re.escape(server)} +{mode} +{re.escape(endpoint)}{FIGURES}"
                assert re.search(line, output, re.MULTILINE), output
            # Each server against the server before (sync-gunicorn-log), endpoint by endpoint.
            ratios = rf"^{re.escape(server)} +{mode}( +\d+\.\d\dx){{{len(ENDPOINTS)}}}$"
            assert re.search(ratios, output, re.MULTILINE), output
    for endpoint in ENDPOINTS:
        assert re.search(rf"^{re.escape(endpoint)}{IN_PROCESS}", output, re.MULTILINE), output
    for endpoint in ENDPOINTS[1:]:
        assert re.search(rf"^{re.escape(endpoint)} .*: (met|MISSED)$", output, re.MULTILINE)
    for endpoint in ("GET /api/products/", ENDPOINTS[0]):
        speedup = (
            rf"^{re.escape(endpoint)} on sync against sync-gunicorn-log: \d+\.\d\dx, target >= "
        )
        assert re.search(speedup + r"\d\.\dx: (met|MISSED)$", output, re.MULTILINE), output
    assert re.search(rf"^Grew the table to {BENCHMARK_ROWS} products in ", output, re.MULTILINE)
    # p50 and p99 at 1000 products and at --rows, and their ratios.
    for label in GROWTH:
        figures = r" +\d+\.\d\d" * 4 + r" +\d+\.\d\dx" * 2
        line = rf"^{re.escape(label)}.*?{figures}( +p50 x <= 2\.0: (met|MISSED))?$"
        assert re.search(line, output, re.MULTILINE), output
    if database == "server":
        name = re.search(r"throwaway database (benchmark_\w+)", output)[1]
        left = run_in_project(
            default_project,
            default_venv,
            "python",
            "-c",
            "import sys, psycopg; print(psycopg.connect(sys.argv[1]).execute("
            "'SELECT count(*) FROM pg_database WHERE datname = %s', [sys.argv[2]]).fetchone()[0])",
            SERVER_DATABASE_URL,
            name,
        )
        assert left.stdout.strip() == "0", left.stdout + left.stderr
