"""A baked project installs its pinned requirements and passes its own suite at 100% coverage.

Run for the default answers on the embedded PostgreSQL and on a PostgreSQL
server, and once for each `python_version` with that interpreter.
"""

import re

import pytest

from .conftest import (
    PYTHON_VERSIONS,
    SERVER_DATABASE_URL,
    project_venv,
    python_for,
    require_service,
    run_in_project,
)

pytestmark = pytest.mark.slow

COVERAGE_REACHED = "Required test coverage of 100.0% reached"


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


def test_default_bake_passes_its_suite_on_a_postgresql_server(default_project, default_venv):
    require_service("PostgreSQL", SERVER_DATABASE_URL)

    result = run_in_project(
        default_project,
        default_venv,
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        env={"DATABASE_URL": SERVER_DATABASE_URL},
    )

    assert_suite_passed(result)


def test_default_bake_deep_schemathesis_run_fuzzes_every_operation(default_project, default_venv):
    """The deep run its README documents: fuzzed cases on top of the default ones."""
    result = run_in_project(
        default_project,
        default_venv,
        "pytest",
        "tests/test_schemathesis.py",
        "-q",
        "--no-cov",
        "-p",
        "no:cacheprovider",
        env={"SCHEMATHESIS_MAX_EXAMPLES": "1"},
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert re.fullmatch(r"4 passed in [\d.]+s", output.strip().splitlines()[-1]), output[-3000:]


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
    assert re.search(r"\b1 error\b", summary), summary
    assert "skipped" not in summary
