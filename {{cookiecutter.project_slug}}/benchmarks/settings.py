"""Production settings, with the ceiling view's URL and cache keys of the benchmark's own."""

from config.settings.production import *  # noqa: F403
from config.settings.production import CACHES, env

ROOT_URLCONF = "benchmarks.urls"
# Throttle counters apart from any other user of the same Redis.
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX")
