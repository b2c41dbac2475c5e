"""Settings for development on your machine (manage.py's default)."""

from pathlib import Path

import environ

# Read .env first: base.py reads the environment as it is imported.
environ.Env.read_env(Path(__file__).resolve().parent.parent.parent / ".env")

from config.embedded_postgres import database_settings  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, DATABASE_ENGINE, env  # noqa: E402

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# DATABASE_URL when set; otherwise an embedded PostgreSQL whose data is kept in
# .pgdata/ (git-ignored) between runs.
DATABASES = {"default": database_settings(BASE_DIR / ".pgdata", keep_data=True)}
DATABASES["default"]["ENGINE"] = DATABASE_ENGINE

# The usual front-end dev servers (Vite's 5173, Create React App's and Next.js's
# 3000) may call the API from the browser.
CORS_ALLOWED_ORIGINS = env.list(
    "DJANGO_CORS_ALLOWED_ORIGINS",
    default=[
        "http://localhost:5173",
        "http://127.0.0.1:5173",
        "http://localhost:3000",
        "http://127.0.0.1:3000",
    ],
)

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)

# Tasks run at once, inside the request, unless told otherwise: no worker to
# start. DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend queues them in
# PostgreSQL as production does, for `manage.py db_worker` to run.
TASKS = {
    "default": {
        "BACKEND": env(
            "DJANGO_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
