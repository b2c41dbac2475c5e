"""Settings shared by every environment. Values that differ come from the environment."""

import tomllib
from datetime import timedelta
from pathlib import Path

import environ
import orjson

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "{{ cookiecutter.project_slug }}"

env = environ.Env()

# GENERAL
# Shown in the API docs and in emails.
PROJECT_NAME = "{{ cookiecutter.project_name }}"
# The version and description, stated once: in pyproject.toml.
PYPROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DEBUG = env.bool("DJANGO_DEBUG", default=False)
TIME_ZONE = "{{ cookiecutter.timezone }}"
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# APPS
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # PostgreSQL's indexes and migration operations (product search's trigram index).
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    # Swagger UI's files, served from static files instead of a CDN.
    "drf_spectacular_sidecar",
    # Background tasks (Django 6's tasks API, backported), stored in PostgreSQL.
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "django_prometheus",
    "{{ cookiecutter.project_slug }}.api",
    "{{ cookiecutter.project_slug }}.users",
    "{{ cookiecutter.project_slug }}.authentication",
    "{{ cookiecutter.project_slug }}.products",
    "{{ cookiecutter.project_slug }}.orders",
]

# DATABASE: each environment reads DATABASE_URL; every one uses Django's
# PostgreSQL backend wrapped by django-prometheus, which counts the queries.
DATABASE_ENGINE = "django_prometheus.db.backends.postgresql"

# AUTHENTICATION
AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Seconds a password reset link stays valid; using it, or any change of the
# password, voids it sooner.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)
# The page of the client app that asks for the new password; the email links to it.
PASSWORD_RESET_URL = env(
    "PASSWORD_RESET_URL",
    default="http://localhost:3000/reset-password?uid={uid}&token={token}",
)
# The page of the client app that verifies an email address; the email links to it.
# Its links are valid PASSWORD_RESET_TIMEOUT seconds too.
EMAIL_VERIFICATION_URL = env(
    "EMAIL_VERIFICATION_URL",
    default="http://localhost:3000/verify-email?uid={uid}&token={token}",
)
# Whether login refuses users who have not verified their email address.
REQUIRE_VERIFIED_EMAIL = env.bool("REQUIRE_VERIFIED_EMAIL", default={{ cookiecutter.require_verified_email }})

# MIDDLEWARE
MIDDLEWARE = [
    # First and last: the metrics time and count everything in between.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Next, so that every log line of the request carries its id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves the collected static files (the admin's) without a separate server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, which may answer first (its redirects), so that a
    # preflight gets its CORS headers. Static files are never under /api/.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# STATIC
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves what collectstatic put in STATIC_ROOT (the Docker image runs
# it at build time). Where it has not run (development, tests), it looks files
# up in the apps' static folders on each request instead of warning that the
# folder is missing.
WHITENOISE_AUTOREFRESH = not STATIC_ROOT.is_dir()
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH

# TEMPLATES (the admin's)
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# EMAIL
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL",
    default=f"{PROJECT_NAME} <noreply@localhost>",
)

# BACKGROUND TASKS: emails leave the request. Tasks wait in PostgreSQL until a
# worker (`manage.py db_worker`) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# CORS: which browser apps on other origins may call /api/ (the admin and
# /health/ stay same-origin). Exact origins such as https://app.example.com;
# none by default, so a deployment opens the API to a front end on purpose.
CORS_ALLOWED_ORIGINS = env.list("DJANGO_CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/"
# Clients send the JWT in the Authorization header, which corsheaders allows by
# default with Content-Type. No cookie authenticates a request, so credentialed
# requests stay refused (CORS_ALLOW_CREDENTIALS is False): a cross-origin page
# can never ride on a browser's admin session.
# The request id lets a browser app quote the request in a bug report.
CORS_EXPOSE_HEADERS = ["X-Request-ID"]

# DJANGO REST FRAMEWORK
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    # Every view's rights come from the policy table (API_POLICY), or from its own
    # `permission_classes`.
    "DEFAULT_PERMISSION_CLASSES": [f"{APPS_DIR.name}.api.permissions.PolicyPermission"],
    # JSON through orjson, several times faster than DRF's json-module renderer and parser.
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    # Datetimes go to orjson as they are, which writes them as DRF would (RFC 3339,
    # Z for UTC) at a fraction of the cost; always in UTC, whatever TIME_ZONE says.
    "DATETIME_FORMAT": None,
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_UTC_Z,),
    "DEFAULT_PARSER_CLASSES": [f"{APPS_DIR.name}.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": f"{APPS_DIR.name}.api.pagination.StandardPagination",
    "EXCEPTION_HANDLER": f"{APPS_DIR.name}.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": f"{APPS_DIR.name}.api.schema.PolicyAutoSchema",
    # Throttles only the views that name a `throttle_scope`, at that scope's rate:
    # DRF's ScopedRateThrottle, made exact across worker processes.
    "DEFAULT_THROTTLE_CLASSES": [f"{APPS_DIR.name}.api.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "login": env(
            "LOGIN_THROTTLE_RATE",
            default="{{ cookiecutter.login_throttle_rate }}",
        ),
        "register": env("REGISTER_THROTTLE_RATE", default="10/hour"),
        "refresh": env("REFRESH_THROTTLE_RATE", default="30/minute"),
        "password_change": env("PASSWORD_CHANGE_THROTTLE_RATE", default="10/hour"),
        # Reset requests per client IP, and per email address whatever the IP.
        "password_reset": env("PASSWORD_RESET_THROTTLE_RATE", default="10/hour"),
        "password_reset_email": env("PASSWORD_RESET_EMAIL_THROTTLE_RATE", default="3/hour"),
        "password_reset_confirm": env("PASSWORD_RESET_CONFIRM_THROTTLE_RATE", default="10/hour"),
        "email_verification": env("EMAIL_VERIFICATION_THROTTLE_RATE", default="10/hour"),
        "email_verification_resend": env(
            "EMAIL_VERIFICATION_RESEND_THROTTLE_RATE", default="3/hour"
        ),
        "logout_all": env("LOGOUT_ALL_THROTTLE_RATE", default="10/hour"),
        "account_deletion": env("ACCOUNT_DELETION_THROTTLE_RATE", default="5/hour"),
    },
    # Proxies in front of the app that append to X-Forwarded-For. 0 ignores the
    # header, so a client cannot pick its own address to dodge the throttles.
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
}

# Lists count their rows exactly up to this many; above, they take PostgreSQL's
# estimate, whose cost does not grow with the table (api/pagination.py).
PAGINATION_EXACT_COUNT_LIMIT = 10_000

# Who may do what: the table of roles per resource and action, read by the API's
# permission class, querysets, schema and system checks.
API_POLICY = f"{APPS_DIR.name}.policy.POLICY"

# OPENAPI: /api/schema/ and its Swagger UI at /api/docs/, public and unthrottled.
SPECTACULAR_SETTINGS = {
    "TITLE": PROJECT_NAME,
    "DESCRIPTION": PYPROJECT["description"],
    "VERSION": PYPROJECT["version"],
    # The schema documents the API, not the schema endpoint itself.
    "SERVE_INCLUDE_SCHEMA": False,
    # Operations are named and grouped after the path below /api/ (`me_retrieve`,
    # tag `products`), as clients generated from the schema name them; /health/
    # lies outside it and keeps its own tag.
    "SCHEMA_PATH_PREFIX": "/api/",
    # No authentication: a stale token in the browser cannot lock anyone out of the docs.
    "SERVE_AUTHENTICATION": [],
    # Separate request and response components: read-only fields such as `id` and
    # `created_by` are not asked of clients.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from swagger.io's online validator: the page loads nothing from outside.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# SIMPLE JWT
# Lifetimes default to the answers given when the project was generated.
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(
        minutes=env.int(
            "JWT_ACCESS_TOKEN_LIFETIME_MINUTES",
            default={{ cookiecutter.access_token_lifetime_minutes | int }},
        ),
    ),
    "REFRESH_TOKEN_LIFETIME": timedelta(
        days=env.int(
            "JWT_REFRESH_TOKEN_LIFETIME_DAYS",
            default={{ cookiecutter.refresh_token_lifetime_days | int }},
        ),
    ),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
}
# Seconds after a refresh token's rotation during which presenting it again is a
# client racing itself, refused quietly; after them it is reuse of a stolen copy,
# which ends every session of the user.
JWT_REFRESH_REUSE_GRACE_SECONDS = env.int("JWT_REFRESH_REUSE_GRACE_SECONDS", default=10)

# CACHE: the throttles' counters live here. Redis when REDIS_URL is set, so that
# every worker process shares them; local memory (one process) otherwise.
CACHES = {"default": env.cache("REDIS_URL", default="locmemcache://")}

# REQUEST ID: taken from the proxy's X-Request-ID when it is a UUID (anything
# else is replaced, so a client cannot write arbitrary text into the logs),
# generated otherwise; echoed in the response and added to every log line.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    # Access-Control-Expose-Headers is the CORS settings' business: django-guid
    # would overwrite theirs.
    "EXPOSE_HEADER": False,
}

# LOGGING: one JSON object per line on stdout, for the platform's log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        },
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers print only with DEBUG or mail ADMINS: send its
        # records to the root's JSON handler instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # django-guid says at INFO, for every request, whether the header came.
        "django_guid": {"level": "WARNING"},
    },
}
