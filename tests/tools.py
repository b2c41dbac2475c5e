"""Helpers for the production-delivery meta-tests: linters from the meta-suite's
virtualenv, and throwaway databases on the machine's PostgreSQL server."""

import os
import secrets
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .conftest import (
    REDIS_URL,
    SERVER_DATABASE_URL,
    TEMPLATE_DIR,
    require_service,
    run_in_project,
)

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


def run_tool(*command, cwd=TEMPLATE_DIR):
    """Run one of those linters in `cwd`; the result, whatever it exits with."""
    return subprocess.run(
        [tool(command[0]), *command[1:]],
        cwd=cwd,
        env=tools_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def require_services():
    """PostgreSQL and Redis on this machine: fail in CI when one is down, skip elsewhere."""
    require_service("PostgreSQL", SERVER_DATABASE_URL)
    require_service("Redis", REDIS_URL)


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


def check_deploy(project, venv, database_url, **env):
    """`manage.py check --deploy` under production settings (and `env`), warnings
    counted as failures."""
    return run_in_project(
        project,
        venv,
        "python",
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(database_url, **env),
    )
