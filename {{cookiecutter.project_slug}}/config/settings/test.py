"""Settings for the test suite: fast and isolated, with production's rules."""

import os
import tempfile
from pathlib import Path

from config.embedded_postgres import database_settings

from .base import *  # noqa: F403
from .base import DATABASE_ENGINE, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-test-only-key-not-for-any-deployment")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# DATABASE_URL when set (CI points it at a PostgreSQL service); otherwise an
# embedded PostgreSQL in a throwaway folder, deleted when the run ends. pytest
# starts it before its xdist workers, which inherit the environment: its
# DATABASE_URL (each worker makes a test database of its own there) and its folder.
EMBEDDED_POSTGRES_DIR = Path(
    os.environ.setdefault(
        "EMBEDDED_POSTGRES_DIR", str(Path(tempfile.gettempdir()) / f"pytest-pgdata-{os.getpid()}")
    )
)
DATABASES = {"default": database_settings(EMBEDDED_POSTGRES_DIR, keep_data=False)}
DATABASES["default"]["ENGINE"] = DATABASE_ENGINE

# A cache in each test process, which the tests clear: xdist's workers must not
# clear each other's throttle counts in a shared Redis. Redis itself is tested
# where sharing matters (test_rate_limiting, test_concurrency).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# MD5 makes creating users in tests fast; never use it elsewhere.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, inside the request, so tests see their effects.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests log in the users their factories make; the tests of the rule turn it on.
REQUIRE_VERIFIED_EMAIL = False
