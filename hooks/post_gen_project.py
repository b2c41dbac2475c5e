"""Finish the generated project: secrets, switched-off options, next steps.

Idempotent by design: `cruft update` and a second run over the same folder
keep the existing `.env` (and its secrets) and remove nothing that is needed.
No network access. Every bake waits for this script, so it imports little,
and `shutil` only where it is needed.
"""

import os

# Rendered by cookiecutter: `pprint` writes an answer as a Python literal (its
# repr), and the options are booleans, which render as True and False.
PROJECT_SLUG = {{cookiecutter.project_slug | pprint}}
PYTHON_VERSION = {{cookiecutter.python_version | pprint}}
USE_DOCKER = {{cookiecutter.use_docker}}
USE_GITHUB_ACTIONS = {{cookiecutter.use_github_actions}}
USE_KUBERNETES = {{cookiecutter.use_kubernetes}}
USE_SENTRY = {{cookiecutter.use_sentry}}

DOCKER_PATHS = ["Dockerfile", "docker-compose.yml", ".dockerignore", "docker"]
GITHUB_ACTIONS_PATHS = [".github"]
KUBERNETES_PATHS = ["deploy", ".checkov.yaml"]
SENTRY_PATHS = ["config/sentry.py", "tests/test_sentry.py"]
# Files without Sentry, each of which replaces its namesake in the folder above
# when Sentry is not wanted: the requirements without sentry-sdk, and the
# production settings without the block that starts it.
WITHOUT_SENTRY_FOLDERS = ["requirements/without-sentry", "config/settings/without-sentry"]


def random_secret(length):
    """`length` hex characters from the OS's cryptographic source (what `secrets` uses)."""
    return os.urandom(length // 2).hex()


def remove_paths(paths):
    import shutil

    for path in paths:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)


def remove_switched_off_options():
    if not USE_DOCKER:
        remove_paths(DOCKER_PATHS)
    if not USE_GITHUB_ACTIONS:
        remove_paths(GITHUB_ACTIONS_PATHS)
    # The manifests deploy the Docker image: without it there is nothing to deploy.
    if not (USE_KUBERNETES and USE_DOCKER):
        remove_paths(KUBERNETES_PATHS)
    if not USE_SENTRY:
        remove_paths(SENTRY_PATHS)
        for folder in WITHOUT_SENTRY_FOLDERS:
            for name in os.listdir(folder):
                os.replace(f"{folder}/{name}", f"{os.path.dirname(folder)}/{name}")
    remove_paths(WITHOUT_SENTRY_FOLDERS)


def env_file_content(slug):
    return (
        "# Written by the template's post-generation hook for this project only.\n"
        "# Never commit this file: it is git-ignored. .env.example lists the keys.\n"
        f"DJANGO_SECRET_KEY={random_secret(64)}\n"
        f"POSTGRES_DB={slug}\n"
        f"POSTGRES_USER={slug}\n"
        f"POSTGRES_PASSWORD={random_secret(32)}\n"
    )


def write_env_file():
    """Write .env once, readable by its owner only; an existing one keeps its secrets."""
    try:
        descriptor = os.open(".env", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with open(descriptor, "w") as env_file:
        env_file.write(env_file_content(PROJECT_SLUG))
    return True


def print_next_steps(wrote_env):
    env_line = (
        "Wrote .env with a fresh DJANGO_SECRET_KEY and PostgreSQL credentials."
        if wrote_env
        else "Kept the existing .env and its secrets."
    )
    print(
        f"\n{env_line}\n\n"
        "Next steps:\n"
        f"  cd {PROJECT_SLUG}\n"
        f"  python{PYTHON_VERSION} -m venv .venv\n"
        "  .venv/bin/pip install -r requirements/local.txt\n"
        "  .venv/bin/python manage.py migrate\n"
        "  .venv/bin/python manage.py create_demo_users\n"
        "  .venv/bin/python manage.py runserver 127.0.0.1:8000\n"
        "  .venv/bin/pytest\n"
        "See README.md for the environment variables"
        + (" and the docker compose commands." if USE_DOCKER else ".")
    )


def main():
    remove_switched_off_options()
    wrote_env = write_env_file()
    print_next_steps(wrote_env)


if __name__ == "__main__":
    main()
