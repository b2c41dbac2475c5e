"""Helpers for the production-delivery meta-tests: linters from the meta-suite's
virtualenv, and throwaway databases on the machine's PostgreSQL server."""

import json
import os
import secrets
import shutil
import socket
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from .conftest import IN_CI, TEMPLATE_DIR, run_in_project

PYTHON_VERSIONS = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())["python_version"]
# The server's maintenance database, reached as a superuser (trust auth here and in CI).
SERVER_DATABASE_URL = os.environ.get(
    "TEMPLATE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEMPLATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# The meta-suite's own virtualenv: hadolint, actionlint, shellcheck, zizmor, cruft.
TOOLS_BIN = Path(sys.executable).parent


def tool(name):
    """The path of a linter installed from tests/requirements.txt."""
    found = shutil.which(name, path=str(TOOLS_BIN)) or shutil.which(name)
    assert found, f"{name} is missing: pip install -r tests/requirements.txt"
    return found


def tools_env(**extra):
    """The environment with the meta-suite's tools first on PATH (actionlint finds shellcheck)."""
    env = dict(os.environ)
    env["PATH"] = f"{TOOLS_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def answers(url):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 5432), timeout=2):
            return True
    except OSError:
        return False


def require_services():
    """PostgreSQL and Redis on this machine: fail in CI when one is down, skip elsewhere."""
    for name, url in [("PostgreSQL", SERVER_DATABASE_URL), ("Redis", REDIS_URL)]:
        if not answers(url):
            message = f"no {name} answers at {url}"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)


@contextmanager
def fresh_database(project, venv):
    """A new, empty database on the server (its URL), dropped afterwards."""
    name = f"template_meta_{secrets.token_hex(6)}"
    statement = (
        "import psycopg, sys\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as connection:\n"
        "    connection.execute(sys.argv[2])\n"
    )

    def execute(sql):
        result = run_in_project(project, venv, "python", "-c", statement, SERVER_DATABASE_URL, sql)
        assert result.returncode == 0, result.stderr

    execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(SERVER_DATABASE_URL)._replace(path=f"/{name}"))
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url, **extra):
    """A sensible production environment: what a deployment sets."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "api.example.com",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
    }
    env.update(extra)
    return env
