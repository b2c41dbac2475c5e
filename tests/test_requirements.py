"""The generated project's dependencies are locked with hashes, the locks match their
inputs, and pip installs from them only what they name."""

import re
import subprocess
import sys
import venv

import pytest

from scripts.lock_requirements import COMMANDS, REQUIREMENTS, WITHOUT_SENTRY, without_sentry

from .conftest import TEMPLATE_DIR

# `name==version`, its environment marker if any, then its hashes.
LOCKED = re.compile(
    r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)(?: ;[^\\\n]*)?"
    r"((?: \\\n +--hash=sha256:[0-9a-f]{64})+)$",
    re.MULTILINE,
)
PINNED = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)$", re.MULTILINE)
SETS = [REQUIREMENTS, WITHOUT_SENTRY]


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path):
    """{name: version} of a lock, every entry of which must carry hashes."""
    text = path.read_text()
    entries = {normalized(name): version for name, version, _ in LOCKED.findall(text)}
    requirement_lines = [line for line in text.splitlines() if re.match(r"[A-Za-z0-9]", line)]
    assert len(entries) == len(requirement_lines), f"{path.name}: an entry without hashes"
    return entries


def pinned(path):
    return {normalized(name): version for name, version in PINNED.findall(path.read_text())}


@pytest.mark.parametrize("folder", SETS, ids=["default", "without-sentry"])
def test_every_input_pin_is_locked_at_its_version_with_hashes(folder):
    production = locked(folder / "production.txt")
    local = locked(folder / "local.txt")
    runtime = pinned(folder / "base.in")

    assert runtime.items() <= production.items()
    assert pinned(folder / "local.in").items() <= local.items()
    # Tests run on the versions that deploy.
    assert production.items() <= local.items()
    assert ("sentry-sdk" in production) == (folder == REQUIREMENTS)


def test_the_lock_without_sentry_differs_only_by_sentry():
    for name in ["production.in", "local.in"]:
        assert (WITHOUT_SENTRY / name).read_text() == (REQUIREMENTS / name).read_text()
    base_in = (REQUIREMENTS / "base.in").read_text()
    assert (WITHOUT_SENTRY / "base.in").read_text() == without_sentry(base_in)
    for name in ["production.txt", "local.txt"]:
        default, alone = locked(REQUIREMENTS / name), locked(WITHOUT_SENTRY / name)
        assert alone.items() <= default.items()
        assert "sentry-sdk" in set(default) - set(alone)


@pytest.mark.slow
def test_the_locks_match_their_inputs():
    """Locking the committed inputs again, from the committed locks, changes nothing."""
    result = subprocess.run(
        [sys.executable, str(TEMPLATE_DIR / "scripts" / "lock_requirements.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_relocks_with_the_scripts_commands_and_uv():
    readme = (TEMPLATE_DIR / "{{cookiecutter.project_slug}}" / "README.md").read_text()
    uv_pin = re.search(
        r"^uv==\S+$", (TEMPLATE_DIR / "tests" / "requirements.txt").read_text(), re.M
    )

    for command in COMMANDS:
        assert f"\n.venv/bin/{command.replace(' --quiet', '')}\n" in readme
    assert f".venv/bin/pip install {uv_pin.group()}\n" in readme


def tampered(lock, package):
    """`lock` with every hash of `package` replaced by another file's."""
    entry = re.search(rf"^{package}==.*?(?=^\S)", lock, re.MULTILINE | re.DOTALL).group()
    return lock.replace(entry, re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, entry))


@pytest.mark.slow
def test_plain_pip_installs_both_locks_in_a_fresh_venv_and_refuses_a_tampered_hash(tmp_path):
    """The Docker image's install (production.txt) and the README's (local.txt), with pip."""
    venv.create(tmp_path / "venv", with_pip=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    lock = (REQUIREMENTS / "production.txt").read_text()
    (tmp_path / "tampered.txt").write_text(tampered(lock, "sqlparse"))

    def pip_install(requirements):
        return subprocess.run(
            [python, "-m", "pip", "install", "--disable-pip-version-check", "-r", requirements],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    refused = pip_install(str(tmp_path / "tampered.txt"))
    installed = pip_install(str(REQUIREMENTS / "production.txt"))
    # Hash-checking mode refuses an extra a dependency asks for unless the lock
    # pins it with its extra (pytest-cov's coverage[toml]).
    installed_local = pip_install(str(REQUIREMENTS / "local.txt"))
    check = subprocess.run(
        [python, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )

    assert refused.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in refused.stderr
    assert "sqlparse" in refused.stderr
    assert installed.returncode == 0, installed.stderr[-3000:]
    assert installed_local.returncode == 0, installed_local.stderr[-3000:]
    assert check.returncode == 0, check.stdout
