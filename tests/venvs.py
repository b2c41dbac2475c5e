"""Virtualenvs for baked projects, shared by the meta-suite and scripts/bench_suite.py.

A baked project's requirements go into a virtualenv cached by Python version and
by the hash of its requirements files, so only the first run pays for an install.
uv makes those installs (about 10 s each instead of pip's 50 s on this 2-core
machine, which keeps a cold meta-suite under 5 minutes); it resolves the same
exact pins that a user's `pip install -r requirements/local.txt` installs.
"""

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from filelock import FileLock
from uv import find_uv_bin

VENV_CACHE = Path(
    os.environ.get("BAKE_VENV_CACHE", Path.home() / ".cache" / "drf-api-template" / "venvs")
)
# A venv no run has used for this long is deleted. Several of a kind stay alive
# side by side: one run bakes projects with different requirements (use_sentry=no
# drops sentry-sdk), and checkouts of other branches share the cache.
STALE_AFTER_SECONDS = 2 * 24 * 60 * 60


def interpreter_candidates(version):
    """`pythonX.Y` on PATH, then pyenv's installs (its shims may refuse a version)."""
    on_path = shutil.which(f"python{version}")
    if on_path:
        yield on_path
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    yield from sorted(pyenv_root.glob(f"versions/{version}.*/bin/python{version}"), reverse=True)


def find_python(version):
    """The path of an interpreter for a `python_version` answer, or None."""
    for candidate in interpreter_candidates(version):
        probe = subprocess.run(
            [str(candidate), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return str(candidate)
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
    return cached_venv(
        f"py{version}-{requirements_hash(project)}", python, project / "requirements" / "local.txt"
    )


def tool_venv(name, requirements, python):
    """A virtualenv for one of the meta-suite's tools whose pins clash with its own
    (checkov), built once per hash of its requirements file."""
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]
    return cached_venv(f"{name}-{digest}", python, requirements)


def cached_venv(name, python, requirements):
    """`VENV_CACHE/name` with `requirements` installed; venvs unused for long go."""
    venv = VENV_CACHE / name
    VENV_CACHE.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers may ask for the same venv at once: one builds it.
    with FileLock(f"{venv}.lock"):
        if not (venv / ".complete").exists():
            build_venv(venv, python, requirements)
            remove_stale_venvs()
        # Marks it as used, which keeps it from being deleted as stale.
        (venv / ".complete").touch()
    return venv


def remove_stale_venvs():
    """Venvs no run has used for STALE_AFTER_SECONDS (older requirements, old branches)."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for marker in VENV_CACHE.glob("*/.complete"):
        if marker.stat().st_mtime < cutoff:
            shutil.rmtree(marker.parent, ignore_errors=True)
            Path(f"{marker.parent}.lock").unlink(missing_ok=True)


def build_venv(venv, python, requirements):
    """Install the pinned `requirements` into `venv` with uv."""
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
                str(requirements),
            ],
            check=True,
        )
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise
    (venv / ".complete").write_text("ok\n")
