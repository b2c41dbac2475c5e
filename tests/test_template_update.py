"""A baked project pulls later template changes with cruft, keeping its own edits.

Each test copies the template into a throwaway git repository, bakes from its
first commit, lets the project diverge, commits a change to the template and
runs `cruft update`: the template's change arrives as a three-way merge, the
project's own edits stay, `.env` and its secrets are untouched, and files the
hooks removed for a switched-off option do not come back.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.extensions import cruft_state

from .conftest import TEMPLATE_DIR

SLUG_DIR = "{{cookiecutter.project_slug}}"
NOT_TEMPLATE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "*.pyc"
)
PROJECT_EDIT = "\n## Our runbook\n\nPage the on-call engineer before running migrations.\n"
TEMPLATE_README_LINE = "Generated from the team's API template; `cruft update` pulls its fixes."


def run(cwd, *command, env=None):
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )


def git(cwd, *args):
    result = run(
        cwd, "git", "-c", "user.name=Template Test", "-c", "user.email=test@example.com", *args
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def isolated_env(tmp_path):
    """Cookiecutter's clones and replays go to the test's folder, not ~/."""
    config = tmp_path / "cookiecutterrc.yaml"
    config.write_text(
        f"cookiecutters_dir: {tmp_path / 'cookiecutters'}\nreplay_dir: {tmp_path / 'replay'}\n"
    )
    return {**os.environ, "COOKIECUTTER_CONFIG": str(config)}


@pytest.fixture
def template_repo(tmp_path):
    """A copy of the template in a new git repository with one commit."""
    repo = tmp_path / "api-template"
    shutil.copytree(TEMPLATE_DIR, repo, ignore=NOT_TEMPLATE)
    git(repo, "init", "--quiet")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Template, first version")
    return repo


def cruft(cwd, env, *args):
    return run(cwd, sys.executable, "-m", "cruft", *args, env=env)


def commit_project(project, message):
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", message)


def change_the_template(repo):
    """A second template commit: README and gunicorn.conf.py change, and the Dockerfile."""
    readme = repo / SLUG_DIR / "README.md"
    lines = readme.read_text().splitlines(keepends=True)
    readme.write_text("".join([*lines[:3], TEMPLATE_README_LINE + "\n\n", *lines[3:]]))
    gunicorn = repo / SLUG_DIR / "gunicorn.conf.py"
    gunicorn.write_text(
        gunicorn.read_text().replace('"GUNICORN_TIMEOUT", "30"', '"GUNICORN_TIMEOUT", "45"')
    )
    dockerfile = repo / SLUG_DIR / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + "LABEL org.opencontainers.image.vendor=team\n")
    git(repo, "commit", "--quiet", "--all", "--message", "Template, second version")
    return git(repo, "rev-parse", "HEAD")


def diverge_and_update(project, repo, env):
    """The project commits its own edit, the template moves on, cruft updates."""
    git(project, "init", "--quiet")
    commit_project(project, "Generated project")
    readme = project / "README.md"
    readme.write_text(readme.read_text() + PROJECT_EDIT)
    commit_project(project, "Our runbook")
    env_before = (project / ".env").read_bytes()

    second_commit = change_the_template(repo)
    before = cruft(project, env, "check")
    update = cruft(project, env, "update", "--skip-apply-ask")
    after = cruft(project, env, "check")
    return second_commit, env_before, before, update, after


def assert_updated(project, second_commit, env_before, before, update, after):
    assert before.returncode != 0, before.stdout
    assert "out of date" in before.stdout
    assert update.returncode == 0, update.stdout + update.stderr
    assert after.returncode == 0, after.stdout + after.stderr

    readme = (project / "README.md").read_text()
    assert TEMPLATE_README_LINE in readme
    assert readme.endswith(PROJECT_EDIT)
    assert '"GUNICORN_TIMEOUT", "45"' in (project / "gunicorn.conf.py").read_text()
    # use_docker=no: the hooks removed the Dockerfile in both renders, so no diff revives it.
    assert not (project / "Dockerfile").exists()
    assert (project / ".env").read_bytes() == env_before
    assert json.loads((project / ".cruft.json").read_text())["commit"] == second_commit
    assert git(project, "diff", "--name-only", "HEAD").split() == [
        ".cruft.json",
        "README.md",
        "gunicorn.conf.py",
    ]
    assert git(project, "ls-files", "--others", "--exclude-standard") == ""
    assert list(project.rglob("*.rej")) == []


def test_cruft_create_then_update_brings_template_changes_and_keeps_project_edits(
    template_repo, isolated_env, tmp_path
):
    created = cruft(
        tmp_path,
        isolated_env,
        "create",
        "--no-input",
        "--output-dir",
        str(tmp_path / "projects"),
        "--extra-context",
        json.dumps({"use_docker": False}),
        str(template_repo),
    )
    assert created.returncode == 0, created.stdout + created.stderr
    project = tmp_path / "projects" / "my_api"
    first_commit = git(template_repo, "rev-parse", "HEAD")
    assert json.loads((project / ".cruft.json").read_text())["commit"] == first_commit

    results = diverge_and_update(project, template_repo, isolated_env)

    assert_updated(project, *results)


def cookiecutter_bake(tmp_path, env, *args):
    """A plain `cookiecutter --no-input` bake into tmp_path/projects; its project."""
    baked = run(
        tmp_path,
        sys.executable,
        "-m",
        "cookiecutter",
        "--no-input",
        "--output-dir",
        str(tmp_path / "projects"),
        *args,
        env=env,
    )
    assert baked.returncode == 0, baked.stdout + baked.stderr
    return tmp_path / "projects" / "my_api"


def test_a_plain_cookiecutter_bake_at_a_commit_records_it_for_cruft(
    template_repo, isolated_env, tmp_path
):
    first_commit = git(template_repo, "rev-parse", "HEAD")
    project = cookiecutter_bake(
        tmp_path,
        isolated_env,
        "--checkout",
        first_commit,
        # The git+ prefix tells cookiecutter to clone this URL with git.
        f"git+file://{template_repo}",
        "use_docker=no",
    )
    state = json.loads((project / ".cruft.json").read_text())
    assert state["template"] == f"file://{template_repo}"
    assert state["commit"] == first_commit
    assert state["context"]["cookiecutter"]["use_docker"] is False
    assert not any(key in state["context"]["cookiecutter"] for key in ["_output_dir", "_repo_dir"])

    results = diverge_and_update(project, template_repo, isolated_env)

    assert_updated(project, *results)


def test_a_plain_cookiecutter_bake_from_a_clone_records_its_head_for_cruft(
    template_repo, isolated_env, tmp_path
):
    first_commit = git(template_repo, "rev-parse", "HEAD")
    project = cookiecutter_bake(tmp_path, isolated_env, str(template_repo))
    state = json.loads((project / ".cruft.json").read_text())

    assert state["template"] == str(template_repo)
    assert state["commit"] == first_commit


def test_project_pyproject_tells_cruft_to_skip_the_secrets(cookies_session):
    result = cookies_session.bake()
    pyproject = (Path(result.project_path) / "pyproject.toml").read_text()

    assert "[tool.cruft]\n# `cruft update` never touches these" in pyproject
    assert 'skip = [".env", ".cruft.json"]' in pyproject


@pytest.mark.parametrize(
    ("template", "location"),
    [
        ("gh:acme/api-template", "https://github.com/acme/api-template.git"),
        ("gl:acme/api-template", "https://gitlab.com/acme/api-template.git"),
        ("bb:acme/api-template", "https://bitbucket.org/acme/api-template"),
        ("git+https://git.example.com/api.git", "https://git.example.com/api.git"),
        ("https://github.com/acme/api-template.git", "https://github.com/acme/api-template.git"),
        ("/srv/templates/api", "/srv/templates/api"),
    ],
)
def test_cruft_state_spells_out_where_the_template_can_be_fetched_again(template, location):
    state = cruft_state({"_template": template, "_commit": "abc123", "project_name": "My API"})

    assert state["template"] == location
    assert state["commit"] == "abc123"
    assert state["context"]["cookiecutter"] == {
        "_template": location,
        "project_name": "My API",
        "_commit": "abc123",
    }
