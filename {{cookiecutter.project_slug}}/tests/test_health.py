"""/health/live/ (liveness) and /health/ (readiness): public, unthrottled, honest."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def database_down():
    """Every query fails, as when PostgreSQL is stopped."""
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    )


def test_readiness_answers_200_when_the_database_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_readiness_answers_503_when_the_database_does_not(client):
    with database_down():
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}


def test_liveness_answers_200_with_the_database_down(client, django_assert_num_queries):
    with database_down(), django_assert_num_queries(0):
        response = client.get("/health/live/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/health/", "/health/live/"])
def test_probes_ignore_credentials_even_invalid_ones(client, path):
    response = client.get(path, HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/health/", "/health/live/"])
def test_probes_refuse_writes(client, path):
    response = client.post(path)

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}
