"""Shared helpers for the meta-suite: bake the template, and run a baked project.

A baked project's own suite runs in a virtualenv cached by Python version and
by the hash of its requirements files, so only the first run pays for an install.
uv makes those installs (about 10 s each instead of pip's 50 s on this 2-core
machine, which keeps a cold meta-suite under 5 minutes); it resolves the same
exact pins that a user's `pip install -r requirements/local.txt` installs.
"""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from filelock import FileLock
from uv import find_uv_bin

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
VENV_CACHE = Path(
    os.environ.get("BAKE_VENV_CACHE", Path.home() / ".cache" / "drf-api-template" / "venvs")
)
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


def interpreter_candidates(version):
    """`pythonX.Y` on PATH, then pyenv's installs (its shims may refuse a version)."""
    on_path = shutil.which(f"python{version}")
    if on_path:
        yield on_path
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    yield from sorted(pyenv_root.glob(f"versions/{version}.*/bin/python{version}"), reverse=True)


def python_for(version):
    """The interpreter for a `python_version` answer: fail in CI, skip elsewhere."""
    for candidate in interpreter_candidates(version):
        probe = subprocess.run(
            [str(candidate), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return str(candidate)
    if IN_CI:
        pytest.fail(f"python{version} is needed to test python_version={version} and is missing")
    pytest.skip(f"python{version} is not installed here")
    return None


def requirements_hash(project):
    digest = hashlib.sha256()
    for path in sorted((project / "requirements").glob("*.txt")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def project_venv(project, python):
    """A virtualenv with the project's requirements/local.txt, built once per hash."""
    version = subprocess.check_output(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], text=True
    ).strip()
    venv = VENV_CACHE / f"py{version}-{requirements_hash(project)}"
    VENV_CACHE.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers may ask for the same venv at once: one builds it.
    with FileLock(f"{venv}.lock"):
        if not (venv / ".complete").exists():
            build_venv(venv, project, python, version)
    return venv


def build_venv(venv, project, python, version):
    """Install the project's pinned requirements into `venv` with uv."""
    # Built in place: a venv's scripts hard-code its path, so it cannot be moved.
    shutil.rmtree(venv, ignore_errors=True)
    uv = find_uv_bin()
    try:
        subprocess.run([uv, "venv", "--quiet", "--python", python, str(venv)], check=True)
        subprocess.run(
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(venv / "bin" / "python"),
                # Bytecode now, not at each run: this machine sets PYTHONDONTWRITEBYTECODE.
                "--compile-bytecode",
                "-r",
                str(project / "requirements" / "local.txt"),
            ],
            check=True,
        )
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise
    (venv / ".complete").write_text("ok\n")
    # Older requirements' venvs for this Python are never used again.
    for stale in VENV_CACHE.glob(f"py{version}-*"):
        if stale.is_dir() and stale != venv:
            shutil.rmtree(stale, ignore_errors=True)
        elif stale.suffix == ".lock" and stale.stem != venv.name:
            stale.unlink(missing_ok=True)


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
