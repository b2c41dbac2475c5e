"""Settings for deployments. Every secret and address comes from the environment."""

from .base import *  # noqa: F403
from .base import DATABASE_ENGINE, env

DEBUG = False

# Each of these raises ImproperlyConfigured naming the variable when it is unset.
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL", engine=DATABASE_ENGINE)}
CACHES = {"default": env.cache("REDIS_URL")}

# On Kubernetes, the web pods get their own address in POD_IP (the downward
# API): Prometheus scrapes each pod's /metrics at that address.
if POD_IP := env("POD_IP", default=""):
    # An IPv6 address comes bracketed in the Host header.
    ALLOWED_HOSTS.append(f"[{POD_IP}]" if ":" in POD_IP else POD_IP)

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# SECURITY: HTTPS only. TLS ends at the proxy in front, which must set
# X-Forwarded-Proto (and strip it from clients' requests).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Health probes (Kubernetes', Docker's HEALTHCHECK, load balancers) and
# Prometheus' scrapes come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/(live/)?$", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# STATIC: collected into the image at build time, served by WhiteNoise with
# hashed names (cached forever) and precompressed copies.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# EMAIL: the task worker sends the emails through this SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# Seconds before an unresponsive server is given up on, so a task cannot hang.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
