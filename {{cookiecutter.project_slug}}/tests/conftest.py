import gc

import pytest
from django.core.cache import cache
from django_tasks import default_task_backend
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from .factories import AdminFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def task_queue(settings):
    """Holds enqueued tasks instead of running them: `task_queue.results` lists them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def jwt_client():
    """Makes an APIClient that sends a user's real access token, as clients do."""

    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
        return client

    return make


@pytest.fixture
def client_user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def documented_defaults(settings):
    """The defaults .env.example documents, from its commented `# KEY=value` lines."""
    defaults = {}
    for line in (settings.BASE_DIR / ".env.example").read_text().splitlines():
        key, equals, value = line.removeprefix("# ").partition("=")
        if line.startswith("# ") and equals and key.isupper():
            defaults[key] = value
    return defaults


def pytest_collection_finish(session):
    """Moves what start-up made (Django, the apps, the collected tests) out of the
    garbage collector's reach: it lives to the end of the run, and scanning it again
    at every full collection was a tenth of the suite's time."""
    gc.freeze()
