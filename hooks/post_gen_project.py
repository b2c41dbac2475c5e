"""Finish the generated project: secrets, switched-off options, next steps.

Idempotent by design: `cruft update` and a second run over the same folder
keep the existing `.env` (and its secrets) and remove nothing that is needed.
No network access. It imports little, since every bake waits for it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

ANSWERS = json.loads(r"""{{ cookiecutter | tojson }}""")
PROJECT_DIR = Path.cwd()

DOCKER_PATHS = ["Dockerfile", "docker-compose.yml", ".dockerignore", "docker"]
GITHUB_ACTIONS_PATHS = [".github"]


def random_secret(length):
    """`length` hex characters from the OS's cryptographic source (what `secrets` uses)."""
    return os.urandom(length // 2).hex()


def remove_paths(paths):
    for name in paths:
        path = PROJECT_DIR / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def remove_switched_off_options(answers):
    if not answers["use_docker"]:
        remove_paths(DOCKER_PATHS)
    if not answers["use_github_actions"]:
        remove_paths(GITHUB_ACTIONS_PATHS)


def env_file_content(answers):
    slug = answers["project_slug"]
    return (
        "# Written by the template's post-generation hook for this project only.\n"
        "# Never commit this file: it is git-ignored. .env.example lists the keys.\n"
        f"DJANGO_SECRET_KEY={random_secret(64)}\n"
        f"POSTGRES_DB={slug}\n"
        f"POSTGRES_USER={slug}\n"
        f"POSTGRES_PASSWORD={random_secret(32)}\n"
    )


def write_env_file(answers):
    """Write .env once; an existing one keeps its secrets."""
    env_file = PROJECT_DIR / ".env"
    if env_file.exists():
        return False
    env_file.write_text(env_file_content(answers))
    env_file.chmod(0o600)
    return True


def template_commit(repo_dir):
    """HEAD of the template's git checkout, or None (not a clone, or no git)."""
    try:
        result = subprocess.run(
            ["git", "-C", repo_dir, "rev-parse", "--verify", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def record_template_commit(answers):
    """Give .cruft.json the template's commit when the bake did not name one.

    `cruft create` and `cookiecutter --checkout` record it already; a plain
    `cookiecutter` bake from a git clone (`gh:...` or a local one) learns it here,
    so `cruft check` and `cruft update` work for that project too.
    """
    cruft_file = PROJECT_DIR / ".cruft.json"
    state = json.loads(cruft_file.read_text())
    # cruft renders without `_repo_dir` and records the commit itself.
    repo_dir = Path(answers.get("_repo_dir", ""))
    # A relative template path names no place cruft could find again.
    if state["commit"] or not repo_dir.is_absolute():
        return
    commit = template_commit(str(repo_dir))
    if commit:
        state["commit"] = commit
        cruft_file.write_text(json.dumps(state, indent=2) + "\n")


def print_next_steps(answers, wrote_env):
    slug = answers["project_slug"]
    env_line = (
        "Wrote .env with a fresh DJANGO_SECRET_KEY and PostgreSQL credentials."
        if wrote_env
        else "Kept the existing .env and its secrets."
    )
    print(
        f"\n{env_line}\n\n"
        "Next steps:\n"
        f"  cd {slug}\n"
        "  python3 -m venv .venv && .venv/bin/pip install -r requirements/local.txt\n"
        "  .venv/bin/python manage.py migrate\n"
        "  .venv/bin/python manage.py create_demo_users\n"
        "  .venv/bin/python manage.py runserver 127.0.0.1:8000\n"
        "  .venv/bin/pytest\n"
        "See README.md for the environment variables"
        + (" and the docker compose commands." if answers["use_docker"] else ".")
    )


def main():
    remove_switched_off_options(ANSWERS)
    record_template_commit(ANSWERS)
    wrote_env = write_env_file(ANSWERS)
    print_next_steps(ANSWERS, wrote_env)


if __name__ == "__main__":
    main()
