"""Shared helpers for the meta-suite: bake the template, and run a baked project.

A baked project's own suite runs in a virtualenv from tests/venvs.py, cached by
Python version and by the hash of its requirements files.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .venvs import find_python, project_venv

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
PYTHON_VERSIONS = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())["python_version"]
# The machine's services (this machine kind and CI start them): the server's
# maintenance database, reached as a superuser, and Redis.
SERVER_DATABASE_URL = os.environ.get(
    "TEMPLATE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEMPLATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def require_service(name, url):
    """Something answers at `url`: otherwise fail in CI, skip elsewhere."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return
    except OSError:
        message = f"no {name} answers at {url}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def python_for(version):
    """The interpreter for a `python_version` answer: fail in CI, skip elsewhere."""
    python = find_python(version)
    if python is None:
        if IN_CI:
            pytest.fail(
                f"python{version} is needed to test python_version={version} and is missing"
            )
        pytest.skip(f"python{version} is not installed here")
    return python


def run_in_project(project, venv, *args, env=None, timeout=600):
    """Run a command of the project's venv inside the project; return the result."""
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}
    }
    full_env.update(env or {})
    command = [str(venv / "bin" / args[0]), *args[1:]]
    return subprocess.run(
        command,
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def bake_cli(output_dir, *answers):
    """`cookiecutter --no-input` as a user runs it, with answers as KEY=VALUE."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            "--no-input",
            str(TEMPLATE_DIR),
            "-o",
            str(output_dir),
            *answers,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def bake(cookies):
    """Bake the template with extra answers; fail with the hook's output if it did not."""

    def _bake(**answers):
        result = cookies.bake(extra_context=answers)
        assert result.exit_code == 0, result.exception
        assert result.exception is None
        return Path(result.project_path)

    return _bake


@pytest.fixture(scope="session")
def default_project(cookies_session):
    """One bake with the default answers, shared by the tests that only read it."""
    result = cookies_session.bake()
    assert result.exit_code == 0, result.exception
    return Path(result.project_path)


@pytest.fixture(scope="session")
def default_venv(default_project):
    return project_venv(default_project, python_for(PYTHON_VERSIONS[0]))
