"""A baked project installs its pinned requirements and passes its own suite at 100% coverage.

Run for the default answers on the embedded PostgreSQL and on a PostgreSQL
server, once for each `python_version` with that interpreter, and once with
use_sentry and require_verified_email off their defaults; and timed by
scripts/bench_suite.py.
"""

import re
import subprocess
import sys

import pytest

from .conftest import (
    PYTHON_VERSIONS,
    SERVER_DATABASE_URL,
    TEMPLATE_DIR,
    project_venv,
    python_for,
    require_service,
    run_in_project,
)
from .tools import check_deploy, production_env

pytestmark = pytest.mark.slow

COVERAGE_REACHED = "Required test coverage of 100.0% reached"
# The suite's test database on the server is named after the server's database:
# runs against the same server take turns.
ON_THE_SERVER = pytest.mark.xdist_group("postgresql_server_suite")


def assert_suite_passed(result):
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert COVERAGE_REACHED in output, output[-3000:]
    summary = output.strip().splitlines()[-1]
    # Every test ran and passed: nothing failed, errored, or skipped for lack of a service.
    # (Deselected ones are the marked load tests, which run on their own.)
    assert re.fullmatch(r"\d+ passed(, \d+ deselected)? in [\d.]+s( \(\S+\))?", summary), summary


def test_default_bake_passes_its_suite_on_embedded_postgresql(default_project, default_venv):
    result = run_in_project(default_project, default_venv, "pytest", "-q", "-p", "no:cacheprovider")

    assert_suite_passed(result)


@ON_THE_SERVER
def test_default_bake_passes_its_suite_on_a_postgresql_server(default_project, default_venv):
    require_service("PostgreSQL", SERVER_DATABASE_URL)

    result = run_in_project(
        default_project,
        default_venv,
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        # The suite keeps its test databases (--reuse-db): on this shared server they
        # may come from another version of the template.
        "--create-db",
        env={"DATABASE_URL": SERVER_DATABASE_URL},
    )

    assert_suite_passed(result)


def test_default_bake_fuzz_sweep_with_fuzzed_cases_passes(default_project, default_venv):
    """The deep fuzz run its README documents: the sweep, which the default run
    leaves out, with fuzzed cases on top of its coverage-phase ones."""
    result = run_in_project(
        default_project,
        default_venv,
        "pytest",
        "-m",
        "fuzz",
        "-q",
        "--no-cov",
        "-p",
        "no:cacheprovider",
        env={"SCHEMATHESIS_MAX_EXAMPLES": "1"},
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # pytest adds the time as h:mm:ss past a minute (a loaded machine).
    summary = r"1 passed(, \d+ deselected)? in [\d.]+s( \(\d+:\d\d:\d\d\))?"
    assert re.fullmatch(summary, output.strip().splitlines()[-1]), output[-3000:]


def test_default_bake_has_no_missing_migrations(default_project, default_venv):
    result = run_in_project(
        default_project,
        default_venv,
        "python",
        "manage.py",
        "makemigrations",
        "--check",
        "--dry-run",
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS[1:])
def test_bake_for_each_python_version_passes_its_suite(cookies, python_version):
    python = python_for(python_version)
    result = cookies.bake(extra_context={"python_version": python_version})
    assert result.exit_code == 0, result.exception
    venv = project_venv(result.project_path, python)

    suite = run_in_project(result.project_path, venv, "pytest", "-q", "-p", "no:cacheprovider")

    assert_suite_passed(suite)
    assert f"python {python_version}" in suite.stdout


def test_bake_without_sentry_requiring_verified_emails_passes_its_suite_and_starts_in_production(
    cookies,
):
    """Two answers off their defaults in one bake, so that the slow suite runs once for both.

    Its requirements, suite and coverage stand without config/sentry.py and
    sentry-sdk. With require_verified_email=yes the suite's own test_config checks
    that REQUIRE_VERIFIED_EMAIL defaults to what .env.example documents (true), and
    production reads it on. Its production settings ignore a SENTRY_DSN left in the
    environment.
    """
    result = cookies.bake(extra_context={"use_sentry": False, "require_verified_email": True})
    assert result.exit_code == 0, result.exception
    project = result.project_path
    venv = project_venv(project, python_for(PYTHON_VERSIONS[0]))
    database_url = "postgres://app:secret@db.internal:5432/app"

    suite = run_in_project(project, venv, "pytest", "-q", "-p", "no:cacheprovider")
    check = check_deploy(
        project, venv, database_url, SENTRY_DSN="https://public-key@sentry.example.com/1"
    )
    required = run_in_project(
        project, venv, "python", "-c",
        "from django.conf import settings; print(settings.REQUIRE_VERIFIED_EMAIL)",
        env=production_env(database_url),
    )  # fmt: skip

    assert_suite_passed(suite)
    assert "# REQUIRE_VERIFIED_EMAIL=true\n" in (project / ".env.example").read_text()
    installed = run_in_project(project, venv, "python", "-c", "import sentry_sdk")
    assert "No module named 'sentry_sdk'" in installed.stderr
    assert check.returncode == 0, check.stdout + check.stderr
    assert required.stdout == "True\n", required.stderr


def test_default_bake_suite_fails_loudly_when_its_database_server_is_down(
    default_project, default_venv
):
    result = run_in_project(
        default_project,
        default_venv,
        "pytest",
        "-q",
        "-x",
        "-p",
        "no:cacheprovider",
        # Port 1 on loopback: nothing listens there.
        env={"CI": "true", "DATABASE_URL": "postgres://postgres@127.0.0.1:1/postgres"},
    )

    summary = (result.stdout + result.stderr).strip().splitlines()[-1]
    assert result.returncode != 0
    # Each xdist worker's first test errors before the run stops.
    assert re.fullmatch(r"\d+ errors? in .*", summary), summary


def bench_suite(*args):
    return subprocess.run(
        [sys.executable, str(TEMPLATE_DIR / "scripts" / "bench_suite.py"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@ON_THE_SERVER
def test_the_suite_benchmark_prints_each_run_and_the_median_against_the_budget():
    require_service("PostgreSQL", SERVER_DATABASE_URL)

    result = bench_suite("--runs", "1", "--database-url", SERVER_DATABASE_URL)

    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    header, run, median = result.stdout.splitlines()
    version = re.escape(PYTHON_VERSIONS[0])
    figures = r"\d+\.\d\d s \(pytest\), \d+\.\d\d s wall"
    assert re.fullmatch(
        rf"default bake, Python {version}, PostgreSQL server, \d+ CPU cores", header
    ), header
    assert re.fullmatch(rf"run 1: \d+ passed in {figures}", run)
    assert re.fullmatch(rf"median of 1: {figures} \(budget: 10 s\)", median)


def test_the_suite_benchmark_stops_with_the_output_of_a_failing_suite():
    # Port 1 on loopback: nothing listens there, so the suite errors.
    result = bench_suite("--runs", "1", "--database-url", "postgres://postgres@127.0.0.1:1/x")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("The suite failed:\n")
    assert "stopping after 1 failures" in result.stderr
    # Each xdist worker's first test errors before it stops.
    assert re.match(r"\d+ errors? in ", result.stderr.strip().splitlines()[-1])


def test_the_suite_benchmark_refuses_fewer_than_one_run():
    result = bench_suite("--runs", "0")

    assert result.returncode == 2
    assert result.stderr.endswith("error: --runs must be at least 1\n")
