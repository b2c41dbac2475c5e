"""GitHub Actions workflows (the generated project's CI and the template's own) and
the generated pre-commit configuration: linted, audited, and doing what they claim."""

import itertools
import json
import re

import pytest
import yaml

from .conftest import PYTHON_VERSIONS, TEMPLATE_DIR
from .tools import run_tool

TEMPLATE_WORKFLOW = TEMPLATE_DIR / ".github" / "workflows" / "template.yml"
COMBINATIONS = list(itertools.product(PYTHON_VERSIONS, [True, False]))
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def workflow_projects(cookies_session):
    """A baked project with GitHub Actions for every python_version and use_docker."""
    projects = {}
    for python_version, use_docker in COMBINATIONS:
        result = cookies_session.bake(
            extra_context={
                "python_version": python_version,
                "use_docker": use_docker,
                "use_github_actions": True,
            }
        )
        assert result.exit_code == 0, result.exception
        projects[python_version, use_docker] = result.project_path
    return projects


@pytest.fixture(scope="module")
def ci(workflow_projects):
    project = workflow_projects[PYTHON_VERSIONS[0], True]
    return yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())


def workflows_of(project):
    return sorted((project / ".github" / "workflows").glob("*.y*ml"))


def all_steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize(("python_version", "use_docker"), COMBINATIONS)
def test_rendered_workflows_pass_actionlint_and_the_workflow_schema(
    workflow_projects, python_version, use_docker
):
    project = workflow_projects[python_version, use_docker]
    workflows = [str(path) for path in workflows_of(project)]
    assert [path.rsplit("/", 1)[1] for path in workflows] == ["ci.yml"]

    # shellcheck is on PATH, so actionlint also checks every `run:` script.
    lint = run_tool("actionlint", "-no-color", *workflows, cwd=project)
    schema = run_tool(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows, cwd=project
    )

    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert schema.returncode == 0, schema.stdout + schema.stderr


@pytest.mark.parametrize(("python_version", "use_docker"), COMBINATIONS)
def test_rendered_workflows_have_no_high_severity_zizmor_finding(
    workflow_projects, python_version, use_docker
):
    project = workflow_projects[python_version, use_docker]

    audit = run_tool("zizmor", "--offline", "--format", "json", *map(str, workflows_of(project)))

    findings = json.loads(audit.stdout)
    high = [finding for finding in findings if finding["determinations"]["severity"] == "High"]
    assert high == [], audit.stdout


def test_template_workflow_passes_actionlint_zizmor_and_the_schema():
    lint = run_tool("actionlint", "-no-color", str(TEMPLATE_WORKFLOW))
    schema = run_tool(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(TEMPLATE_WORKFLOW)
    )
    audit = run_tool("zizmor", "--offline", "--format", "json", str(TEMPLATE_WORKFLOW))

    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert schema.returncode == 0, schema.stdout + schema.stderr
    assert [
        finding
        for finding in json.loads(audit.stdout)
        if finding["determinations"]["severity"] == "High"
    ] == []


def test_template_workflow_runs_the_meta_suite_with_every_offered_python():
    workflow = yaml.safe_load(TEMPLATE_WORKFLOW.read_text())
    steps = workflow["jobs"]["meta-suite"]["steps"]
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))

    assert [step["run"] for step in steps if "run" in step] == ["bash .ci/run"]
    assert sorted(setup["with"]["python-version"].split()) == sorted(PYTHON_VERSIONS)
    services = workflow["jobs"]["meta-suite"]["services"]
    assert services["postgres"]["env"] == {"POSTGRES_HOST_AUTH_METHOD": "trust"}
    assert "redis" in services


@pytest.mark.parametrize(
    "workflow_file",
    [pytest.param("generated", id="ci.yml"), pytest.param("template", id="template.yml")],
)
def test_workflows_pin_actions_to_commits_read_only_and_keep_no_credentials(
    workflow_projects, workflow_file
):
    if workflow_file == "template":
        path = TEMPLATE_WORKFLOW
    else:
        path = workflow_projects[PYTHON_VERSIONS[0], True] / ".github/workflows/ci.yml"
    workflow = yaml.safe_load(path.read_text())
    uses = [step for step in all_steps(workflow) if "uses" in step]

    assert workflow["permissions"] == {"contents": "read"}
    assert all(PINNED_ACTION.match(step["uses"]) for step in uses), uses
    checkouts = [step for step in uses if step["uses"].startswith("actions/checkout@")]
    assert checkouts
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS)
def test_ci_lints_checks_migrations_and_tests_on_the_answered_python(
    workflow_projects, python_version
):
    project = workflow_projects[python_version, True]
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    runs = [step["run"] for step in all_steps(workflow) if "run" in step]
    pythons = {
        step["with"]["python-version"]
        for step in all_steps(workflow)
        if step.get("uses", "").startswith("actions/setup-python")
    }

    assert pythons == {python_version}
    assert "ruff check --output-format=github ." in runs
    assert "ruff format --check ." in runs
    assert "python manage.py makemigrations --check --dry-run" in runs
    # pytest reads pyproject.toml's addopts: --cov with fail_under = 100.
    assert "pytest" in runs


def test_ci_tests_run_against_postgresql_and_redis_service_containers(ci):
    test_job = ci["jobs"]["test"]

    assert test_job["services"]["postgres"]["image"].startswith("postgres:")
    assert "pg_isready" in test_job["services"]["postgres"]["options"]
    assert test_job["services"]["redis"]["image"].startswith("redis:")
    assert test_job["env"]["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/postgres"
    assert test_job["env"]["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert test_job["env"]["DJANGO_SETTINGS_MODULE"] == "config.settings.test"


def compose_stack_runs(workflow):
    runs = [step["run"] for step in all_steps(workflow) if "run" in step]
    return [run for run in runs if run.startswith(("docker compose", "curl"))]


def test_template_workflow_starts_the_default_bakes_compose_stack_on_github():
    workflow = yaml.safe_load(TEMPLATE_WORKFLOW.read_text())

    assert (
        "cookiecutter --no-input . --output-dir /tmp/baked"
        in (workflow["jobs"]["docker"]["steps"][2]["run"])
    )
    assert compose_stack_runs(workflow) == [
        "docker compose up --build --detach --wait --wait-timeout 180",
        "curl --fail --silent --show-error http://127.0.0.1:8000/health/\n"
        "test \"$(curl --silent --output /dev/null --write-out '%{http_code}' "
        'http://127.0.0.1:8000/api/products/)" = 401\n',
        "docker compose logs",
        "docker compose down --volumes",
    ]


@pytest.mark.parametrize("use_docker", [True, False])
def test_ci_starts_the_compose_stack_only_when_docker_is_on(workflow_projects, use_docker):
    project = workflow_projects[PYTHON_VERSIONS[0], use_docker]
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())

    assert ("docker" in workflow["jobs"]) is use_docker
    assert bool(compose_stack_runs(workflow)) is use_docker


def test_without_github_actions_there_is_no_workflow(cookies_session):
    result = cookies_session.bake(extra_context={"use_github_actions": False})

    assert not (result.project_path / ".github").exists()
    assert "## Continuous integration" not in (result.project_path / "README.md").read_text()


def test_pre_commit_config_is_valid_and_pins_the_projects_ruff(workflow_projects):
    project = workflow_projects[PYTHON_VERSIONS[0], True]
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    repos = {repo["repo"].rsplit("/", 1)[1]: repo for repo in config["repos"]}
    ruff_pin = re.search(
        r"^ruff==(\S+)$", (project / "requirements" / "local.in").read_text(), re.MULTILINE
    )

    validation = run_tool("pre-commit", "validate-config", ".pre-commit-config.yaml", cwd=project)

    assert validation.returncode == 0, validation.stdout + validation.stderr
    assert repos["ruff-pre-commit"]["rev"] == f"v{ruff_pin.group(1)}"
    assert [hook["id"] for hook in repos["ruff-pre-commit"]["hooks"]] == [
        "ruff-check",
        "ruff-format",
    ]
    assert [hook["id"] for hook in repos["django-upgrade"]["hooks"]] == ["django-upgrade"]
    hygiene = {hook["id"] for hook in repos["pre-commit-hooks"]["hooks"]}
    assert {"end-of-file-fixer", "trailing-whitespace", "check-yaml", "detect-private-key"} <= (
        hygiene
    )
