"""The template bakes in every option combination into a clean, lint-free project."""

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

from .conftest import PYTHON_VERSIONS, TEMPLATE_DIR, bake_cli

COMBINATIONS = list(itertools.product(PYTHON_VERSIONS, [True, False], [True, False]))
LEFTOVER_JINJA = re.compile(r"\{\{\s*cookiecutter|\{%|%\}|\{#")


def project_files(project):
    return [path for path in project.rglob("*") if path.is_file()]


def env_values(project):
    lines = (project / ".env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def run_ruff(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "."],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_default_answers_bake_a_project_named_after_the_slug(bake):
    project = bake()

    assert project.name == "my_api"
    assert (project / "my_api" / "users" / "models.py").is_file()
    assert (project / "config" / "settings" / "production.py").is_file()
    assert (project / "manage.py").is_file()


@pytest.mark.parametrize(
    ("project_name", "slug"),
    [
        ("Order Tracking-Service", "order_tracking_service"),
        # Accents are transliterated and punctuation dropped: still an identifier.
        ("Café Inventory API v2.0", "cafe_inventory_api_v2_0"),
    ],
)
def test_the_slug_is_derived_from_the_project_name(bake, project_name, slug):
    project = bake(project_name=project_name)

    assert project.name == slug
    assert (project / slug / "__init__.py").is_file()


@pytest.mark.parametrize(("python_version", "use_docker", "use_github_actions"), COMBINATIONS)
def test_every_option_combination_bakes_without_template_leftovers_and_is_ruff_clean(
    bake, python_version, use_docker, use_github_actions
):
    project = bake(
        python_version=python_version,
        use_docker=use_docker,
        use_github_actions=use_github_actions,
    )

    leftovers = [
        str(path.relative_to(project))
        for path in project_files(project)
        if LEFTOVER_JINJA.search(path.read_text(errors="ignore"))
    ]
    check = run_ruff(project, "check", "--no-cache")
    fmt = run_ruff(project, "format", "--check", "--no-cache")

    assert leftovers == []
    assert f'requires-python = ">={python_version}"' in (project / "pyproject.toml").read_text()
    assert check.returncode == 0, check.stdout + check.stderr
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.parametrize(
    "answers",
    [
        {"project_name": "A Much Longer Project Name For Formatting Checks"},
        {"timezone": "America/Argentina/Buenos_Aires", "login_throttle_rate": "1000/second"},
        {"access_token_lifetime_minutes": 1440, "refresh_token_lifetime_days": 365},
        {"version": "1.0.0rc1"},
        # The longest name and slug the hook accepts, and a long description.
        {
            "project_name": (
                "Warehouse Inventory and Order Tracking Service of the Northern Distribution Dept"
            ),
            "project_slug": "warehouse_inventory_and_order_tracking_service_abc",
            "description": "An inventory and order tracking service for the warehouse. " * 4,
        },
        # Beyond ASCII, emoji included, and an apostrophe: the pre-gen hook accepts them.
        {"author_name": "Zoë O'Brien", "description": "Tea, coffee ☕ and cake 🍰"},
    ],
)
def test_unusual_valid_answers_stay_ruff_clean(bake, answers):
    project = bake(**answers)

    check = run_ruff(project, "check", "--no-cache")
    fmt = run_ruff(project, "format", "--check", "--no-cache")

    assert check.returncode == 0, check.stdout + check.stderr
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_answers_reach_the_settings(bake):
    project = bake(
        timezone="Europe/Paris",
        login_throttle_rate="7/hour",
        access_token_lifetime_minutes=30,
        refresh_token_lifetime_days=2,
        require_verified_email=True,
    )

    base = (project / "config" / "settings" / "base.py").read_text()
    assert 'TIME_ZONE = "Europe/Paris"' in base
    assert 'default="7/hour"' in base
    assert "default=30," in base
    assert "default=2," in base
    assert '"REQUIRE_VERIFIED_EMAIL", default=True' in base
    assert "# REQUIRE_VERIFIED_EMAIL=true\n" in (project / ".env.example").read_text()
    configmap = project / "deploy" / "kubernetes" / "base" / "configmap.yaml"
    assert '  REQUIRE_VERIFIED_EMAIL: "true"\n' in configmap.read_text()


def test_use_docker_no_removes_every_docker_file(bake):
    project = bake(use_docker=False)

    for name in ["Dockerfile", "docker-compose.yml", ".dockerignore", "docker"]:
        assert not (project / name).exists(), name
    assert "docker compose" not in (project / "README.md").read_text()


def test_use_github_actions_no_removes_the_workflows(bake):
    project = bake(use_github_actions=False)

    assert not (project / ".github").exists()


def test_use_sentry_no_removes_sentry_its_requirement_and_its_settings_keys(bake):
    project = bake(use_sentry=False)

    assert not (project / "config" / "sentry.py").exists()
    assert not (project / "tests" / "test_sentry.py").exists()
    assert not (project / "requirements" / "without-sentry").exists()
    assert not (project / "config" / "settings" / "without-sentry").exists()
    # Not a word of it, settings included: only the record of the answers names it.
    mentions = [
        str(path.relative_to(project))
        for path in project.rglob("*")
        if path.is_file()
        and path.name != ".cruft.json"
        and "sentry" in path.read_text(errors="ignore").lower()
    ]
    assert mentions == []
    check = run_ruff(project, "check", "--no-cache")
    assert check.returncode == 0, check.stdout + check.stderr


def test_use_sentry_yes_keeps_sentry_and_one_set_of_requirements(bake):
    project = bake()

    assert (project / "config" / "sentry.py").is_file()
    assert not (project / "requirements" / "without-sentry").exists()
    assert not (project / "config" / "settings" / "without-sentry").exists()
    assert "init_sentry(" in (project / "config" / "settings" / "production.py").read_text()
    assert "sentry-sdk==" in (project / "requirements" / "production.txt").read_text()
    assert "SENTRY_DSN" in (project / ".env.example").read_text()


def test_booleans_accept_yes_and_no_on_the_command_line(tmp_path):
    result = bake_cli(tmp_path, "use_docker=no", "use_github_actions=yes")

    assert result.returncode == 0, result.stderr
    project = tmp_path / "my_api"
    assert not (project / "Dockerfile").exists()
    assert (project / ".github").is_dir()


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS)
def test_the_next_steps_printed_after_a_bake_match_the_projects_readme(tmp_path, python_version):
    result = bake_cli(tmp_path, f"python_version={python_version}")

    assert result.returncode == 0, result.stderr
    readme = (tmp_path / "my_api" / "README.md").read_text()
    venv = f"python{python_version} -m venv .venv"
    assert f"  {venv}\n  .venv/bin/pip install -r requirements/local.txt\n" in result.stdout
    assert f"{venv} && .venv/bin/pip install -r requirements/local.txt" in readme


def test_two_bakes_never_share_a_secret(bake):
    first = env_values(bake())
    second = env_values(bake())

    assert first["DJANGO_SECRET_KEY"] != second["DJANGO_SECRET_KEY"]
    assert first["POSTGRES_PASSWORD"] != second["POSTGRES_PASSWORD"]
    assert len(first["DJANGO_SECRET_KEY"]) >= 50
    assert len(first["POSTGRES_PASSWORD"]) >= 32


def test_secrets_live_only_in_the_env_file(bake):
    project = bake()
    secrets = env_values(project)

    for path in project_files(project):
        if path.name == ".env":
            continue
        text = path.read_text(errors="ignore")
        assert secrets["DJANGO_SECRET_KEY"] not in text, path
        assert secrets["POSTGRES_PASSWORD"] not in text, path
    assert (project / ".env").stat().st_mode & 0o077 == 0


def test_env_example_lists_every_key_of_env_without_values(bake):
    project = bake()
    example = (project / ".env.example").read_text()

    for key in env_values(project):
        assert re.search(rf"^{key}=", example, re.MULTILINE), key
    assert "<a-long-random-string>" in example


def test_env_file_and_local_database_are_git_ignored(bake):
    project = bake()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".pgdata").mkdir()
    (project / ".pgdata" / "PG_VERSION").write_text("18\n")

    ignored = subprocess.run(
        ["git", "check-ignore", ".env", ".pgdata/PG_VERSION"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    not_ignored = subprocess.run(["git", "check-ignore", ".env.example"], cwd=project, check=False)

    assert ignored.stdout.split() == [".env", ".pgdata/PG_VERSION"]
    assert not_ignored.returncode == 1


def snapshot(project):
    return {str(path.relative_to(project)): path.read_bytes() for path in project_files(project)}


@pytest.mark.parametrize("use_docker", [True, False])
def test_running_the_hooks_again_changes_nothing(cookies, use_docker):
    first = cookies.bake(extra_context={"use_docker": use_docker})
    project = Path(first.project_path)
    before = snapshot(project)

    # What `cruft update` does: render the same answers over the existing folder.
    cookiecutter(
        str(TEMPLATE_DIR),
        no_input=True,
        extra_context={"use_docker": use_docker},
        output_dir=str(project.parent),
        overwrite_if_exists=True,
    )

    assert snapshot(project) == before


def test_the_bake_benchmark_prints_both_medians_and_their_ratio():
    result = subprocess.run(
        [sys.executable, str(TEMPLATE_DIR / "scripts" / "bench_bake.py"), "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
    )

    assert re.search(r"this template, median:\s+\d+ ms", result.stdout), result.stdout
    assert re.search(r"one-file template:\s+\d+ ms", result.stdout), result.stdout
    assert re.search(r"ratio:\s+\d+\.\d\d \(goal <= 1\.50\)", result.stdout), result.stdout
    assert re.search(r"CPU time, medians:\s+\d+ ms / \d+ ms, ratio \d+\.\d\d", result.stdout)
