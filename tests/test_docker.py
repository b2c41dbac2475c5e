"""Docker delivery: what can be proven without a Docker engine.

This machine has a Docker client but no engine and cannot pull images, so the
image is never built here. Instead: hadolint lints the rendered Dockerfile, the
compose file is validated against the Compose Specification's JSON schema, its
variables are checked against the hook-written .env, and the container's start
(entrypoint: wait for PostgreSQL, migrate when told, then gunicorn with its
HEALTHCHECK and WhiteNoise) runs outside a container against this machine's
PostgreSQL and Redis.
"""

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import yaml

from .conftest import PYTHON_VERSIONS, project_venv, python_for, run_in_project
from .tools import (
    fresh_database,
    production_env,
    require_services,
    run_tool,
    tools_env,
)

DOCKER_FILES = ["Dockerfile", "docker-compose.yml", ".dockerignore", "docker"]
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; $$ escapes.
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])[^}]*)?\}")


@pytest.fixture(scope="module")
def docker_projects(cookies_session):
    """One baked project with Docker per python_version answer."""
    projects = {}
    for version in PYTHON_VERSIONS:
        result = cookies_session.bake(extra_context={"python_version": version})
        assert result.exit_code == 0, result.exception
        projects[version] = result.project_path
    return projects


@pytest.fixture(scope="module")
def project(docker_projects):
    return docker_projects[PYTHON_VERSIONS[0]]


@pytest.fixture(scope="module")
def venv(project):
    return project_venv(project, python_for(PYTHON_VERSIONS[0]))


def dockerfile_instructions(path):
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        current += stripped.removesuffix("\\").strip() + " "
        if not stripped.endswith("\\"):
            logical.append(current.strip())
            current = ""
    return [tuple(line.split(" ", 1)) for line in logical]


def env_file_keys(project):
    lines = (project / ".env").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS)
def test_rendered_dockerfile_passes_hadolint(docker_projects, python_version):
    result = run_tool("hadolint", "--no-color", "Dockerfile", cwd=docker_projects[python_version])

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("python_version", PYTHON_VERSIONS)
def test_base_image_is_the_answered_python_version_in_both_stages(docker_projects, python_version):
    instructions = dockerfile_instructions(docker_projects[python_version] / "Dockerfile")

    assert ("ARG", f"PYTHON_VERSION={python_version}") in instructions
    images = [args.split()[0] for name, args in instructions if name == "FROM"]
    assert images == ["python:${PYTHON_VERSION}-slim-trixie"] * 2


def test_image_builds_wheels_apart_and_runs_slim_as_a_non_root_user(project):
    instructions = dockerfile_instructions(project / "Dockerfile")
    second_from = [i for i, (name, _) in enumerate(instructions) if name == "FROM"][1]
    first, final = instructions[:second_from], instructions[second_from:]
    final_text = " ".join(args for _, args in final)

    assert ("FROM", "python:${PYTHON_VERSION}-slim-trixie AS wheels") in first
    # Wheels only, each checked against the lock's hashes, in both stages.
    assert (
        "RUN",
        "pip wheel --require-hashes --only-binary=:all: --wheel-dir /wheels "
        "--requirement requirements/production.txt",
    ) in first
    assert (
        "pip install --no-index --find-links /wheels --require-hashes "
        "--requirement /tmp/production.txt"
    ) in final_text
    # Wheels are bind-mounted while installing, never copied into a layer.
    assert "--mount=type=bind,from=wheels,source=/wheels,target=/wheels" in final_text
    assert not any(name == "COPY" and "--from" in args for name, args in final)
    for compiler_or_cache in ["apt-get", "gcc", "build-essential", "--cache-dir"]:
        assert compiler_or_cache not in final_text
    assert "PIP_NO_CACHE_DIR=1" in final_text
    users = [args for name, args in final if name == "USER"]
    assert users == ["10001:10001"]
    assert "useradd --system --uid 10001" in final_text


def test_image_checks_health_runs_the_entrypoint_and_serves_with_gunicorn(project):
    instructions = dict(dockerfile_instructions(project / "Dockerfile"))

    assert instructions["HEALTHCHECK"].endswith('CMD ["python", "/app/docker/healthcheck.py"]')
    assert json.loads(instructions["ENTRYPOINT"]) == ["/app/docker/entrypoint.sh"]
    assert json.loads(instructions["CMD"]) == [
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "config.wsgi",
    ]
    assert "collectstatic --noinput" in " ".join(
        args for name, args in dockerfile_instructions(project / "Dockerfile") if name == "RUN"
    )
    entrypoint = project / "docker" / "entrypoint.sh"
    assert os.access(entrypoint, os.X_OK)
    assert (project / "docker" / "healthcheck.py").is_file()
    assert (project / "gunicorn.conf.py").is_file()


def test_entrypoint_passes_shellcheck(project):
    result = run_tool("shellcheck", "docker/entrypoint.sh", cwd=project)

    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerignore_keeps_secrets_git_virtualenvs_and_caches_out(project):
    patterns = {
        line.strip()
        for line in (project / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }

    assert {".env", ".git", ".venv", "venv", ".pgdata", "**/__pycache__"} <= patterns
    assert {".pytest_cache", ".ruff_cache", "staticfiles"} <= patterns


def test_compose_file_follows_the_compose_specification(project):
    result = run_tool(
        "check-jsonschema",
        "--builtin-schema",
        "vendor.compose-spec",
        "docker-compose.yml",
        cwd=project,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_web_waits_for_a_healthy_database_and_redis(project):
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    services = compose["services"]

    assert services["db"]["image"].startswith("postgres:")
    assert "postgres_data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "postgres_data" in compose["volumes"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["redis"]["image"].startswith("redis:")
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert services["web"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    web_env = services["web"]["environment"]
    assert web_env["DATABASE_URL"] == (
        "postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/${POSTGRES_DB}"
    )
    assert web_env["REDIS_URL"] == "redis://redis:6379/0"


def test_compose_worker_runs_the_tasks_once_web_has_migrated(project):
    services = yaml.safe_load((project / "docker-compose.yml").read_text())["services"]
    worker, web = services["worker"], services["web"]

    assert worker["build"] == web["build"]
    assert worker["command"] == ["python", "manage.py", "db_worker"]
    assert worker["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert worker["healthcheck"] == {"disable": True}
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOWED_HOSTS"):
        assert worker["environment"][name] == web["environment"][name], name


def test_every_compose_variable_is_in_the_hook_written_env_or_has_a_default(project):
    text = (project / "docker-compose.yml").read_text()
    # Compose interpolates values, not YAML comments.
    content = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    used = COMPOSE_VARIABLE.findall(content)
    defaulted = {name for name, operator in used if operator in {"-", ":-"}}
    required = {name for name, _ in used} - defaulted

    assert required == {"DJANGO_SECRET_KEY", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
    assert required <= env_file_keys(project)
    # The db service and the web service's DATABASE_URL use the same credentials.
    db_env = yaml.safe_load(text)["services"]["db"]["environment"]
    assert {value.split(":")[0].removeprefix("${") for value in db_env.values()} == {
        "POSTGRES_DB",
        "POSTGRES_USER",
        "POSTGRES_PASSWORD",
    }


def test_without_docker_there_is_no_docker_file_but_gunicorn_config_stays(cookies_session):
    result = cookies_session.bake(extra_context={"use_docker": False})
    project = result.project_path

    assert [name for name in DOCKER_FILES if (project / name).exists()] == []
    assert (project / "gunicorn.conf.py").is_file()
    assert "## Docker" not in (project / "README.md").read_text()


# The container's start, outside a container.


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def entrypoint(project, venv, env, *command):
    """docker/entrypoint.sh as the container runs it, with the venv's python first on PATH."""
    return subprocess.Popen(
        ["docker/entrypoint.sh", *command],
        cwd=project,
        env={**tools_env(), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def table_count(project, venv, env):
    probe = (
        "import django; django.setup(); from django.db import connection; "
        "print(len(connection.introspection.table_names()))"
    )
    result = run_in_project(project, venv, "python", "-c", probe, env=env)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def wait_healthy(project, venv, env, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        check = run_in_project(project, venv, "python", "docker/healthcheck.py", env=env)
        if check.returncode == 0:
            return check
        assert server.poll() is None, server.communicate()
        time.sleep(0.5)
    pytest.fail(f"/health/ never answered 200: {check.stderr}")
    return None


def fetch(url, headers):
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_entrypoint_migrates_when_told_then_gunicorn_serves_healthy_https_and_static(project, venv):
    require_services()
    port = free_port()
    with fresh_database(project, venv) as database_url:
        env = production_env(
            database_url,
            DJANGO_MIGRATE="1",
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="1",
        )
        # The Dockerfile's build step.
        collected = run_in_project(
            project, venv, "python", "manage.py", "collectstatic", "--noinput", env=env
        )
        assert collected.returncode == 0, collected.stderr

        server = entrypoint(
            project, venv, env, "gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"
        )
        try:
            wait_healthy(project, venv, env, server)
            base = f"http://127.0.0.1:{port}"
            host = {"Host": "api.example.com"}
            https = {**host, "X-Forwarded-Proto": "https"}
            plain_http = fetch(f"{base}/api/products/", host)
            api = fetch(f"{base}/api/products/", https)
            static = fetch(f"{base}/static/admin/css/base.css", https)
            unknown_host = fetch(f"{base}/health/", {"Host": "evil.example.com"})
        finally:
            server.terminate()
            stdout, stderr = server.communicate(timeout=30)
        migrated_tables = table_count(project, venv, env)

    assert plain_http[0] == 301
    assert plain_http[1]["Location"] == "https://api.example.com/api/products/"
    assert api[0] == 401
    assert api[1]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert static[0] == 200
    assert static[1]["Content-Type"].startswith("text/css")
    assert unknown_host[0] == 400
    assert migrated_tables > 10
    assert "Applying users.0001_initial... OK" in stdout
    log_lines = [line for line in stdout.splitlines() if line.startswith("{")]
    access = [json.loads(line) for line in log_lines if '"gunicorn.access"' in line]
    assert any('"GET /health/ HTTP/1.1" 200' in entry["message"] for entry in access)
    # One line per request, with the request id its response carried.
    assert all(set(entry) >= {"request_id", "duration_ms"} for entry in access)
    assert all(set(json.loads(line)) >= {"time", "level", "logger"} for line in log_lines)
    assert "Traceback" not in stderr


def test_entrypoint_runs_no_migration_unless_told(project, venv):
    require_services()
    with fresh_database(project, venv) as database_url:
        env = production_env(database_url)
        started = entrypoint(project, venv, env, "echo", "started")
        stdout, stderr = started.communicate(timeout=120)

        tables = table_count(project, venv, env)

    assert started.returncode == 0, stderr
    assert stdout == "started\n"
    assert tables == 0


def test_entrypoint_gives_up_when_postgresql_never_answers(project, venv):
    closed = free_port()
    env = production_env(
        f"postgres://postgres@127.0.0.1:{closed}/postgres", DJANGO_DB_WAIT_SECONDS="2"
    )

    began = time.monotonic()
    started = entrypoint(project, venv, env, "echo", "started")
    stdout, stderr = started.communicate(timeout=120)
    waited = time.monotonic() - began

    assert started.returncode != 0
    assert stdout == ""
    # It kept trying for the 2 seconds (how many attempts fit depends on the
    # machine's load: one connection attempt starts Django), then gave up.
    assert waited >= 2
    assert "PostgreSQL did not answer within 2s" in stderr
    assert "Connection refused" in stderr
