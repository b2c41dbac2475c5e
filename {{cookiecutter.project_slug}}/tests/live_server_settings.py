"""Settings of the gunicorn that test_concurrency.py starts: the test settings, on
the Redis that its workers share as in production, with cache keys of its own, so
that each server starts with no throttle counts and never touches another
process's keys."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

CACHES = {"default": env.cache("REDIS_URL")}
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX")
