"""Settings of the gunicorn that test_concurrency.py starts: the test settings, with
cache keys of its own, so that each server starts with no throttle counts and never
touches another process's keys in a shared Redis."""

from config.settings.test import *  # noqa: F403
from config.settings.test import CACHES, env

CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX")
