"""Production settings refuse to start misconfigured and pass Django's deployment checks."""

import json

import pytest

from .conftest import run_in_project
from .tools import check_deploy, production_env

pytestmark = pytest.mark.slow

REQUIRED = ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOWED_HOSTS"]
# Production settings only parse these URLs: nothing here connects to them.
UNREACHED_DATABASE_URL = "postgres://app:secret@db.internal:5432/app"

SETTINGS_PROBE = """
import json, logging
from django.conf import settings
import django
django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": database["CONN_HEALTH_CHECKS"],
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "RENDERERS": settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"],
    "STATICFILES_STORAGE": settings.STORAGES["staticfiles"]["BACKEND"],
    "MIDDLEWARE": settings.MIDDLEWARE,
}))
logging.getLogger("my.module").warning("disk %s full", "/data", extra={"percent": 97})
"""


def test_check_deploy_reports_no_issue_with_a_sensible_environment(default_project, default_venv):
    result = check_deploy(default_project, default_venv, UNREACHED_DATABASE_URL)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_missing_required_variable_stops_start_up_naming_it(
    default_project, default_venv, missing
):
    env = production_env(UNREACHED_DATABASE_URL)
    del env[missing]

    result = run_in_project(default_project, default_venv, "python", "manage.py", "check", env=env)

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        f"django.core.exceptions.ImproperlyConfigured: Set the {missing} environment variable"
    )


def test_production_is_https_only_pools_connections_and_logs_json_to_stdout(
    default_project, default_venv
):
    result = run_in_project(
        default_project,
        default_venv,
        "python",
        "-c",
        SETTINGS_PROBE,
        env=production_env(UNREACHED_DATABASE_URL),
    )
    assert result.returncode == 0, result.stderr
    settings_line, log_line = result.stdout.strip().splitlines()
    settings = json.loads(settings_line)
    log = json.loads(log_line)

    assert settings["DEBUG"] is False
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert settings["CONN_MAX_AGE"] == 60
    assert settings["CONN_HEALTH_CHECKS"] is True
    assert settings["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    # No browsable API: JSON is the only renderer.
    assert settings["RENDERERS"] == ["drf_orjson_renderer.renderers.ORJSONRenderer"]
    assert settings["STATICFILES_STORAGE"].startswith("whitenoise.")
    # WhiteNoise right after SecurityMiddleware, as its documentation asks.
    middleware = settings["MIDDLEWARE"]
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware[whitenoise - 1] == "django.middleware.security.SecurityMiddleware"
    assert log["message"] == "disk /data full"
    assert log["level"] == "WARNING"
    assert log["logger"] == "my.module"
    assert log["percent"] == 97
    assert "time" in log
    assert result.stderr == ""


SENTRY_PROBE = """
import json
import django
import sentry_sdk
django.setup()
client = sentry_sdk.get_client()
print(json.dumps({
    "active": client.is_active(),
    "release": client.options["release"],
    "environment": client.options["environment"],
    "personal_data": client.should_send_default_pii(),
    "integrations": sorted(client.integrations),
}))
"""


def sentry_state(project, venv, **env):
    result = run_in_project(
        project,
        venv,
        "python",
        "-c",
        SENTRY_PROBE,
        env=production_env(UNREACHED_DATABASE_URL, **env),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sentry_reports_with_the_release_and_environment_once_its_dsn_is_set(
    default_project, default_venv
):
    sentry = sentry_state(
        default_project,
        default_venv,
        # Parsed only: nothing is sent unless an error happens.
        SENTRY_DSN="https://public-key@sentry.example.com/1",
        SENTRY_ENVIRONMENT="staging",
    )

    assert sentry["active"] is True
    assert sentry["release"] == "my_api@0.1.0"
    assert sentry["environment"] == "staging"
    assert sentry["personal_data"] is False
    assert "django" in sentry["integrations"]


def test_sentry_stays_off_without_a_dsn(default_project, default_venv):
    assert sentry_state(default_project, default_venv)["active"] is False


METRICS_PROBE = """
import json, sys
import django
from django.test import Client
django.setup()
client = Client()
print(json.dumps({host: client.get("/metrics", headers={"Host": host}).status_code
                  for host in sys.argv[1:]}))
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"POD_IP": "10.1.2.3"}, {"10.1.2.3:8000": 200, "10.1.2.4:8000": 400}),
        ({"POD_IP": "fd00::17"}, {"[fd00::17]:8000": 200}),
        ({}, {"10.1.2.3:8000": 400}),
    ],
    ids=["pod address", "IPv6 pod address", "no POD_IP"],
)
def test_prometheus_scrapes_metrics_at_the_pods_address_once_pod_ip_gives_it(
    default_project, default_venv, env, expected
):
    """Prometheus asks each pod at its IP, the Host that Kubernetes passes in POD_IP."""
    result = run_in_project(
        default_project,
        default_venv,
        "python",
        "-c",
        METRICS_PROBE,
        *expected,
        env=production_env(UNREACHED_DATABASE_URL, **env),
    )

    assert result.returncode == 0, result.stderr
    # The last line: a refused host is also logged (as JSON, to stdout).
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected
